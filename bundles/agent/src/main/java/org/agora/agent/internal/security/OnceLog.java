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
package org.agora.agent.internal.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which refusals were logged, so that a caller retrying with a bad credential fills the log with one line,
 * not one per request. Bounded: a caller inventing a new id per request cannot make it grow without end (the oldest
 * are forgotten and may be logged again). Thread-safe.
 */
final class OnceLog {
    private static final int REMEMBERED = 4096;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** True the first time {@code key} is seen (log it), false after. */
    synchronized boolean first(String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }
}
