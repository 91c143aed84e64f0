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
package org.agora.api;

/** Version facts that master, agent and clients report. */
public final class Versions {

    /** Agora's own release. */
    public static final String AGORA = "0.1.0";

    /**
     * The Mesos release whose v1 APIs Agora speaks. Reported where Mesos reports its version (MasterInfo, /version,
     * GET_VERSION) because frameworks and tools compare it against the Mesos features they need.
     */
    public static final String MESOS_API = "1.11.0";

    private Versions() {
    }
}
