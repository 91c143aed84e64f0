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
package org.agora.master.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agora.master.internal.MasterComponent;

/**
 * Holds a master's actor thread on a latch, never on a timer, so that what reaches the actor meanwhile queues up;
 * {@link #release()} lets it go (once: a hold after that passes at once).
 */
final class ActorHold {
    private final MasterComponent master;
    private final CountDownLatch release = new CountDownLatch(1);

    ActorHold(MasterComponent master) {
        this.master = master;
    }

    /** Returns once the actor is held. */
    void hold() {
        CountDownLatch held = new CountDownLatch(1);
        master.call(m -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).as("the actor took the hold").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void release() {
        release.countDown();
    }
}
