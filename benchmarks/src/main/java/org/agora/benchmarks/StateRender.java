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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.Ids;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.TaskRecord;
import org.agora.master.internal.http.StateWriter;
import org.agora.master.internal.offer.OfferManager;

/**
 * {@code /master/state} in one JVM, no master process: the master's own snapshot and state writer over a cluster
 * built in memory (agents {@code cpus:<tasks+1>;mem;disk}, frameworks with 1-cpu tasks in TASK_RUNNING, as
 * MasterScale fills them). Prints the time the actor spends taking the frameworks' snapshot (p50 / p99), and the time
 * to write the state document (p50 / p99, size), over the measured rounds after warm-up, with the tasks unchanged
 * between rounds (each task's JSON is then cached, as in a cluster of long-running tasks), and the first write.
 * Usage: {@code ./benchmarks/run.sh StateRender [agents] [tasks-per-agent] [frameworks] [rounds]}
 * (defaults 10000, 10, 100, 20).
 */
public final class StateRender {
    private StateRender() {
    }

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perAgent = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int frameworkCount = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Instant now = Instant.now();
        MasterInfo self = MasterInfo.newBuilder().setId("bench-master").setIp(0x7f000001).setPort(5050)
                .setHostname("localhost").setPid("master@127.0.0.1:5050").build();
        List<AgentSnapshot> agentList = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            AgentInfo info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue("bench-master-S" + a))
                    .setHostname("agent-" + a).setPort(5051)
                    .addAllResources(Resources.parse("cpus:" + (perAgent + 1) + ";mem:4096;disk:10000").toList())
                    .build();
            agentList.add(new AgentSnapshot(info, AgentState.ACTIVE, true, Resources.of(info.getResourcesList()),
                    now, Optional.empty(), Optional.empty(), "1.11.0", List.of(), false, Optional.empty()));
        }
        List<FrameworkRecord> frameworks = new ArrayList<>();
        for (int f = 0; f < frameworkCount; f++) {
            FrameworkInfo info = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("bench-" + f))
                    .setName("scale-" + f).setUser("root").setHostname("localhost").addRoles("*")
                    .setFailoverTimeout(0).build();
            frameworks.add(new FrameworkRecord(info, now));
        }
        Resources oneCpu = Resources.parse("cpus:1").withAllocationRole("*");
        int n = 0;
        for (int a = 0; a < agents; a++) {
            for (int i = 0; i < perAgent; i++, n++) {
                FrameworkRecord f = frameworks.get(n % frameworkCount);
                TaskID id = TaskID.newBuilder().setValue("task-" + n).build();
                Task task = Task.newBuilder().setTaskId(id).setName("long-" + n).setFrameworkId(f.id())
                        .setExecutorId(ExecutorID.newBuilder().setValue(id.getValue()))
                        .setAgentId(agentList.get(a).info().getId()).setState(TaskState.TASK_STAGING)
                        .addAllResources(oneCpu.toList()).build();
                TaskRecord record = new TaskRecord(task);
                record.update(TaskStatus.newBuilder().setTaskId(id).setState(TaskState.TASK_RUNNING)
                        .setAgentId(task.getAgentId()).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                        .setUuid(com.google.protobuf.ByteString.copyFromUtf8("uuid-" + n))
                        .setTimestamp(now.toEpochMilli() / 1000.0 + n / 1000.0).build());
                f.putTask(record);
            }
        }
        OfferManager offers = new OfferManager(new Ids("bench-master"));
        long[] snapshotNanos = new long[rounds];
        long[] writeNanos = new long[rounds];
        int size = 0;
        StateWriter writer = new StateWriter();
        double first = 0;
        for (int r = -5; r < rounds; r++) {
            // as the master's snapshot: the same infos, each agent's total built afresh (with its reservations)
            List<AgentSnapshot> agentsNow = agentList.stream().map(a -> a.withTotal(Resources.of(a.info()
                    .getResourcesList()))).toList();
            long t0 = System.nanoTime();
            FrameworkSnapshot.All all = FrameworkSnapshot.of(frameworks, List.of(), offers);
            long t1 = System.nanoTime();
            MasterSnapshot s = new MasterSnapshot(self, true, Optional.of(self), now, Optional.of(now), agentsNow,
                    List.of(), all, Map.of(), "drf", Map.of(), Map.of(), List.of());
            // as the master sends it: in pieces, never whole
            long[] written = new long[1];
            writer.write(s, Map.of("zk", "zk://127.0.0.1:2181/agora"), piece -> written[0] += piece.length);
            long t2 = System.nanoTime();
            size = (int) written[0];
            if (r == -5) {
                first = (t2 - t1) / 1e6;
            }
            if (r >= 0) {
                snapshotNanos[r] = t1 - t0;
                writeNanos[r] = t2 - t1;
            }
        }
        System.out.printf("StateRender: %,d agents, %,d tasks, %,d frameworks, %d rounds after 5 warm-up%n", agents,
                n, frameworkCount, rounds);
        System.out.printf("frameworks' snapshot on the actor: p50 %.1f ms, p99 %.1f ms%n", pct(snapshotNanos, 50),
                pct(snapshotNanos, 99));
        System.out.printf("state document written the first time (no task cached): %.1f ms%n", first);
        System.out.printf("state document written: p50 %.1f ms, p99 %.1f ms, %.1f MB%n", pct(writeNanos, 50),
                pct(writeNanos, 99), size / 1e6);
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
