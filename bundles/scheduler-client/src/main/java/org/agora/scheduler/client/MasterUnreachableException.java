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
 * No answer from the master: the connection was refused or timed out, the answer did not come within the request
 * timeout, redirects went round in circles, or no leading master was found in ZooKeeper. Retrying later may
 * succeed.
 */
public class MasterUnreachableException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    /** @param message names the master and the reason */
    public MasterUnreachableException(String message) {
        super(message);
    }

    /**
     * @param message names the master and the reason
     * @param cause   the I/O failure
     */
    public MasterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
