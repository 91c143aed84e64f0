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
package org.agora.itests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/** A test framework on the Java scheduler client: keeps offers, acknowledges updates, remembers every status. */
final class Framework implements EventHandler, AutoCloseable {
    final SchedulerClient client;
    final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
    final Map<String, List<TaskStatus>> statuses = new ConcurrentHashMap<>();
    final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    /** MESSAGE events from executors. */
    final List<Event.Message> messages = new CopyOnWriteArrayList<>();
    /** FAILURE events: executors that ended. */
    final List<Event.Failure> failures = new CopyOnWriteArrayList<>();
    /** When each SUBSCRIBED event arrived ({@link System#nanoTime()}), and what it said. */
    final List<Long> subscribedNanos = new CopyOnWriteArrayList<>();
    final List<Event.Subscribed> subscriptions = new CopyOnWriteArrayList<>();
    /** Inverse offers received (INVERSE_OFFERS events), in order. */
    final List<org.agora.api.v1.Protos.InverseOffer> inverseOffers = new CopyOnWriteArrayList<>();
    /** HEARTBEAT events received. */
    final AtomicInteger heartbeats = new AtomicInteger();

    Framework(String master, ContentType type) {
        this.client = SchedulerClient.builder(master).handler(this).contentType(type).build();
    }

    /** A framework speaking HTTPS to the master, which {@code tls} must trust. */
    Framework(String master, ContentType type, SSLContext tls) {
        this.client = SchedulerClient.builder(master).handler(this).contentType(type).tls(tls).build();
    }

    /** A framework whose client re-subscribes by itself after a lost stream or a leader change. */
    Framework(String master, Backoff failover) {
        this.client = SchedulerClient.builder(master).handler(this).failover(failover).build();
    }

    static FrameworkInfo.Builder info(String name) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name).addRoles("*")
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
    }

    @Override
    public void event(Event e) {
        switch (e.getType()) {
            case OFFERS -> offers.addAll(e.getOffers().getOffersList());
            case RESCIND -> offers.removeIf(o -> o.getId().equals(e.getRescind().getOfferId()));
            case UPDATE -> {
                TaskStatus s = e.getUpdate().getStatus();
                statuses.computeIfAbsent(s.getTaskId().getValue(), k -> new CopyOnWriteArrayList<>()).add(s);
                client.acknowledge(s);
            }
            case MESSAGE -> messages.add(e.getMessage());
            case FAILURE -> failures.add(e.getFailure());
            case HEARTBEAT -> heartbeats.incrementAndGet();
            case INVERSE_OFFERS -> inverseOffers.addAll(e.getInverseOffers().getInverseOffersList());
            case SUBSCRIBED -> {
                subscribedNanos.add(System.nanoTime());
                subscriptions.add(e.getSubscribed());
            }
            default -> { }
        }
    }

    @Override
    public void disconnected(Disconnect d) {
        disconnects.add(d);
    }

    Offer offer() throws InterruptedException {
        Offer o = offers.poll(20, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("no offer within 20 s");
        }
        return o;
    }

    TaskState state(String task) {
        List<TaskStatus> s = statuses.get(task);
        return s == null || s.isEmpty() ? null : s.get(s.size() - 1).getState();
    }

    TaskStatus last(String task) {
        List<TaskStatus> s = statuses.get(task);
        return s.get(s.size() - 1);
    }

    @Override
    public void close() {
        client.close();
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
