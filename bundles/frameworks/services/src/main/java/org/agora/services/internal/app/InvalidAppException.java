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
import java.util.Map;

/** An app definition that cannot be accepted; the API answers 422 with {@link #details()}. */
public final class InvalidAppException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Map<String, Object>> details;

    public InvalidAppException(Violations violations) {
        super("Object is not valid: " + violations);
        this.details = violations.details();
    }

    /** Marathon's {@code details} list. */
    public List<Map<String, Object>> details() {
        return details;
    }
}
