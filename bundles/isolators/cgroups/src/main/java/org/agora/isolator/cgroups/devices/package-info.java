/**
 * The containers' devices cgroups (cgroup v1), as the {@code cgroups/devices} isolator sets them up, for isolators
 * that grant devices of their own ({@code gpu/nvidia}): they add rules to the one devices cgroup of a container
 * instead of keeping a second one, so no isolator's {@code devices.deny a} erases another's allow list.
 */
@Export
@Version("1.0.0")
package org.agora.isolator.cgroups.devices;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
