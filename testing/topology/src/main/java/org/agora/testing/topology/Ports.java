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
package org.agora.testing.topology;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the processes a test starts, each handed out once per JVM.
 *
 * <p>Not the kernel's "bind port 0" answer: that comes from the ephemeral range, which the kernel also hands to
 * outgoing connections and to every later "port 0" request, so a port a test picked for a process that binds it only
 * now and then (a ZooKeeper node's quorum port is bound only while it leads) was later given to a master, and the
 * ZooKeeper leader elected after a kill could not bind it. These ports come from below the ephemeral range (32768 on
 * Linux), from a random start so that two test JVMs on one machine rarely meet, are never handed out twice by this
 * JVM, and are checked free at the moment of asking.
 */
public final class Ports {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW));

    private Ports() {
    }

    /** A port nothing listens on now and that this JVM has not handed out before; the caller binds it soon after. */
    public static int free() {
        for (int tried = 0; tried < HIGH - LOW; tried++) {
            int port = NEXT.getAndUpdate(p -> p + 1 >= HIGH ? LOW : p + 1);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
