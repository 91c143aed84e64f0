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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/**
 * N trivial tasks ({@code true}) through the v1 scheduler API on one agent: a master with the first-fit allocator,
 * an agent running real processes and a protobuf framework, in one JVM over loopback (as the local distribution runs
 * master and agent in one Karaf). Prints tasks/second from the first offer to the last TASK_FINISHED, and the
 * launch latency from the ACCEPT being sent to TASK_RUNNING arriving (p50/p99). A warm-up run comes first.
 *
 * <p>Usage: {@code ./benchmarks/run.sh TaskThroughput [tasks] [runs] [tasks-in-flight] [isolation] [transport]};
 * with an isolation (for example {@code cgroups/cpu,cgroups/mem}, as root; {@code none} for none) tasks launch
 * through the native containerizer and the cgroups isolators, as in the distributions; with tasks-in-flight 1 the
 * latency is that of a lone task. The transport is {@code plain} (the default), {@code tls} (HTTPS to the master,
 * wss:// agent channel), {@code secure} (TLS, and frameworks and the agent authenticate, ACLs decide; see
 * {@link BenchCluster.Mode}), {@code both} (plain, then tls) or {@code all} (plain, tls, secure), which measure each
 * in one run and print each one's median against plain's. Goal on 2 cores: 500 tasks/s, p50 5 ms, p99 20 ms; with
 * TLS, and with authentication and TLS, within 20 % of plain.
 */
public final class TaskThroughput {
    private static final double TASK_CPUS = 0.01;
    private static final double TASK_MEM = 4;

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // batch: as many tasks per offer as fit (throughput); 1: one task in flight at a time (bare latency)
        int perOffer = args.length > 2 && !args[2].equals("max") ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        String isolation = args.length > 3 && !args[3].equals("none") ? args[3] : "";
        String transport = args.length > 4 ? args[4] : "plain";
        Map<BenchCluster.Mode, Double> medians = new java.util.LinkedHashMap<>();
        for (BenchCluster.Mode mode : BenchCluster.Mode.parse(transport)) {
            medians.put(mode, measure(tasks, runs, perOffer, isolation, mode));
        }
        Double plain = medians.get(BenchCluster.Mode.PLAIN);
        medians.forEach((mode, median) -> {
            if (plain != null && mode != BenchCluster.Mode.PLAIN) {
                System.out.printf("%s / plain: %.0f / %.0f tasks/s (median of runs) = %.1f %%%n", mode.label(),
                        median, plain, 100 * median / plain);
            }
        });
    }

    /** A fresh cluster, a warm-up and {@code runs} measured runs; the median tasks/s. */
    private static double measure(int tasks, int runs, int perOffer, String isolation, BenchCluster.Mode mode)
            throws Exception {
        String label = mode.label();
        Path workDir = Files.createTempDirectory("agora-bench");
        BenchCluster cluster = BenchCluster.start(mode, workDir, Map.of("max.completed.tasks.per.framework", 100),
                "cpus:2;mem:4096;disk:1000");
        masterForReports = cluster.master;
        String cgroupsRoot = "agora-bench-" + ProcessHandle.current().pid() + "-" + label;
        NativeContainerizer containerizer = null;
        if (!isolation.isEmpty()) {
            containerizer = NativeContainerizer.withIsolation(isolation);
            Cgroups cgroups = new Cgroups(Map.of("cgroups.root", cgroupsRoot));
            containerizer.useIsolator(new CpuIsolator(cgroups, Map.of()));
            containerizer.useIsolator(new MemoryIsolator(cgroups, Map.of()));
            cluster.agent.useContainerizer(containerizer);
        }
        List<Double> rates = new ArrayList<>();
        try {
            System.out.printf("%s warm-up: %s%n", label, run(cluster, Math.max(200, tasks / 4), perOffer, null));
            for (int i = 1; i <= runs; i++) {
                double[] rate = new double[1];
                System.out.printf("%s run %d: %s%n", label, i, run(cluster, tasks, perOffer, rate));
                rates.add(rate[0]);
            }
        } finally {
            cluster.close();
            if (containerizer != null) {
                containerizer.stop();
                try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                    for (Path h : hierarchies.toList()) {
                        Files.deleteIfExists(h.resolve(cgroupsRoot));
                    }
                }
            }
        }
        rates.sort(null);
        return rates.isEmpty() ? Double.NaN : rates.get(rates.size() / 2);
    }

    /** One measured run of {@code n} tasks by a fresh framework. */
    static MasterComponent masterForReports;

    /** One measured run; {@code rate[0]} receives the tasks/s when {@code rate} is given. */
    static String run(BenchCluster cluster, int n, int perOffer, double[] rate) throws Exception {
        Run run = new Run(n, perOffer);
        try (SchedulerClient client = cluster.client().contentType(ContentType.PROTOBUF).handler(run).build()) {
            run.client = client;
            client.subscribe(cluster.framework(FrameworkInfo.newBuilder().setUser("root").setName("throughput")
                    .addRoles("*").addCapabilities(FrameworkInfo.Capability.newBuilder()
                            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)))).get(10, TimeUnit.SECONDS);
            int seen = -1;
            while (!run.done.await(15, TimeUnit.SECONDS)) {
                if (run.events.get() == seen) {
                    throw new IllegalStateException("stalled: " + run.stallReport());
                }
                seen = run.events.get();
            }
            client.teardown().get(10, TimeUnit.SECONDS);
        }
        if (rate != null) {
            rate[0] = run.rate();
        }
        return run.report();
    }

    /** The framework of one run; its callbacks come one at a time from the client's thread. */
    private static final class Run implements EventHandler {
        final int n;
        final int perOffer;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final Map<String, TaskState> lastState = new ConcurrentHashMap<>();
        final AtomicInteger updates = new AtomicInteger();
        final Map<String, String> handlerThreads = new ConcurrentHashMap<>();
        final Map<String, List<String>> history = new ConcurrentHashMap<>();
        final Map<String, Long> launchedAt = new ConcurrentHashMap<>();
        final List<Long> latencies = new ArrayList<>();
        final List<Long> ackCall = new ArrayList<>();
        final java.util.Queue<Long> ackDone = new java.util.concurrent.ConcurrentLinkedQueue<>();
        SchedulerClient client;
        int launched;
        long firstOffer;
        long lastFinished;
        int failed;

        Run(int n, int perOffer) {
            this.n = n;
            this.perOffer = perOffer;
        }

        @Override
        public void event(Event e) {
            if (e.getType() != Event.Type.HEARTBEAT) {
                events.incrementAndGet();
            }
            if (e.getType() == Event.Type.OFFERS) {
                e.getOffers().getOffersList().forEach(this::offer);
            } else if (e.getType() == Event.Type.UPDATE) {
                update(e.getUpdate().getStatus());
            }
        }

        private void offer(Offer o) {
            if (firstOffer == 0) {
                firstOffer = System.nanoTime();
            }
            Resources r = Resources.of(o.getResourcesList());
            int fit = (int) Math.min(r.scalar("cpus") / TASK_CPUS + 1e-9, r.scalar("mem") / TASK_MEM);
            int inFlight = launched - finished.get();
            int k = Math.min(Math.min(fit, n - launched), perOffer - inFlight);
            if (k <= 0) {
                client.decline(List.of(o.getId()), Filters.newBuilder()
                        .setRefuseSeconds(launched < n ? 0 : 60).build());
                return;
            }
            List<TaskInfo> tasks = new ArrayList<>(k);
            String role = o.getAllocationInfo().getRole();
            for (int i = 0; i < k; i++) {
                String id = "t" + (launched + i);
                tasks.add(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                        .setAgentId(o.getAgentId())
                        .addAllResources(Resources.parse("cpus:" + TASK_CPUS + ";mem:" + TASK_MEM)
                                .withAllocationRole(role).toList())
                        .setCommand(CommandInfo.newBuilder().setValue("true")).build());
            }
            launched += k;
            long now = System.nanoTime();
            tasks.forEach(t -> launchedAt.put(t.getTaskId().getValue(), now));
            client.launch(List.of(o.getId()), tasks, Filters.newBuilder().setRefuseSeconds(0).build());
        }

        String stallReport() {
            Map<TaskState, Integer> byState = new java.util.TreeMap<>();
            lastState.forEach((id, st) -> byState.merge(st, 1, Integer::sum));
            StringBuilder b = new StringBuilder("launched " + launched + " of " + n + ", finished " + finished.get()
                    + ", updates " + updates.get() + " for " + lastState.size() + " tasks on threads "
                    + handlerThreads.keySet() + ", last states " + byState + ", running samples " + latencies.size());
            b.append("; odd histories: ");
            history.entrySet().stream().filter(e -> e.getValue().size() != 3).limit(5)
                    .forEach(e -> b.append(e.getKey()).append(e.getValue()).append(' '));
            b.append("; missing: ");
            for (int i = 0, shown = 0; i < n && shown < 5; i++) {
                if (!history.containsKey("t" + i)) {
                    b.append("t").append(i).append(' ');
                    shown++;
                }
            }
            if (masterForReports != null) {
                try {
                    var s = masterForReports.snapshot().get(5, TimeUnit.SECONDS);
                    b.append("; master: offers outstanding ").append(s.offeredByAgent())
                            .append(", allocator ").append(s.allocatorMetrics());
                    s.frameworks().frameworks().forEach(f -> b.append(", framework ").append(f.id()).append(" used ")
                            .append(f.used()).append(" tasks ").append(f.tasks().size()));
                } catch (Exception e) {
                    b.append("; master: ").append(e);
                }
            }
            return b.toString();
        }

        private void update(TaskStatus s) {
            updates.incrementAndGet();
            handlerThreads.put(Thread.currentThread().getName(), "");
            lastState.put(s.getTaskId().getValue(), s.getState());
            history.computeIfAbsent(s.getTaskId().getValue(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(s.getState().name().substring(5) + "/" + s.getSource().name().substring(7) + "/"
                            + org.agora.api.json.ProtoJson.print(s).hashCode());
            long a0 = System.nanoTime();
            client.acknowledge(s).whenComplete((v, e) -> ackDone.add(System.nanoTime() - a0));
            ackCall.add(System.nanoTime() - a0);
            if (s.getState() == TaskState.TASK_RUNNING) {
                Long t0 = launchedAt.get(s.getTaskId().getValue());
                if (t0 != null) {
                    latencies.add(System.nanoTime() - t0);
                }
            } else if (s.getState() == TaskState.TASK_FINISHED || s.getState() == TaskState.TASK_FAILED
                    || s.getState() == TaskState.TASK_LOST || s.getState() == TaskState.TASK_ERROR) {
                if (s.getState() != TaskState.TASK_FINISHED) {
                    failed++;
                }
                if (finished.incrementAndGet() == n) {
                    lastFinished = System.nanoTime();
                    done.countDown();
                }
            }
        }

        @Override
        public void disconnected(Disconnect d) {
            System.err.println("disconnected: " + d);
        }

        double rate() {
            return n / ((lastFinished - firstOffer) / 1e9);
        }

        String report() {
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double seconds = (lastFinished - firstOffer) / 1e9;
            long[] call = ackCall.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] acked = ackDone.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("%d tasks in %.2f s = %.0f tasks/s; accept->RUNNING p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms (%d samples); %d not finished; ACKNOWLEDGE call p50 %.2f ms p99 %.2f ms, "
                    + "answered p50 %.1f ms p99 %.1f ms", n, seconds, n / seconds, pct(l, 50), pct(l, 99),
                    l.length == 0 ? 0 : l[l.length - 1] / 1e6, l.length, failed, pct(call, 50), pct(call, 99),
                    pct(acked, 50), pct(acked, 99));
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    private TaskThroughput() {
    }
}
