/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
/**
 * The image provisioner SPI: how the containerizer gets a container's root file system from a container image
 * (Mesos's provisioner with its Docker store and backends). A provisioner is a DS service; the containerizer calls
 * {@link org.agora.api.image.ImageProvisioner#provision} before it launches a container whose {@code ContainerInfo}
 * names an image, {@link org.agora.api.image.ImageProvisioner#destroy} after the container is gone and
 * {@link org.agora.api.image.ImageProvisioner#recover} when the agent (or the provisioner's bundle) starts again.
 */
@Export
@Version("1.0.0")
package org.agora.api.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
