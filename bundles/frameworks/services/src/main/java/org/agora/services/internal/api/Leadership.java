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
package org.agora.services.internal.api;

import java.util.Optional;

/** Which instance of the services scheduler leads, as the API needs it to answer or redirect. */
public interface Leadership {

    /** True if this instance leads. */
    boolean isLeader();

    /** The leader's {@code host:port} (this instance's own when it leads); empty while no one leads. */
    Optional<String> leader();

    /** Gives leadership up (another instance takes over); {@code DELETE /v2/leader}. */
    void abdicate();
}
