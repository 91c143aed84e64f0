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
package org.agora.security.credentials.internal;

/**
 * A credentials file that cannot be used: missing, unreadable, too large, not UTF-8, or not in either credentials
 * format. The message names the file and the problem (and the line or JSON path where there is one); it never
 * contains a secret.
 */
final class CredentialsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CredentialsFileException(String message) {
        super(message);
    }

    CredentialsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
