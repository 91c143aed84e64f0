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
package org.agora.master.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.junit.jupiter.api.Test;

/**
 * A framework's usage worked out from the last one by the tasks that changed ({@link FrameworkUsage#deriveFrom})
 * against the same usage summed whole, over many rounds of tasks starting, being updated and ending, on agents that
 * hand the same ports to one task after another and whose tasks hold the same ports as other agents' tasks.
 */
class FrameworkUsageTest {
    private static final int AGENTS = 6;
    private static final int PORTS = 4;

    private final Random random = new Random(42);
    private int nextTask;

    @Test
    void aDerivedUsageHoldsWhatSummingEveryTaskAgainHolds() {
        List<Task> tasks = new ArrayList<>();
        List<GetExecutors.Executor> executors = new ArrayList<>();
        FrameworkUsage before = FrameworkUsage.of(List.copyOf(tasks), List.copyOf(executors));
        int derived = 0;
        for (int round = 0; round < 300; round++) {
            change(tasks, executors);
            FrameworkUsage now = FrameworkUsage.of(List.copyOf(tasks), List.copyOf(executors));
            Map<String, Resources> last = before.byAgent();
            Optional<Set<String>> changed = now.deriveFrom(before);

            FrameworkUsage whole = FrameworkUsage.of(List.copyOf(tasks), List.copyOf(executors));
            assertThat(now.byAgent()).as("round %d", round).isEqualTo(whole.byAgent());
            assertThat(now.total()).as("round %d", round).isEqualTo(whole.total());
            if (changed.isPresent()) {
                derived++;
                Set<String> differs = new HashSet<>(last.keySet());
                differs.addAll(now.byAgent().keySet());
                differs.removeIf(a -> now.byAgent().getOrDefault(a, Resources.empty())
                        .equals(last.getOrDefault(a, Resources.empty())));
                assertThat(changed.get()).as("round %d", round).containsAll(differs);
            }
            before = now;
        }
        // most rounds keep the executors and are derived; the others are summed whole
        assertThat(derived).isBetween(200, 299);
    }

    @Test
    void aUsageAlreadySummedIsNotDerivedAgain() {
        List<Task> tasks = new ArrayList<>();
        List<GetExecutors.Executor> executors = new ArrayList<>();
        change(tasks, executors);
        FrameworkUsage before = FrameworkUsage.of(List.copyOf(tasks), List.of());
        change(tasks, executors);
        FrameworkUsage now = FrameworkUsage.of(List.copyOf(tasks), List.of());
        Map<String, Resources> summed = now.byAgent();

        assertThat(now.deriveFrom(before)).isEmpty();
        assertThat(now.byAgent()).isSameAs(summed);
    }

    /** One round: some tasks end, some ended ones leave the list, some get a new status, some start. */
    private void change(List<Task> tasks, List<GetExecutors.Executor> executors) {
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            int dice = random.nextInt(10);
            if (terminal(t) && dice < 5) {
                tasks.remove(i--);
            } else if (!terminal(t) && dice == 0) {
                tasks.set(i, t.toBuilder().setState(TaskState.TASK_FINISHED).build());
            } else if (!terminal(t) && dice == 1) {
                // a status update: a new message, the same resources
                tasks.set(i, t.toBuilder().setState(TaskState.TASK_RUNNING).build());
            }
        }
        for (int n = random.nextInt(5); n > 0; n--) {
            String agent = "a" + random.nextInt(AGENTS);
            Resources r = Resources.parse("cpus:0." + (1 + random.nextInt(9)) + ";mem:" + (16 << random.nextInt(4)));
            Optional<Integer> port = freePort(tasks, agent);
            if (port.isPresent() && random.nextBoolean()) {
                r = r.plus(Resources.parse("ports:[" + port.get() + "-" + port.get() + "]"));
            }
            tasks.add(Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("t" + nextTask++)).setName("t")
                    .setFrameworkId(FrameworkID.newBuilder().setValue("f")).setAgentId(agentId(agent))
                    .setState(random.nextBoolean() ? TaskState.TASK_STAGING : TaskState.TASK_RUNNING)
                    .addAllResources(r.withAllocationRole("*").toList()).build());
        }
        if (random.nextInt(10) == 0) {
            String agent = "a" + random.nextInt(AGENTS);
            executors.add(GetExecutors.Executor.newBuilder().setAgentId(agentId(agent)).setExecutorInfo(
                    ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e" + nextTask++))
                            .setCommand(CommandInfo.newBuilder().setValue("x"))
                            .addAllResources(Resources.parse("cpus:0.1;mem:32").withAllocationRole("*").toList()))
                    .build());
        }
    }

    // A port that no live task on the agent holds; other agents' tasks may hold it.
    private Optional<Integer> freePort(List<Task> tasks, String agent) {
        List<Integer> free = new ArrayList<>();
        for (int p = 31000; p < 31000 + PORTS; p++) {
            free.add(p);
        }
        for (Task t : tasks) {
            if (!terminal(t) && t.getAgentId().getValue().equals(agent)) {
                t.getResourcesList().stream().filter(r -> r.getName().equals("ports"))
                        .forEach(r -> r.getRanges().getRangeList().forEach(range -> free.remove(
                                Integer.valueOf((int) range.getBegin()))));
            }
        }
        return free.isEmpty() ? Optional.empty() : Optional.of(free.get(random.nextInt(free.size())));
    }

    private static boolean terminal(Task t) {
        return t.getState() == TaskState.TASK_FINISHED;
    }

    private static AgentID agentId(String agent) {
        return AgentID.newBuilder().setValue(agent).build();
    }
}
