/** Generated protobuf classes (see {@code src/main/proto}); wire types shared by master, agent and plugins. */
@Export
@Version("1.1.0")
package org.agora.api.v1.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
