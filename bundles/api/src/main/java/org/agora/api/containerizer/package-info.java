/**
 * The containerizer SPI: how an agent turns a task's command and resources into a running, isolated process tree
 * (launch, wait, destroy, usage, recover). Value types here are shared with the isolator SPI.
 */
@Export
@Version("1.1.0")
package org.agora.api.containerizer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
