/** Facts about Agora itself that every part reports the same way. */
@Export
@Version("1.0.0")
package org.agora.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
