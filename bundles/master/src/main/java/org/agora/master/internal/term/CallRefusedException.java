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
package org.agora.master.internal.term;

/**
 * A scheduler or operator call the term refuses before doing anything; {@link #reason()} tells the HTTP layer which
 * status answers it (the HTTP layer maps reasons to codes in one place).
 */
public final class CallRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a call was refused. */
    public enum Reason {
        /** Malformed or inconsistent input (400). */
        INVALID,
        /** The framework is not known to this leader (400, as Mesos answers). */
        NOT_SUBSCRIBED,
        /** The framework is known but has no open stream (403). */
        NOT_CONNECTED,
        /** The stream id is not the framework's current one, e.g. from before a failover (400). */
        WRONG_STREAM,
        /** The caller is authenticated but is not the framework's principal (403). */
        FORBIDDEN
    }

    private final Reason reason;

    public CallRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
