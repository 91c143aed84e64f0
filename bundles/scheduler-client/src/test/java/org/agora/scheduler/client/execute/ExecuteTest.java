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
package org.agora.scheduler.client.execute;

import static org.agora.scheduler.client.execute.OfferSlicerTest.offer;
import static org.agora.scheduler.client.execute.OfferSlicerTest.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** agora-execute end to end against a scheduler-API peer that plays master and agents. */
class ExecuteTest {

    private final SchedulerApiPeer peer = SchedulerApiPeer.start();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    /** How each launched task ends, by instance number (the task id's last part); FINISHED unless said. */
    private final Map<String, TaskStatus> endings = new ConcurrentHashMap<>();
    private volatile boolean tasksEnd = true;
    private volatile boolean tasksStart = true;

    @AfterEach
    void stop() {
        peer.close();
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** The peer offers these offers once subscribed, and runs launched tasks: RUNNING, then their ending. */
    private void cluster(Offer... offers) {
        peer.onSubscribe(stream -> stream.send(Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addAllOffers(List.of(offers))).build()));
        peer.onCall(received -> {
            if (received.call().getType() != Call.Type.ACCEPT || !tasksStart) {
                return;
            }
            for (Offer.Operation operation : received.call().getAccept().getOperationsList()) {
                for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    String instance = task.getTaskId().getValue().substring(task.getTaskId().getValue()
                            .lastIndexOf('-') + 1);
                    TaskStatus running = TaskStatus.newBuilder().setTaskId(task.getTaskId())
                            .setAgentId(task.getAgentId()).setState(TaskState.TASK_RUNNING)
                            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                            .setUuid(ByteString.copyFromUtf8("running-" + instance)).build();
                    update(running);
                    update(running); // a retry the agent sent before the acknowledgement arrived: printed once
                    if (tasksEnd) {
                        TaskStatus end = endings.getOrDefault(instance, TaskStatus.newBuilder()
                                .setState(TaskState.TASK_FINISHED).setMessage("Command exited with status 0")
                                .buildPartial());
                        update(end.toBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
                                .setUuid(ByteString.copyFromUtf8("end-" + instance)).build());
                    }
                }
            }
        });
    }

    private void update(TaskStatus status) {
        peer.stream().send(Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }

    private int execute(String... args) {
        return Execute.run(args, out, err, Duration.ofSeconds(5));
    }

    @Test
    void oneTaskIsLaunchedOnAnOfferFollowedAcknowledgedAndTornDown() {
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));

        int status = execute("--master", peer.address(), "--name", "hello", "--command", "echo hi");

        assertThat(status).as(err()).isZero();
        Call.Accept accept = peer.calls(Call.Type.ACCEPT).get(0).getAccept();
        assertThat(accept.getOfferIdsList()).extracting(id -> id.getValue()).containsExactly("offer-agent-1");
        TaskInfo task = accept.getOperations(0).getLaunch().getTaskInfos(0);
        assertThat(task.getName()).isEqualTo("hello");
        assertThat(task.getTaskId().getValue()).matches("agora-execute-[0-9a-f-]{36}-0");
        assertThat(task.getAgentId().getValue()).isEqualTo("agent-1");
        assertThat(task.getResourcesList()).containsExactly(scalar("cpus", 0.1, "*"), scalar("mem", 32, "*"));
        assertThat(task.getCommand().getValue()).isEqualTo("echo hi");
        assertThat(task.getCommand().getShell()).isTrue();
        String id = task.getTaskId().getValue();
        assertThat(out()).contains("task " + id + " TASK_RUNNING on agent agent-1 (agent-1.example)\n",
                "task " + id + " TASK_FINISHED on agent agent-1 (agent-1.example)\n");
        assertThat(out().split("TASK_RUNNING", -1)).hasSize(2);
        assertThat(peer.calls(Call.Type.ACKNOWLEDGE)).extracting(c -> c.getAcknowledge().getUuid().toStringUtf8())
                .containsExactlyInAnyOrder("running-0", "running-0", "end-0");
        assertThat(peer.calls(Call.Type.SUPPRESS)).hasSize(1);
        assertThat(peer.calls(Call.Type.TEARDOWN)).hasSize(1);
        Call subscribe = peer.subscribes().get(0);
        assertThat(subscribe.getSubscribe().getFrameworkInfo().getName()).isEqualTo("agora-execute");
        assertThat(subscribe.getSubscribe().getFrameworkInfo().getRolesList()).containsExactly("*");
        assertThat(peer.stream().isJson()).isFalse();
    }

    @Test
    void aSingleTaskExitsWithItsCommandsStatus() {
        endings.put("0", TaskStatus.newBuilder().setState(TaskState.TASK_FAILED)
                .setMessage("Command exited with status 3")
                .setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED).buildPartial());
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));

        int status = execute("--master", peer.address(), "--name", "fails", "--command", "exit 3");

        assertThat(status).isEqualTo(3);
        assertThat(out()).containsPattern("TASK_FAILED on agent agent-1 \\(agent-1.example\\): Command exited with"
                + " status 3 \\(REASON_COMMAND_EXECUTOR_FAILED\\)");
        assertThat(peer.calls(Call.Type.TEARDOWN)).hasSize(1);
    }

    @Test
    void instancesFillOffersAsFarAsTheyFitAndOneFailureFailsTheRun() {
        endings.put("1", TaskStatus.newBuilder().setState(TaskState.TASK_KILLED).setMessage("killed by operator")
                .buildPartial());
        cluster(offer("agent-0", scalar("cpus", 0.1, "*"), scalar("mem", 1024, "*")),
                offer("agent-1", scalar("cpus", 1, "*"), scalar("mem", 256, "*")),
                offer("agent-2", scalar("cpus", 4, "*"), scalar("mem", 4096, "*")),
                offer("agent-3", scalar("cpus", 4, "*"), scalar("mem", 4096, "*")));

        int status = execute("--master", peer.address(), "--name", "many", "--command", "sleep 1",
                "--instances", "3", "--cpus", "0.5", "--mem", "64");

        assertThat(status).isEqualTo(1);
        // one ACCEPT per offer used; they travel concurrently, so in either order
        assertThat(peer.calls(Call.Type.ACCEPT)).extracting(accept -> accept.getAccept().getOperations(0)
                .getLaunch().getTaskInfosList().stream().map(t -> t.getName() + "@" + t.getAgentId().getValue())
                .toList())
                .containsExactlyInAnyOrder(List.of("many-0@agent-1", "many-1@agent-1"), List.of("many-2@agent-2"));
        assertThat(peer.calls(Call.Type.DECLINE)).extracting(c -> c.getDecline().getOfferIds(0).getValue())
                .containsExactlyInAnyOrder("offer-agent-0", "offer-agent-3");
        assertThat(out()).contains("offer from agent agent-0 (agent-0.example) too small",
                "TASK_KILLED on agent agent-1 (agent-1.example): killed by operator",
                "3 tasks: 2 TASK_FINISHED, 1 TASK_KILLED");
    }

    @Test
    void optionsReachTheWireInJson() {
        cluster(offer("agent-1", scalar("cpus", 2, "eng"), scalar("mem", 1024, "eng")));

        int status = execute("--master", peer.address(), "--name", "argv", "--command", "/bin/echo a  b",
                "--no-shell", "--env", "GREETING=hi there", "--user", "alice", "--role", "eng",
                "--framework-name", "fw", "--json");

        assertThat(status).as(err()).isZero();
        assertThat(peer.stream().isJson()).isTrue();
        assertThat(peer.received()).allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/json"));
        var info = peer.subscribes().get(0).getSubscribe().getFrameworkInfo();
        assertThat(info.getUser()).isEqualTo("alice");
        assertThat(info.getName()).isEqualTo("fw");
        assertThat(info.getRolesList()).containsExactly("eng");
        TaskInfo task = peer.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0).getLaunch().getTaskInfos(0);
        assertThat(task.getCommand().getShell()).isFalse();
        assertThat(task.getCommand().getValue()).isEqualTo("/bin/echo");
        assertThat(task.getCommand().getArgumentsList()).containsExactly("/bin/echo", "a", "b");
        assertThat(task.getCommand().getEnvironment().getVariablesList())
                .extracting(v -> v.getName() + "=" + v.getValue()).containsExactly("GREETING=hi there");
        assertThat(task.getResourcesList()).containsExactly(scalar("cpus", 0.1, "eng"), scalar("mem", 32, "eng"));
        assertThat(peer.calls(Call.Type.SUPPRESS).get(0).getSuppress().getRolesList()).containsExactly("eng");
    }

    @Test
    void ctrlCKillsTheTasksAndTearsDown() {
        tasksEnd = false;
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));
        ExecuteOptions options;
        try {
            options = ExecuteOptions.parse(new String[] {"--master", peer.address(), "--name", "long",
                    "--command", "sleep 1000", "--instances", "2"}, "tester");
        } catch (UsageException e) {
            throw new AssertionError(e);
        }
        Execution execution = new Execution(options, out, err, Duration.ofSeconds(5));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(execution::run);
        await().atMost(5, TimeUnit.SECONDS).until(() -> out().split("TASK_RUNNING", -1).length == 3);

        execution.interrupt();

        assertThat(run.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(Execution.INTERRUPTED);
        assertThat(peer.calls(Call.Type.KILL)).extracting(c -> c.getKill().getTaskId().getValue() + "@"
                + c.getKill().getAgentId().getValue()).hasSize(2).allMatch(s -> s.endsWith("@agent-1"));
        assertThat(peer.calls(Call.Type.TEARDOWN)).hasSize(1);
        assertThat(err()).contains("interrupted; killing 2 task(s)");
    }

    @Test
    void anUnreachableMasterIsAClearError() {
        int port = peer.port();
        peer.close();

        int status = execute("--master", "127.0.0.1:" + port, "--name", "n", "--command", "true");

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("cannot reach master 127.0.0.1:" + port);
    }

    @Test
    void aRejectedLaunchEndsTheRun() {
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));
        peer.reject(Call.Type.ACCEPT, 400, "Task uses more resources than offered");

        assertThat(execute("--master", peer.address(), "--name", "n", "--command", "true")).isEqualTo(1);
        assertThat(err()).contains("launching on agent agent-1 failed", "400 Task uses more resources than offered");
        assertThat(peer.calls(Call.Type.TEARDOWN)).hasSize(1);
    }

    @Test
    void aMasterThatDoesNotComeBackEndsTheRunAfterTheFailoverWait() {
        SchedulerApiPeer closing = SchedulerApiPeer.start();
        closing.onSubscribe(SchedulerApiPeer.Stream::close);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> execute("--master", closing.address(),
                "--name", "n", "--command", "true", "--failover-wait", "1"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> err().contains("lost master " + closing.address()));
        closing.close();

        assertThat(run.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1);
        assertThat(err()).contains("waiting up to 1 s for a leading master",
                "no master took the framework back within 1 s (--failover-wait)");
        assertThat(closing.subscribes()).allSatisfy(call -> assertThat(call.getSubscribe().getFrameworkInfo()
                .getFailoverTimeout()).isZero());
    }

    @Test
    void aStreamTheMasterClosesIsResubscribedReconciledAndTheRunCarriesOn() {
        tasksEnd = false;
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));
        peer.onCall(received -> {
            if (received.call().getType() == Call.Type.RECONCILE) {
                for (Call.Reconcile.Task task : received.call().getReconcile().getTasksList()) {
                    TaskStatus.Builder known = TaskStatus.newBuilder().setTaskId(task.getTaskId())
                            .setAgentId(task.getAgentId()).setSource(TaskStatus.Source.SOURCE_MASTER)
                            .setReason(TaskStatus.Reason.REASON_RECONCILIATION);
                    update(known.setState(TaskState.TASK_RUNNING).build());
                    update(known.setState(TaskState.TASK_FINISHED).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                            .clearReason().setUuid(ByteString.copyFromUtf8("end")).build());
                }
            }
        });
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> execute("--master", peer.address(),
                "--name", "n", "--command", "sleep 10", "--failover-timeout", "30"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> out().contains("TASK_RUNNING"));
        SchedulerApiPeer.Stream first = peer.stream();

        first.close();

        assertThat(run.orTimeout(10, TimeUnit.SECONDS).join()).as(err()).isZero();
        String framework = first.frameworkId().getValue();
        assertThat(peer.subscribes()).hasSize(2).last().satisfies(call -> {
            assertThat(call.getFrameworkId().getValue()).isEqualTo(framework);
            assertThat(call.getSubscribe().getFrameworkInfo().getFailoverTimeout()).isEqualTo(30);
        });
        assertThat(err()).containsOnlyOnce("agora-execute: lost master " + peer.address());
        assertThat(out()).containsOnlyOnce("re-subscribed to master " + peer.address() + " as framework " + framework)
                .containsOnlyOnce("TASK_RUNNING").containsOnlyOnce("TASK_FINISHED");
        String task = peer.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0).getLaunch().getTaskInfos(0)
                .getTaskId().getValue();
        assertThat(peer.calls(Call.Type.ACCEPT)).as("launched once").hasSize(1);
        assertThat(peer.calls(Call.Type.RECONCILE)).singleElement().satisfies(call -> assertThat(call.getReconcile()
                .getTasksList()).extracting(t -> t.getTaskId().getValue() + "@" + t.getAgentId().getValue())
                .containsExactly(task + "@agent-1"));
        assertThat(peer.calls(Call.Type.SUPPRESS)).as("again on the new stream").hasSize(2);
        assertThat(peer.calls(Call.Type.TEARDOWN)).hasSize(1);
    }

    @Test
    void aLaunchNoMasterTookIsMadeAgainOnTheNextOfferWithTheSameTask() {
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));
        peer.reject(Call.Type.ACCEPT, 503, "No leader elected", 1); // as a master that just lost the leadership
        peer.onCall(received -> {
            if (received.call().getType() == Call.Type.REVIVE) {
                peer.stream().send(offers(offer("agent-2", scalar("cpus", 2, "*"), scalar("mem", 1024, "*"))));
            }
        });

        assertThat(execute("--master", peer.address(), "--name", "n", "--command", "true")).as(err()).isZero();

        TaskInfo task = peer.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0).getLaunch()
                .getTaskInfos(0);
        String id = task.getTaskId().getValue();
        assertThat(task.getAgentId().getValue()).isEqualTo("agent-2");
        assertThat(out()).contains("task " + id + " was not launched (ACCEPT to master " + peer.address()
                + ": 503 No leader elected); it waits for another offer")
                .containsOnlyOnce("TASK_FINISHED").containsOnlyOnce("launching on agent agent-2");
    }

    @Test
    void aTaskDroppedForOffersOfTheMasterBeforeTheFailoverIsLaunchedAgain() {
        tasksStart = false;
        cluster(offer("agent-1", scalar("cpus", 2, "*"), scalar("mem", 1024, "*")));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> execute("--master", peer.address(),
                "--name", "n", "--command", "true"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> peer.calls(Call.Type.ACCEPT).size() == 1);
        String id = peer.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0).getLaunch().getTaskInfos(0)
                .getTaskId().getValue();
        peer.stream().close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> out().contains("re-subscribed"));
        tasksStart = true;

        // what a new leader tells a framework that is not partition-aware about an ACCEPT of the old one's offers
        update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(org.agora.api.v1.Protos.AgentID.newBuilder().setValue("agent-1"))
                .setState(TaskState.TASK_LOST).setReason(TaskStatus.Reason.REASON_INVALID_OFFERS)
                .setMessage("Offer offer-agent-1 is no longer valid").build());
        await().atMost(5, TimeUnit.SECONDS).until(() -> out().contains("was not launched"));
        peer.stream().send(offers(offer("agent-2", scalar("cpus", 2, "*"), scalar("mem", 1024, "*"))));

        assertThat(run.orTimeout(10, TimeUnit.SECONDS).join()).as(err()).isZero();
        assertThat(peer.calls(Call.Type.ACCEPT)).extracting(c -> c.getAccept().getOperations(0).getLaunch()
                .getTaskInfos(0).getTaskId().getValue() + "@" + c.getAccept().getOperations(0).getLaunch()
                .getTaskInfos(0).getAgentId().getValue()).containsExactly(id + "@agent-1", id + "@agent-2");
        assertThat(out()).doesNotContain("TASK_LOST").containsOnlyOnce("TASK_FINISHED");
    }

    private static Event offers(Offer offer) {
        return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addOffers(offer))
                .build();
    }

    @Test
    void badOptionsPrintTheUsage() {
        assertThat(execute("--name", "n")).isEqualTo(Execute.USAGE_ERROR);
        assertThat(err()).startsWith("agora-execute: option --master is required\nUsage: agora-execute");
        assertThat(peer.subscribes()).isEmpty();

        assertThat(execute("--help")).isZero();
        assertThat(out()).startsWith("Usage: agora-execute");
    }
}
