/**
 * The isolator SPI: one isolation mechanism (a cgroup controller, a namespace, disk accounting, GPUs) that the
 * containerizer applies around every container it launches. Isolators are DS services; the agent selects them by
 * {@link org.agora.api.isolator.Isolator#name()} through its {@code isolation} option.
 */
@Export
@Version("1.0.0")
package org.agora.api.isolator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
