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

import java.util.Objects;

import org.agora.api.v1.scheduler.Protos.Call;

/**
 * The master answered a call with a status other than the one that means success ({@code 202 Accepted}, {@code 200
 * OK} for SUBSCRIBE and UPDATE_FRAMEWORK): for example {@code 400} for an invalid call or a wrong
 * {@code Mesos-Stream-Id}, {@code 403} for a framework that is not subscribed, {@code 503} while no leader is
 * elected. {@link #masterMessage()} is the master's {@code text/plain} answer body.
 */
public class CallRejectedException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    private final Call.Type callType;
    private final String master;
    private final int statusCode;
    private final String masterMessage;

    /**
     * @param callType      the type of the rejected call
     * @param master        the master's {@code host:port}, for the message
     * @param statusCode    the HTTP status the master answered with
     * @param masterMessage the body of the answer, possibly empty
     */
    public CallRejectedException(Call.Type callType, String master, int statusCode, String masterMessage) {
        super(callType + " to master " + master + ": " + statusCode
                + (masterMessage.isBlank() ? "" : " " + masterMessage.strip()));
        this.callType = Objects.requireNonNull(callType, "callType");
        this.master = Objects.requireNonNull(master, "master");
        this.statusCode = statusCode;
        this.masterMessage = Objects.requireNonNull(masterMessage, "masterMessage");
    }

    /** The type of the call the master rejected. */
    public Call.Type callType() {
        return callType;
    }

    /**
     * The {@code host:port} of the master that answered: after {@code 307} redirects, the last one, which may not
     * be the master the call was sent to.
     *
     * @since 1.1
     */
    public String master() {
        return master;
    }

    /** The HTTP status code of the master's answer, e.g. 400. */
    public int statusCode() {
        return statusCode;
    }

    /** The master's text/plain answer, as sent (possibly empty). */
    public String masterMessage() {
        return masterMessage;
    }

    /**
     * True for answers that a retry may turn into a success without changing the call: {@code 503} (no leader,
     * or the master is recovering) and other 5xx.
     */
    public boolean isTransient() {
        return statusCode >= 500;
    }
}
