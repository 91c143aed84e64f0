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
package org.agora.agent.internal.task;

/**
 * An executor API call the agent refuses, with why. The HTTP layer answers it with a 4xx status and this message.
 */
public final class ExecutorCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal: a call that is wrong in itself, or one the executor may not make now. */
    public enum Kind {
        BAD_REQUEST,
        FORBIDDEN
    }

    private final Kind kind;

    public ExecutorCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static ExecutorCallException badRequest(String message) {
        return new ExecutorCallException(Kind.BAD_REQUEST, message);
    }

    static ExecutorCallException forbidden(String message) {
        return new ExecutorCallException(Kind.FORBIDDEN, message);
    }
}
