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
 * ZooKeeper implementation of the master group; private to the bundle (no {@code @Export}).
 *
 * <p>Each contender and detector is an actor: one {@link org.agora.discovery.internal.Mailbox} thread owns its
 * state, and every Curator callback (background results, watches, connection-state changes) is handed to it, so
 * there are no locks. Listener callbacks leave through the caller's executor.
 */
package org.agora.discovery.internal;
