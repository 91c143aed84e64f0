/**
 * The allocator SPI: the policy that decides which framework is offered which agent resources. The master holds one
 * active allocator (a DS service), feeds it every change through {@link org.agora.api.allocator.Allocator} and turns
 * its decisions into offers; replacing the bundle re-seeds a fresh instance from the master's state.
 */
@Export
@Version("1.1.0")
package org.agora.api.allocator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
