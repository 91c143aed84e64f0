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

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.term.OperatorCalls;
import org.apache.karaf.shell.api.console.Completer;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.AllocatorService;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.FrameworkUsage;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

/** The shell completes the ids the master knows, from what has been typed so far. */
class IdCompletersTest {

    private static FrameworkSnapshot framework(String id) {
        return framework(id, List.of(), List.of());
    }

    private static FrameworkSnapshot framework(String id, List<Task> tasks, List<Task> completedTasks) {
        return new FrameworkSnapshot(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(id))
                .setName(id).setUser("nobody").build(), true, true, false, Instant.EPOCH, Optional.empty(),
                Optional.empty(), Set.of("*"), tasks, completedTasks, List.of(), List.of(),
                FrameworkUsage.of(List.of(), List.of()), Resources.empty());
    }

    private static Task task(String id, String framework, TaskState state) {
        return Task.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue(framework))
                .setAgentId(AgentID.newBuilder().setValue("agent-1")).setState(state).build();
    }

    private static AgentInfo agentInfo(String id) {
        return AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(id)).setHostname("h").setPort(5051).build();
    }

    private static AgentSnapshot agent(String id) {
        return new AgentSnapshot(agentInfo(id), AgentState.ACTIVE, true, Resources.empty(), Instant.EPOCH,
                Optional.empty(), Optional.empty(), "1", List.of(), false, Optional.empty());
    }

    private static MasterSnapshot state(List<AgentSnapshot> agents, List<AgentInfo> recovered,
            FrameworkSnapshot.All frameworks) {
        return new MasterSnapshot(MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).build(), true,
                Optional.empty(), Instant.EPOCH, Optional.empty(), agents, recovered, frameworks, Map.of(), "drf",
                Map.of(), Map.of(), List.of());
    }

    private static MasterView viewOf(MasterSnapshot s) {
        return new MasterView() {
            @Override
            public CompletableFuture<MasterSnapshot> snapshot() {
                return s == null ? CompletableFuture.failedFuture(new IllegalStateException("stopped"))
                        : CompletableFuture.completedFuture(s);
            }

            @Override
            public List<AllocatorService> allocators() {
                return List.of();
            }

            @Override
            public String allocatorChoice() {
                return "";
            }

            @Override
            public CompletableFuture<org.agora.master.internal.maintenance.MaintenanceReport> maintenance() {
                return CompletableFuture.failedFuture(new IllegalStateException("not used by completers"));
            }

            @Override
            public CompletableFuture<Void> operate(Function<OperatorCalls, CompletionStage<Void>> change) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("read only"));
            }
        };
    }

    /** The command line {@code agora:tasks <typed>} with the cursor at its end. */
    private static CommandLine typed(String typed) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return typed;
            }

            @Override
            public int getArgumentPosition() {
                return typed.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {"agora:tasks", typed};
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return "agora:tasks " + typed;
            }
        };
    }

    private static List<String> complete(MasterView view, String typed) {
        FrameworkIdCompleter c = new FrameworkIdCompleter();
        c.master = view;
        return complete(c, typed);
    }

    private static List<String> complete(Completer c, String typed) {
        List<String> candidates = new ArrayList<>();
        c.complete(null, typed(typed), candidates);
        return candidates.stream().map(String::strip).toList();
    }

    @Test
    void frameworkIdsThatStartWithWhatWasTypedAreCandidatesTornDownOnesToo() {
        MasterSnapshot s = new MasterSnapshot(MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).build(),
                true, Optional.empty(), Instant.EPOCH, Optional.empty(), List.of(), List.of(),
                new FrameworkSnapshot.All(List.of(framework("abc-0001"), framework("abd-0002")),
                        List.of(framework("abc-0003"))), Map.of(), "drf", Map.of(), Map.of(), List.of());

        assertThat(complete(viewOf(s), "abc")).containsExactlyInAnyOrder("abc-0001", "abc-0003");
        assertThat(complete(viewOf(s), "x")).isEmpty();
    }

    @Test
    void aMasterThatDoesNotAnswerOffersNoCandidates() {
        assertThat(complete(viewOf(null), "")).isEmpty();
    }

    @Test
    void agentIdsOfRegisteredAndRecoveredAgentsAreCandidates() {
        AgentIdCompleter c = new AgentIdCompleter();
        c.master = viewOf(state(List.of(agent("S1-a"), agent("S2-b")), List.of(agentInfo("S1-c")),
                new FrameworkSnapshot.All(List.of(), List.of())));

        assertThat(complete(c, "S1")).containsExactlyInAnyOrder("S1-a", "S1-c");
        assertThat(complete(c, "")).containsExactlyInAnyOrder("S1-a", "S2-b", "S1-c");
    }

    @Test
    void taskIdsOfLiveFinishedAndTornDownFrameworksTasksAreCandidates() {
        AgentIdCompleter none = new AgentIdCompleter();
        none.master = viewOf(null);
        TaskIdCompleter c = new TaskIdCompleter();
        c.master = viewOf(state(List.of(), List.of(), new FrameworkSnapshot.All(
                List.of(framework("f1", List.of(task("web-1", "f1", TaskState.TASK_RUNNING)),
                        List.of(task("web-2", "f1", TaskState.TASK_FINISHED)))),
                List.of(framework("f0", List.of(), List.of(task("batch-1", "f0", TaskState.TASK_KILLED)))))));

        assertThat(complete(c, "web")).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(complete(c, "b")).containsExactly("batch-1");
        assertThat(complete(none, "")).isEmpty();
    }
}
