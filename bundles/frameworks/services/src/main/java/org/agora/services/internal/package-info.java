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
 * The services scheduler's wiring: the DS component that reads {@code org.agora.services} ({@code
 * ServicesConfiguration}), elects a leader and starts the scheduler, the REST API and the Karaf commands. The parts
 * live in the sub-packages: {@code app} (definitions), {@code deploy} (plans), {@code scheduler} (the actor), {@code
 * store} (ZooKeeper), {@code api} (HTTP), {@code events}, {@code instance}, {@code shell}.
 */
package org.agora.services.internal;
