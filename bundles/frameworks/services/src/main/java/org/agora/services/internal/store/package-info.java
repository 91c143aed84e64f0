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
 * State in ZooKeeper through Curator, one znode per app version, deployment and instance plus the framework id ({@code
 * ServiceStore}); each change is one transaction written before the API answers, and an unavailable ensemble is {@code
 * StoreUnavailableException} (a 503), never half a change.
 */
package org.agora.services.internal.store;
