/** Reading component configuration with errors that name the key and the problem. */
@Export
@Version("1.0.0")
package org.agora.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
