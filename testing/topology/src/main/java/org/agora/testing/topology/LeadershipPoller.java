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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks every master, over and over and all at once, whether it leads, to catch two masters leading at the same
 * instant. Each sample asks two things: {@code /master/state} (does it name itself the leader, with an election
 * time?) and a write to the scheduler API that only a leader processes: a RECONCILE for a framework that does not
 * exist, which a leader refuses with 400 "not subscribed", a follower redirects (307) and a master without a leader
 * answers 503. A master <em>leads</em> in a sample when both say so.
 *
 * <p>An overlap is proven, not guessed from samples that happen to be close: master A led in a run of consecutive
 * samples with the same election time (so it led throughout, from the end of the run's first sample to the start
 * of its last), and master B led in a sample taken entirely inside that stretch. Rounds ask every master at once
 * and wait for all answers, so an overlap that lasts two rounds or more is always caught.
 */
public final class LeadershipPoller implements AutoCloseable {
    private static final String PROBE = "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"leadership-probe\"},"
            + "\"reconcile\":{\"tasks\":[]}}";
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    /**
     * One look at one master.
     *
     * @param sent        {@link System#nanoTime()} before asking
     * @param received    {@link System#nanoTime()} after both answers
     * @param answered    its {@code /master/state} answered (within 2 s)
     * @param claims      its state names itself the leader and has an election time
     * @param electedTime its election time, if its state has one
     * @param probeStatus the scheduler API's status for the probe write; 0 when it did not answer
     */
    public record Sample(long sent, long received, boolean answered, boolean claims, Optional<Double> electedTime,
            int probeStatus) {
        /** Takes writes as the leader: the probe got past the leader check (400: the framework is unknown). */
        public boolean acceptsWrites() {
            return probeStatus == 400 || probeStatus == 202;
        }

        /** Claims to lead and takes writes as the leader. */
        public boolean leads() {
            return claims && acceptsWrites();
        }
    }

    /**
     * Two masters leading at once: {@code first} led from {@code from} to {@code to}, and {@code second} led in
     * {@code inside}, taken entirely between them.
     */
    public record Overlap(String first, Sample from, Sample to, String second, Sample inside) {
    }

    private final Map<String, String> urls;
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService rounds;

    /**
     * Starts polling; {@code urls} maps a master's name to a base URL it answers on (e.g. a link the test keeps up
     * while the master is partitioned from the rest).
     */
    public LeadershipPoller(Map<String, String> urls, Duration interval) {
        this.urls = new LinkedHashMap<>(urls);
        urls.keySet().forEach(n -> samples.put(n, new CopyOnWriteArrayList<>()));
        pool = Executors.newFixedThreadPool(urls.size(), r -> {
            Thread t = new Thread(r, "leadership-poller");
            t.setDaemon(true);
            return t;
        });
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leadership-poller-rounds");
            t.setDaemon(true);
            return t;
        });
        rounds.scheduleWithFixedDelay(() -> {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            this.urls.forEach((name, url) -> round.add(CompletableFuture.runAsync(() -> samples.get(name)
                    .add(sample(url)), pool)));
            round.forEach(CompletableFuture::join);
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Sample sample(String url) {
        long sent = System.nanoTime();
        Optional<MasterState> st = MasterNode.state(url);
        int probe = Http.post(url + "/api/v1/scheduler", "application/json", PROBE, TIMEOUT,
                "Mesos-Stream-Id", "leadership-probe").map(HttpResponse::statusCode).orElse(0);
        return new Sample(sent, System.nanoTime(), st.isPresent(), st.map(MasterState::leading).orElse(false),
                st.flatMap(MasterState::electedTime), probe);
    }

    /** The samples of master {@code name} so far. */
    public List<Sample> samples(String name) {
        return List.copyOf(samples.get(name));
    }

    /** The latest sample of master {@code name}, if any. */
    public Optional<Sample> latest(String name) {
        List<Sample> s = samples(name);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
    }

    /** The masters that lead in their latest sample. */
    public List<String> leadingNow() {
        return urls.keySet().stream().filter(n -> latest(n).map(Sample::leads).orElse(false)).toList();
    }

    /** Every proven overlap of two leading masters (claiming and taking writes) so far. */
    public List<Overlap> overlaps() {
        return overlaps(Sample::leads);
    }

    /**
     * Every proven overlap of two masters whose {@code /master/state} claimed leadership, whether or not they took
     * writes: what a tool that finds the leader by the masters' state would see.
     */
    public List<Overlap> claimOverlaps() {
        return overlaps(Sample::claims);
    }

    private List<Overlap> overlaps(java.util.function.Predicate<Sample> leads) {
        List<Overlap> found = new ArrayList<>();
        for (String a : urls.keySet()) {
            List<Sample> as = samples(a);
            int start = 0;
            while (start < as.size()) {
                // a run: consecutive samples in which A led, all with the same election time
                int end = start;
                if (leads.test(as.get(start)) && as.get(start).electedTime().isPresent()) {
                    while (end + 1 < as.size() && leads.test(as.get(end + 1))
                            && as.get(end + 1).electedTime().equals(as.get(start).electedTime())) {
                        end++;
                    }
                }
                if (end > start) {
                    Sample from = as.get(start);
                    Sample to = as.get(end);
                    for (String b : urls.keySet()) {
                        if (!b.equals(a)) {
                            samples(b).stream().filter(leads).filter(x -> x.sent() >= from.received()
                                    && x.received() <= to.sent()).findFirst()
                                    .ifPresent(x -> found.add(new Overlap(a, from, to, b, x)));
                        }
                    }
                }
                start = end + 1;
            }
        }
        return found;
    }

    /** Samples, per master, in which the state claimed leadership while the scheduler API did not act as leader. */
    public Map<String, Long> claimsWithoutWrites() {
        Map<String, Long> out = new LinkedHashMap<>();
        samples.forEach((n, s) -> out.put(n, s.stream().filter(x -> x.claims() && !x.acceptsWrites()
                && x.probeStatus() != 0).count()));
        return out;
    }

    /** A one-line summary per master: samples taken, and in how many it claimed, took writes, led. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        samples.forEach((n, s) -> b.append(n).append(": ").append(s.size()).append(" samples, no answer in ")
                .append(s.stream().filter(x -> !x.answered()).count()).append(", claimed in ")
                .append(s.stream().filter(Sample::claims).count()).append(", took writes in ")
                .append(s.stream().filter(Sample::acceptsWrites).count()).append(", led in ")
                .append(s.stream().filter(Sample::leads).count()).append('\n'));
        return b.toString();
    }

    @Override
    public void close() {
        rounds.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
