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
package org.agora.scheduler.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.EventHandler;

/**
 * What a {@link org.agora.scheduler.client.SchedulerClientBuilder} collected.
 *
 * @param master           the master as given: {@code host:port} or {@code zk://...}
 * @param handler          receives events and disconnections
 * @param contentType      encoding of calls and events
 * @param callbackExecutor where callbacks run; empty for a thread of the client's own
 * @param requestTimeout   connect and answer-headers timeout per request
 * @param leaderTimeout    how long to wait for ZooKeeper to name a leader
 * @param failover         the backoff of automatic re-subscriptions; empty when the application re-subscribes
 * @param tls              HTTPS to the master, its certificate checked with this context; empty for plain HTTP
 * @param credentials      HTTP Basic credentials sent with every request; empty for none
 */
public record ClientSettings(String master, EventHandler handler, ContentType contentType,
        Optional<Executor> callbackExecutor, Duration requestTimeout, Duration leaderTimeout,
        Optional<Backoff> failover, Optional<SSLContext> tls, Optional<BasicCredentials> credentials) {

    /** @throws NullPointerException if a component is null */
    public ClientSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(leaderTimeout, "leaderTimeout");
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(credentials, "credentials");
    }
}
