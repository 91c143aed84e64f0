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
package org.agora.security.acl.internal;

/**
 * ACLs that cannot be used: a file missing or unreadable, JSON that does not parse, or an ACL that does not say
 * what Mesos's ACL format allows. The message names the source (the file, or the inline option) and the place
 * (line and column, or the JSON path such as {@code run_tasks[2].users.type}) and the problem.
 */
final class AclException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AclException(String message) {
        super(message);
    }

    AclException(String message, Throwable cause) {
        super(message, cause);
    }
}
