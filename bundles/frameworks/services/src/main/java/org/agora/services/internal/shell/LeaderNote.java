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
package org.agora.services.internal.shell;

import org.agora.services.internal.ServicesComponent;

/** The commands ask the leader's state: on another instance they say where the leader is instead. */
final class LeaderNote {
    private LeaderNote() {
    }

    /** True if this instance leads; otherwise prints where the leader is and returns false. */
    static boolean leads(ServicesComponent services) {
        if (services.isLeader()) {
            return true;
        }
        System.out.println("This services scheduler does not lead; the leader is "
                + services.leader().orElse("not elected yet") + ".");
        return false;
    }
}
