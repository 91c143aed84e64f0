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
 * The master: {@link org.agora.master.internal.MasterComponent} (the DS component: HTTP server, ZooKeeper client,
 * leader election, timers) holds a {@link org.agora.master.internal.Master}, the facade every endpoint calls on the
 * actor thread. While this master leads, a {@link org.agora.master.internal.term.LeaderTerm} holds everything of that
 * leadership; what outlives terms (identity, {@link org.agora.master.internal.Ids}, the detected leader, the allocator
 * service) stays in {@code Master}. Packages by concern: {@code term} (one leadership), {@code agent} (membership),
 * {@code framework} (subscriptions), {@code offer}, {@code task} (launch and task life), {@code role} (weights, quota,
 * reservations), {@code allocation} (the allocator service), {@code registry} (ZooKeeper), {@code http}, {@code shell}.
 */
package org.agora.master.internal;
