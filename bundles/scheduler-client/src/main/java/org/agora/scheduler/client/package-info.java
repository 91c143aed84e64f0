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
 * A client for the Mesos v1 scheduler HTTP API ({@code POST /api/v1/scheduler}), for frameworks, tools and tests.
 *
 * <p>{@link org.agora.scheduler.client.SchedulerClient} subscribes a framework to the leading master (found from
 * {@code host:port} or a {@code zk://} URL, following {@code 307} redirects), reads the RecordIO event stream on
 * its own thread and hands every event to an {@link org.agora.scheduler.client.EventHandler}; calls (ACCEPT,
 * DECLINE, KILL, ACKNOWLEDGE, ...) return {@link java.util.concurrent.CompletableFuture}s that fail with a
 * {@link org.agora.scheduler.client.CallRejectedException} carrying the master's status code and message when the
 * master does not accept them. A dead stream (closed, broken, or silent for five heartbeat intervals) is reported
 * once per subscription through {@link org.agora.scheduler.client.EventHandler#disconnected}; re-subscribing is
 * the caller's choice ({@link org.agora.scheduler.client.SchedulerClient#resubscribe}), or the client's own with
 * {@link org.agora.scheduler.client.SchedulerClientBuilder#failover}. For {@code zk://} masters the client follows
 * the leader through ZooKeeper watches and re-subscribes to a newly announced leader at once.
 *
 * <p>1.1: {@code SchedulerClientBuilder.failover}, {@code Disconnect.Reason.LEADER_CHANGED} and
 * {@code RESUBSCRIBE_FAILED}, {@code Disconnect.isFinal}, {@code CallRejectedException.master}.
 * 1.2: {@code SchedulerClientBuilder.tls} and {@code https://} masters (HTTPS with the master's certificate checked).
 * 1.3: {@code SchedulerClientBuilder.credentials} (HTTP Basic on every request).
 *
 * <p>The client needs only the JDK ({@code java.net.http}), protobuf and {@code org.agora.api}. {@code zk://}
 * master URLs also need {@code org.agora.discovery} with Curator and ZooKeeper; in OSGi those imports are
 * optional.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.agora.scheduler.client;
