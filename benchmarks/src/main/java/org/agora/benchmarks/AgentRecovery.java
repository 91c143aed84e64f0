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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentSettings;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/**
 * How long an agent restart takes with N running tasks of a checkpointing framework: the agent is stopped (its
 * tasks keep running), a new agent starts on the same work directory, and the clock runs from the new agent's
 * construction until the master has it re-registered with all N tasks reported running (the agent recovered and
 * adopted every process and the master reconciled them). Real processes ({@code sleep}), master and agents in one
 * JVM on loopback.
 *
 * <p>Usage: {@code ./benchmarks/run.sh AgentRecovery [tasks] [restarts]}.
 */
public final class AgentRecovery {

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int restarts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path workDir = Files.createTempDirectory("agora-recovery-bench");
        MasterComponent master = new MasterComponent(MasterSettings.of(Map.of("port", 0, "ip", "127.0.0.1",
                "hostname", "localhost", "max.completed.tasks.per.framework", 100)));
        master.useAllocator(new FirstFitAllocator());
        String address = "127.0.0.1:" + awaitLeader(master);
        AgentSettings settings = AgentSettings.of(Map.of("master", address, "port", 0, "ip", "127.0.0.1",
                "hostname", "localhost", "work.dir", workDir.toString(), "resources", "cpus:"
                        + Math.max(2, tasks / 50) + ";mem:" + Math.max(4096, tasks * 8) + ";disk:1000",
                "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "switch.user", false));
        AgentComponent agent = new AgentComponent(settings);
        Running framework = new Running(tasks);
        try (SchedulerClient client = SchedulerClient.builder(address).contentType(ContentType.PROTOBUF)
                .handler(framework).build()) {
            framework.client = client;
            client.subscribe(FrameworkInfo.newBuilder().setUser("root").setName("recovery").addRoles("*")
                    .setCheckpoint(true).setFailoverTimeout(600).addCapabilities(FrameworkInfo.Capability
                            .newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build())
                    .get(10, TimeUnit.SECONDS);
            await("all tasks running", () -> framework.running.size() == tasks);
            System.out.printf("%d checkpointed tasks running; restarting the agent %d times%n", tasks, restarts);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < restarts; i++) {
                agent.stop();
                Instant before = Instant.now();
                long t0 = System.nanoTime();
                agent = new AgentComponent(settings);
                await("re-registration with every task", () -> reconciled(master, before, tasks));
                double ms = (System.nanoTime() - t0) / 1e6;
                times.add(ms);
                System.out.printf("restart %d: agent start -> re-registered with %d running tasks in %.0f ms%n",
                        i + 1, tasks, ms);
            }
            times.sort(Double::compare);
            System.out.printf("median %.0f ms, max %.0f ms%n", times.get(times.size() / 2),
                    times.get(times.size() - 1));
            client.teardown().get(10, TimeUnit.SECONDS);
            // the agent kills the tasks on the master's word; stopping it earlier would leave them running
            AgentComponent last = agent;
            await("the tasks to be killed", () -> last.call(a -> a.snapshot().tasks().frameworks().isEmpty())
                    .get(5, TimeUnit.SECONDS));
        } finally {
            agent.stop();
            master.stop();
        }
    }

    /** The master has the agent back (re-registered after {@code since}) with {@code tasks} running on it. */
    private static boolean reconciled(MasterComponent master, Instant since, int tasks) throws Exception {
        var s = master.snapshot().get(5, TimeUnit.SECONDS);
        Optional<AgentSnapshot> a = s.agents().stream().findFirst();
        if (a.isEmpty() || !a.get().connected() || a.get().reregisteredTime().map(t -> t.isBefore(since))
                .orElse(true)) {
            return false;
        }
        long running = s.frameworks().frameworks().stream().flatMap(f -> f.tasks().stream())
                .filter(t -> t.getState() == TaskState.TASK_RUNNING).count();
        return running == tasks;
    }

    private static int awaitLeader(MasterComponent master) throws Exception {
        int[] port = new int[1];
        await("the master to lead", () -> {
            try {
                var s = master.snapshot().get(5, TimeUnit.SECONDS);
                port[0] = s.self().getPort();
                return s.leading();
            } catch (Exception starting) {
                return false;
            }
        });
        return port[0];
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(2); // polling a condition in a harness, not synchronising a test
        }
    }

    /** Launches its tasks on the first offers and keeps acknowledging. */
    private static final class Running implements EventHandler {
        final int tasks;
        final Set<String> running = ConcurrentHashMap.newKeySet();
        volatile SchedulerClient client;
        int launched;

        Running(int tasks) {
            this.tasks = tasks;
        }

        @Override
        public void event(Event e) {
            switch (e.getType()) {
                case OFFERS -> {
                    for (Offer o : e.getOffers().getOffersList()) {
                        List<TaskInfo> batch = new ArrayList<>();
                        while (launched < tasks && batch.size() < tasks) {
                            String id = "sleeper-" + launched++;
                            batch.add(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                                    .setAgentId(o.getAgentId())
                                    .addAllResources(Resources.parse("cpus:0.01;mem:4").toList())
                                    .setCommand(CommandInfo.newBuilder().setValue("sleep 3600")).build());
                        }
                        Filters refuse = Filters.newBuilder().setRefuseSeconds(3600).build();
                        if (batch.isEmpty()) {
                            client.decline(List.of(o.getId()), refuse);
                        } else {
                            client.launch(List.of(o.getId()), batch, refuse);
                        }
                    }
                }
                case UPDATE -> {
                    var status = e.getUpdate().getStatus();
                    if (status.getState() == TaskState.TASK_RUNNING) {
                        running.add(status.getTaskId().getValue());
                    }
                    client.acknowledge(status);
                }
                default -> { }
            }
        }

        @Override
        public void disconnected(Disconnect d) {
            System.out.println("framework disconnected: " + d);
        }
    }

    private AgentRecovery() {
    }
}
