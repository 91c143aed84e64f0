/**
 * Hooks: small pure functions the master and agent call around a task's launch. Any number may be installed;
 * they are added and removed at runtime without affecting running tasks.
 */
@Export
@Version("1.0.0")
package org.agora.api.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
