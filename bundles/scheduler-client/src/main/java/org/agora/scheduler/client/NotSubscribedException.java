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

/**
 * A call other than SUBSCRIBE was made before any subscription succeeded, so there is no framework id and no
 * {@code Mesos-Stream-Id} to send with it; or the client is closed.
 */
public class NotSubscribedException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    /** @param message names the call and the reason */
    public NotSubscribedException(String message) {
        super(message);
    }
}
