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
package org.agora.services.internal.app;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code portDefinitions}: a host port of each instance.
 *
 * @param port     the port asked for; 0 for any free one from the offer's {@code ports}
 * @param protocol {@code tcp}, {@code udp} or {@code udp,tcp}
 * @param name     the name, which also gives the {@code PORT_<NAME>} environment variable
 * @param labels   labels of the port
 */
public record PortDefinition(int port, String protocol, Optional<String> name, Map<String, String> labels) {
    public PortDefinition {
        labels = Map.copyOf(labels);
    }
}
