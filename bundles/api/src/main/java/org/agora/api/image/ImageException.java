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
package org.agora.api.image;

import java.util.Objects;

/**
 * A rootfs could not be provisioned (or destroyed, or recovered). The message names the image, the registry URL or
 * the layer digest, and the reason; the containerizer reports it in the task's status message.
 */
public class ImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that treat failures differently (all are launch failures to Mesos). */
    public enum Reason {
        /** The image (repository, tag or digest) does not exist in its registry or local store. */
        NOT_FOUND,
        /** The registry could not be reached, or answered with a server error. */
        UNREACHABLE,
        /** The registry refused the credentials given (or asked for credentials that were not given). */
        UNAUTHORIZED,
        /** A manifest or blob did not match its digest. Nothing of it was kept. */
        DIGEST_MISMATCH,
        /** The image is malformed or unsafe: an unknown manifest, a layer with absolute or {@code ..} paths,
         * device nodes or links that leave it. */
        INVALID_IMAGE,
        /** The image is valid but uses something this provisioner does not support (a schema 1 manifest, a
         * compression, a platform that is not the agent's). */
        UNSUPPORTED,
        /** The store's or the rootfs's disk is full. */
        DISK_FULL,
        /** The request itself is wrong (not a DOCKER image, a container provisioned with another image). */
        INVALID_REQUEST,
        /** Anything else: an I/O error, a failed mount. */
        INTERNAL
    }

    private final Reason reason;

    public ImageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
