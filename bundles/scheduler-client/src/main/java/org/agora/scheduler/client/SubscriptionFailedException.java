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
 * A SUBSCRIBE was answered with an event stream, but the stream brought an {@code ERROR} event instead of
 * {@code SUBSCRIBED} (the master refused the framework, e.g. one that was torn down), or it ended before
 * {@code SUBSCRIBED}. {@link #isErrorEvent()} tells the two apart: an ERROR is final, a broken stream is not.
 */
public class SubscriptionFailedException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    private final boolean errorEvent;

    /**
     * @param message    names the master and the reason (the ERROR event's message)
     * @param errorEvent true when the master sent an ERROR event
     */
    public SubscriptionFailedException(String message, boolean errorEvent) {
        super(message);
        this.errorEvent = errorEvent;
    }

    /** True when the master refused the subscription with an ERROR event; false when the stream just ended. */
    public boolean isErrorEvent() {
        return errorEvent;
    }
}
