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
package org.agora.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.allocator.drf.internal.DrfAllocator;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;

/**
 * Allocator cycles in one JVM, no master: Mesos's {@code HierarchicalAllocator_BENCHMARK_Test} shapes (agents
 * {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000]}, frameworks in role {@code *}, and a variant with four roles
 * weighted 1 to 4). Prints, for the DRF and first-fit allocators:
 * <ul>
 * <li>ms per full allocation cycle (every agent's free resources offered out) at 1,000 and 10,000 agents and 100 and
 * 1,000 frameworks: median and p99 over the measured cycles after warm-up; between cycles every offer is declined
 * (with no filter, and in a second table with a long filter as Mesos's DeclineOffers benchmark does, so that each
 * cycle every agent goes to a framework that has not refused it yet);</li>
 * <li>placements per second with 10,000 agents and 1,000 frameworks that launch a task on every offer (1 cpu,
 * 512 MB, or the whole offer when smaller), decline the rest and release the task one to three cycles later; a
 * placement is one agent's resources given to one framework.</li>
 * </ul>
 * The cycle columns: {@code first} the first cycle after adding everything, {@code p50}/{@code p99} over the measured
 * cycles as the harness times {@code allocate()} (handing offers to a sink that only lists them), {@code recover} the
 * time to decline all offers of one cycle.
 * Usage: {@code ./benchmarks/run.sh AllocatorCycle [cycles] [placement-seconds]}. Goal on 2 cores: a cycle at
 * 10,000 agents x 1,000 frameworks in 20 ms or less (Mesos 1.7.1: 1.06 s), 20,000 placements/s or more.
 */
public final class AllocatorCycle {
    private static final String AGENT = "cpus:2;mem:1024;disk:4096;ports:[31000-32000]";
    private static final Resources TASK = Resources.parse("cpus:1;mem:512");

    private record Offer(FrameworkID framework, AgentID agent, Resources resources) {
    }

    /** An allocator under test with what it offered in its latest cycle. */
    private static final class Bench {
        final Allocator allocator;
        final List<Offer> offers = new ArrayList<>();
        final AtomicLong clock;

        Bench(String name, AtomicLong clock) {
            this.clock = clock;
            this.allocator = name.equals("drf") ? DrfAllocator.withDefaults(clock::get)
                    : new FirstFitAllocator();
            allocator.initialize(AllocatorOptions.defaults(), (f, byAgent) -> byAgent.forEach((a, r) ->
                    offers.add(new Offer(f, a, r))));
        }
    }

    public static void main(String[] args) {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        double placementSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        System.out.printf("Full allocation cycle, every offer declined without a filter between cycles (ms)%n");
        header();
        for (String allocator : List.of("drf", "firstfit")) {
            for (int agents : new int[] {1_000, 10_000}) {
                for (int frameworks : new int[] {100, 1_000}) {
                    for (boolean weighted : new boolean[] {false, true}) {
                        cycles(allocator, agents, frameworks, weighted, 0, cycles);
                    }
                }
            }
        }
        System.out.printf("%nEvery offer declined with a filter for a day before the next cycle "
                + "(Mesos's DeclineOffers): "
                + "in round r each agent has been refused by r frameworks (ms)%n");
        System.out.printf("%-9s %7s %6s %9s %9s %9s %9s%n", "allocator", "agents", "fws", "round 0", "p50", "max",
                "rounds");
        for (String allocator : List.of("drf", "firstfit")) {
            for (int frameworks : new int[] {100, 1_000}) {
                declines(allocator, 10_000, frameworks, allocator.equals("drf") ? 20 : 8);
            }
        }
        System.out.printf("%nPlacements with 10,000 agents x 1,000 frameworks launching and releasing tasks%n");
        System.out.printf("%-9s %12s %12s %10s %14s%n",
                "allocator", "placements/s", "tasks/s", "cycles", "allocate ms p50");
        for (String allocator : List.of("drf", "firstfit")) {
            placements(allocator, 10_000, 1_000, allocator.equals("drf") ? placementSeconds : placementSeconds / 2);
        }
    }

    private static void header() {
        System.out.printf("%-9s %7s %6s %-9s %9s %9s %9s %10s %8s%n", "allocator", "agents", "fws", "roles",
                "first", "p50", "p99", "recover", "offers");
    }

    @SuppressWarnings("deprecation") // frameworks without MULTI_ROLE, as in Mesos's benchmark
    private static Bench cluster(String name, int agents, int frameworks, boolean weighted) {
        Bench b = new Bench(name, new AtomicLong(1));
        if (weighted) {
            b.allocator.updateWeights(Map.of("r1", 1.0, "r2", 2.0, "r3", 3.0, "r4", 4.0));
        }
        for (int i = 0; i < frameworks; i++) {
            String id = String.format("framework-%05d", i);
            String role = weighted ? "r" + (1 + i % 4) : "*";
            FrameworkID fid = FrameworkID.newBuilder().setValue(id).build();
            b.allocator.addFramework(fid, FrameworkInfo.newBuilder().setUser("bench").setName(id).setId(fid)
                    .setRole(role).build(), Map.of(), true, Set.of());
        }
        Resources total = Resources.parse(AGENT);
        for (int i = 0; i < agents; i++) {
            String id = String.format("agent-%06d", i);
            AgentID aid = AgentID.newBuilder().setValue(id).build();
            b.allocator.addAgent(aid, AgentInfo.newBuilder().setHostname(id).setId(aid).build(), total, Map.of());
        }
        return b;
    }

    private static void cycles(String name, int agents, int frameworks, boolean weighted, long refuseSeconds,
            int measured) {
        Bench b = cluster(name, agents, frameworks, weighted);
        double first = timeMs(b.allocator::allocate);
        int warmup = name.equals("drf") ? 20 : 3;
        int rounds = name.equals("drf") ? measured : Math.max(5, measured / 5);
        double[] cycle = new double[rounds];
        double[] recover = new double[rounds];
        int offers = 0;
        for (int r = -warmup; r < rounds; r++) {
            List<Offer> made = new ArrayList<>(b.offers);
            b.offers.clear();
            double rec = timeMs(() -> made.forEach(o -> b.allocator.recoverResources(o.framework(), o.agent(),
                    o.resources(), refuseSeconds)));
            double ms = timeMs(b.allocator::allocate);
            if (r >= 0) {
                cycle[r] = ms;
                recover[r] = rec;
                offers += b.offers.size();
            }
        }
        Arrays.sort(cycle);
        Arrays.sort(recover);
        System.out.printf("%-9s %7d %6d %-9s %9.1f %9.2f %9.2f %10.2f %8d%n", name, agents, frameworks,
                weighted ? "weighted" : "*", first, percentile(cycle, 0.5), percentile(cycle, 0.99),
                percentile(recover, 0.5), offers / rounds);
    }

    private static void declines(String name, int agents, int frameworks, int rounds) {
        declineRounds(name, agents, frameworks, Math.max(3, rounds / 2)); // warms up the JIT
        double[] ms = declineRounds(name, agents, frameworks, rounds);
        double round0 = ms[0];
        Arrays.sort(ms);
        System.out.printf("%-9s %7d %6d %9.2f %9.2f %9.2f %9d%n", name, agents, frameworks, round0,
                percentile(ms, 0.5), ms[ms.length - 1], rounds);
    }

    private static double[] declineRounds(String name, int agents, int frameworks, int rounds) {
        Bench b = cluster(name, agents, frameworks, false);
        b.allocator.allocate();
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            List<Offer> made = new ArrayList<>(b.offers);
            b.offers.clear();
            made.forEach(o -> b.allocator.recoverResources(o.framework(), o.agent(), o.resources(),
                    TimeUnit.DAYS.toSeconds(1)));
            ms[r] = timeMs(b.allocator::allocate);
        }
        return ms;
    }

    private static void placements(String name, int agents, int frameworks, double seconds) {
        Bench b = cluster(name, agents, frameworks, false);
        Resources task = TASK.withAllocationRole("*");
        Map<Integer, List<Offer>> ending = new HashMap<>();
        java.util.Random random = new java.util.Random(42);
        List<Double> allocateMs = new ArrayList<>();
        long placements = 0;
        long tasks = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long warmupEnd = System.nanoTime() + (long) (Math.min(3, seconds / 3) * 1e9);
        long start = 0;
        int cycle = 0;
        int measuredCycles = 0;
        while (System.nanoTime() < deadline) {
            boolean measuring = start != 0;
            if (!measuring && System.nanoTime() >= warmupEnd) {
                start = System.nanoTime();
                placements = 0;
                tasks = 0;
                measuring = true;
                allocateMs.clear();
            }
            b.offers.clear();
            allocateMs.add(timeMs(b.allocator::allocate));
            measuredCycles += measuring ? 1 : 0;
            for (Offer o : b.offers) {
                placements++;
                Resources used = o.resources().contains(task) ? task : o.resources();
                Resources rest = used == task ? o.resources().minus(task) : Resources.empty();
                if (!rest.isEmpty()) {
                    b.allocator.recoverResources(o.framework(), o.agent(), rest, 0);
                }
                if (used.scalar("cpus") > 0 || used.scalar("mem") > 0) {
                    tasks++;
                    ending.computeIfAbsent(cycle + 1 + random.nextInt(3), k -> new ArrayList<>())
                            .add(new Offer(o.framework(), o.agent(), used));
                } else {
                    b.allocator.recoverResources(o.framework(), o.agent(), used, 0);
                }
            }
            List<Offer> done = ending.remove(cycle);
            if (done != null) {
                done.forEach(t -> b.allocator.recoverResources(t.framework(), t.agent(), t.resources(), 0));
            }
            cycle++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] a = allocateMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%-9s %12.0f %12.0f %10d %14.2f%n", name, placements / elapsed, tasks / elapsed,
                measuredCycles, percentile(a, 0.5));
    }

    private static double timeMs(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private AllocatorCycle() {
    }
}
