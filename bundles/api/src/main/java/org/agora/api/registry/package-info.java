/** The master registry's record formats (generated from {@code agora/registry.proto}). */
@Export
@Version("1.0.0")
package org.agora.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
