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

import java.util.List;

/**
 * One of an app's {@code readinessChecks}, as Marathon defines it: during a deployment the services scheduler
 * itself sends an HTTP GET to each new instance ({@code protocol://host:port/path}, the port named
 * {@code portName}) every {@code intervalSeconds}; the instance counts as ready for the deployment once it is
 * healthy and one answer had a status in {@code httpStatusCodesForReady}. Marathon's defaults.
 *
 * @param name                    names the check in {@code readinessCheckResults}; {@code readinessCheck}
 * @param protocol                HTTP or HTTPS (the JDK's trust store); HTTP
 * @param path                    the path asked; {@code /}
 * @param portName                the name of the port definition whose host port is asked; {@code http-api}
 * @param intervalSeconds         between two checks of an instance; 30
 * @param timeoutSeconds          an answer later than this is a failure; 10
 * @param httpStatusCodesForReady the statuses that mean ready; [200]
 * @param preserveLastResponse    whether {@code readinessCheckResults} shows the last answer (status, content type,
 *                                body); false
 */
public record ReadinessCheck(String name, Protocol protocol, String path, String portName, int intervalSeconds,
        int timeoutSeconds, List<Integer> httpStatusCodesForReady, boolean preserveLastResponse) {

    public static final String DEFAULT_NAME = "readinessCheck";
    public static final String DEFAULT_PORT_NAME = "http-api";
    public static final int DEFAULT_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public ReadinessCheck {
        httpStatusCodesForReady = List.copyOf(httpStatusCodesForReady);
    }

    /** The schemes a readiness check may use. */
    public enum Protocol { HTTP, HTTPS }
}
