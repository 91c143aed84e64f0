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
package org.agora.master.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.security.Action;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.Permissions;

/**
 * {@code GET /master/state}: the Mesos v0 state JSON that the web UI, Mesos-DNS and exporters read. The snapshot is
 * taken on the actor thread (a cheap copy) and written by {@link StateWriter} on the master's views thread (see
 * {@link MasterAccess#render}), so a large state does not hold up the master, and sent in chunks while it is written
 * ({@link StreamedView}).
 */
final class StateEndpoint {
    private final MasterAccess master;
    private final StateWriter writer = new StateWriter();

    StateEndpoint(MasterAccess master) {
        this.master = master;
    }

    CompletableFuture<Response> handle(Request request) {
        return Authenticated.call(master, request, Guard.Need.READONLY, caller -> master.render(snapshot -> {
            Permissions permissions = master.permissions();
            MasterSnapshot s = Views.visible(snapshot, caller, permissions);
            Map<String, String> flags = permissions.allows(caller, Action.VIEW_FLAGS, Optional.empty())
                    ? master.settings().flags() : Map.of();
            Optional<String> callback = request.query("jsonp");
            return StreamedView.of(master, "/master/state", callback.isPresent() ? "text/javascript" : Response.JSON,
                    sink -> {
                        callback.ifPresent(cb -> sink.accept((cb + "(").getBytes(StandardCharsets.UTF_8)));
                        writer.write(s, flags, sink);
                        callback.ifPresent(cb -> sink.accept(");".getBytes(StandardCharsets.UTF_8)));
                    });
        }));
    }

    /** Mesos agents are addressed as {@code slave(1)@ip:port}; tools parse the host and port out of it. */
    static String agentPid(AgentSnapshot a) {
        return "slave(1)@" + a.info().getHostname() + ":" + a.info().getPort();
    }
}
