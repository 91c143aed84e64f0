/**
 * The rule every id that becomes a file name follows (framework, executor, task and container ids: they name
 * directories of the agent's sandboxes and checkpoints), shared by master and agent so that both refuse the same ids
 * before anything touches the disk.
 */
@Export
@Version("1.0.0")
package org.agora.api.ids;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
