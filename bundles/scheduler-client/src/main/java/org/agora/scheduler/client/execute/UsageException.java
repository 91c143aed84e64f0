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
package org.agora.scheduler.client.execute;

/** The command line is wrong (or asks for help): the tool prints the message and the usage text. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean help;

    UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean help) {
        super(message);
        this.help = help;
    }

    /** {@code --help}: not an error. */
    static UsageException help() {
        return new UsageException("", true);
    }

    boolean isHelp() {
        return help;
    }
}
