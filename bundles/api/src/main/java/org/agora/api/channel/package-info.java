/** The master-agent channel protocol (generated from {@code agora/channel.proto}) and the names of its additions. */
@Export
@Version("1.1.0")
package org.agora.api.channel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
