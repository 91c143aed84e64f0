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
 * The {@code network/cni} isolator: CNI network configurations read from {@code network.cni.config.dir} ({@code
 * CniConfig}, {@code CniNetworks}), a network namespace per container bound under the runtime directory ({@code
 * NetworkNamespaces}), the plugins run for ADD and DEL ({@code CniPlugins}, {@code CniResult}), and what was attached
 * recorded on disk so that recovery can release it ({@code ContainerNetworkStore}, {@code Attachment}).
 */
package org.agora.isolator.network.cni.internal;
