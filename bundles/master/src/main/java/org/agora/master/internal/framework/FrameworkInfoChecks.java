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
package org.agora.master.internal.framework;

import java.util.Optional;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.ids.Ids;

/**
 * Bounds on what a SUBSCRIBE may make the master keep (and show in every state response): a framework's names are
 * at most {@link #MAX_TEXT} characters, its roles at most {@link #MAX_ROLES}, all of it at most {@link #MAX_BYTES}
 * bytes; its id is one an agent can make a directory of; its failover timeout a finite, non-negative number.
 */
public final class FrameworkInfoChecks {
    public static final int MAX_TEXT = 1024;
    public static final int MAX_ROLES = 128;
    public static final int MAX_BYTES = 64 * 1024;

    private FrameworkInfoChecks() {
    }

    /** The first problem, naming the field, or empty. */
    public static Optional<String> problem(FrameworkInfo info) {
        if (info.getSerializedSize() > MAX_BYTES) {
            return Optional.of("'framework_info' is " + info.getSerializedSize() + " bytes; at most " + MAX_BYTES
                    + " are accepted");
        }
        if (info.hasId()) {
            Optional<String> id = Ids.problem("Framework ID", info.getId().getValue());
            if (id.isPresent()) {
                return id;
            }
        }
        for (var field : new String[][] {{"name", info.getName()}, {"user", info.getUser()},
                {"principal", info.getPrincipal()}, {"hostname", info.getHostname()},
                {"webui_url", info.getWebuiUrl()}, {"role", info.getRole()}}) {
            if (field[1].length() > MAX_TEXT) {
                return Optional.of("'framework_info." + field[0] + "' is " + field[1].length() + " characters; at "
                        + "most " + MAX_TEXT + " are accepted");
            }
        }
        if (info.getRolesCount() > MAX_ROLES) {
            return Optional.of("'framework_info.roles' lists " + info.getRolesCount() + " roles; at most " + MAX_ROLES
                    + " are accepted");
        }
        double timeout = info.getFailoverTimeout();
        if (Double.isNaN(timeout) || Double.isInfinite(timeout) || timeout < 0) {
            return Optional.of("'framework_info.failover_timeout' must be a finite, non-negative number of seconds, "
                    + "got " + timeout);
        }
        return Optional.empty();
    }
}
