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
package org.agora.master.internal.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;

/**
 * Waits for the master's answer to a shell command. A failure becomes an exception whose message is the cause's own
 * one line ("Agent x is unknown to this master"), which Karaf prints as {@code Error executing command: ...} with no
 * stack trace; wrapped futures would otherwise print their wrapper's class names.
 */
final class Await {
    private static final long SECONDS = 30;

    private Await() {
    }

    static MasterSnapshot snapshot(MasterView master) {
        return answer(master.snapshot());
    }

    static <T> T answer(CompletableFuture<T> future) {
        try {
            return future.get(SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw cause instanceof IllegalArgumentException ? new IllegalArgumentException(message)
                    : new IllegalStateException(message);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The master did not answer within " + SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the master");
        }
    }
}
