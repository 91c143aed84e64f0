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
 * Why a {@link SchedulerClient} operation failed; the futures the client returns fail with a subclass of it.
 * Subclasses say what a caller can act on: {@link CallRejectedException} (the master answered, and said no),
 * {@link MasterUnreachableException} (no answer: worth retrying), {@link SubscriptionFailedException} (the event
 * stream ended or carried an ERROR before {@code SUBSCRIBED}) and {@link NotSubscribedException} (a call before
 * any subscription).
 */
public class SchedulerClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the master or call and the reason */
    public SchedulerClientException(String message) {
        super(message);
    }

    /**
     * @param message names the master or call and the reason
     * @param cause   the underlying failure
     */
    public SchedulerClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
