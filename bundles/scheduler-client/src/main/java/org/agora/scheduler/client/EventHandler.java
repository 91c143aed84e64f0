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
package org.agora.scheduler.client;

import org.agora.api.v1.scheduler.Protos.Event;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what the master sends to a subscribed framework.
 *
 * <p>Callbacks run on the client's callback executor (by default one thread per client, see
 * {@link SchedulerClientBuilder#callbackExecutor}), one at a time, in stream order: every event of a subscription,
 * then at most one {@link #disconnected}. A slow handler does not make the client miss heartbeats (the stream is
 * read on another thread), but it delays the events behind it. A handler may make calls, and may call
 * {@link SchedulerClient#resubscribe} from {@link #disconnected}; it must not block waiting for a call's answer
 * when it runs on a caller-supplied executor that the answer needs.
 */
@ConsumerType
public interface EventHandler {

    /**
     * One event of the stream, {@code SUBSCRIBED} and {@code HEARTBEAT} included. {@code UPDATE}s carrying a
     * {@code uuid} must be acknowledged ({@link SchedulerClient#acknowledge}) or the agent sends them again. An
     * {@code OFFERS} event whose stream has ended (or was left for a new leader) before its turn comes is dropped:
     * its offers died with the stream (since 1.1).
     *
     * @param event the event as the master sent it
     */
    void event(Event event);

    /**
     * The event stream of a subscription ended: the master closed it, reading it failed, or it was silent for five
     * heartbeat intervals. Called once per subscription whose stream was opened (a SUBSCRIBE answered
     * {@code 200}), never after {@link SchedulerClient#close()} and not for a stream the caller replaced by
     * subscribing again. Re-subscribing is up to the handler, unless the client was built with
     * {@link SchedulerClientBuilder#failover}: then the client re-subscribes by itself after every report but a
     * {@link Disconnect#isFinal() final} one, and its failed attempts are not reported, only a final failure.
     *
     * @param disconnect why and from which master
     */
    void disconnected(Disconnect disconnect);
}
