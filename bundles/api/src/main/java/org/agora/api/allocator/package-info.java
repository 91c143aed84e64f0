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
 * The allocator SPI: the policy that decides which framework is offered which agent resources. The master holds one
 * active allocator (a DS service), feeds it every change through {@link org.agora.api.allocator.Allocator} and turns
 * its decisions into offers; replacing the bundle re-seeds a fresh instance from the master's state.
 */
@Export
@Version("1.1.0")
package org.agora.api.allocator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
