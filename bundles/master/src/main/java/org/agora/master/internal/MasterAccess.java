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
package org.agora.master.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** How code outside the actor (HTTP handlers on Netty threads, the shell) reaches the master. */
public interface MasterAccess {

    /**
     * Runs {@code query} on the master's actor thread. Fails with a 503 {@code HttpException} while the master is still
     * starting.
     */
    <T> CompletableFuture<T> call(Function<Master, T> query);

    /**
     * Takes the master's snapshot on the actor thread (a cheap copy of references) and hands it to {@code render}
     * on the views thread, never on the actor: serializing a large state (tens of MB at 10,000 agents) must not
     * hold up offers, launches and heartbeats. Fails as {@link #call} does while the master is starting.
     */
    <T> CompletableFuture<T> render(Function<MasterSnapshot, T> render);

    /**
     * The views thread that {@link #render} runs on, for a view written while it is sent: its response's head goes
     * out first, then the document is written here piece by piece (see {@code StreamedView}). One view at a time.
     */
    java.util.concurrent.Executor views();

    MasterSettings settings();

    /** Who must authenticate, and how: for every endpoint before it acts. */
    org.agora.master.internal.security.Guard guard();

    /** What an authenticated (or anonymous) caller may do: for views that filter what they show. */
    org.agora.master.internal.security.Permissions permissions();

    /** This master's logging level, as the operator API's GET_ and SET_LOGGING_LEVEL change it. */
    org.agora.http.LoggingLevel loggingLevel();
}
