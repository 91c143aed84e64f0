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

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.executor.Protos.Call;
import org.agora.api.v1.executor.Protos.Event;

/**
 * A small real executor, run as its own JVM by the agent: speaks the v1 executor API over HTTP (protobuf, RecordIO)
 * with the JDK's client, as a framework's executor would. What a task does is its {@code data}:
 * <ul>
 *   <li>{@code finish}: TASK_RUNNING, then TASK_FINISHED;</li>
 *   <li>{@code run}: TASK_RUNNING, then TASK_FINISHED once a file {@code release-<task id>} appears in the sandbox
 *       (TASK_KILLED on a KILL);</li>
 *   <li>{@code linger}: as {@code finish}, and the executor stays when its tasks have ended (until SHUTDOWN).</li>
 * </ul>
 * A MESSAGE from the scheduler is answered with a MESSAGE "echo:" + data. Every call carries the token the agent
 * gave it in MESOS_EXECUTOR_AUTHENTICATION_TOKEN ({@code Authorization: Bearer}), as Mesos's executor libraries send
 * it, when there is one. It writes its environment to {@code env} and its pid to {@code executor.pid} in its
 * sandbox. When the agent goes away it subscribes again (within MESOS_SUBSCRIPTION_BACKOFF_MAX) if its framework
 * checkpoints, with its unacknowledged updates and tasks, and exits otherwise. Unless a task asked it to linger, it
 * exits once every task it got has ended and the agent acknowledged every update.
 */
public final class TestExecutor {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final FrameworkID frameworkId;
    private final ExecutorID executorId;
    /** The Authorization header of every call: the token the agent signed for this executor; empty without one. */
    private final Optional<String> authorization;
    private final boolean checkpoint;
    private final Duration backoffMax;
    private final Path sandbox = Path.of("").toAbsolutePath();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** uuid → update the agent has not acknowledged yet. */
    private final Map<ByteString, Call.Update> unacknowledgedUpdates = new ConcurrentHashMap<>();
    /** Tasks of which no update was acknowledged yet. */
    private final Map<String, TaskInfo> unacknowledgedTasks = new ConcurrentHashMap<>();
    private final Map<String, TaskState> states = new ConcurrentHashMap<>();
    /** A task asked the executor to stay after its tasks ended, as long-lived executors do. */
    private volatile boolean linger;

    private TestExecutor(Map<String, String> env) {
        this.endpoint = URI.create("http://" + env.get("MESOS_AGENT_ENDPOINT") + "/api/v1/executor");
        this.frameworkId = FrameworkID.newBuilder().setValue(env.get("MESOS_FRAMEWORK_ID")).build();
        this.executorId = ExecutorID.newBuilder().setValue(env.get("MESOS_EXECUTOR_ID")).build();
        this.authorization = Optional.ofNullable(env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN"))
                .filter(t -> !t.isEmpty()).map(t -> "Bearer " + t);
        this.checkpoint = "1".equals(env.get("MESOS_CHECKPOINT"));
        this.backoffMax = checkpoint ? parse(env.get("MESOS_SUBSCRIPTION_BACKOFF_MAX")) : Duration.ZERO;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new TreeMap<>(System.getenv());
        StringBuilder dump = new StringBuilder();
        env.forEach((k, v) -> dump.append(k).append('=').append(v).append('\n'));
        Files.writeString(Path.of("env"), dump);
        Files.writeString(Path.of("executor.pid"), Long.toString(ProcessHandle.current().pid()));
        new TestExecutor(env).run();
    }

    private void run() throws Exception {
        Duration recovery = checkpoint ? parse(System.getenv("MESOS_RECOVERY_TIMEOUT")) : Duration.ZERO;
        long giveUp = Long.MAX_VALUE;
        while (true) {
            try {
                subscribe();
                giveUp = Long.MAX_VALUE;
            } catch (IOException e) {
                log("subscription ended: " + e);
            }
            if (!checkpoint) {
                log("disconnected and the framework does not checkpoint: exiting");
                System.exit(1);
            }
            if (giveUp == Long.MAX_VALUE) {
                giveUp = System.nanoTime() + recovery.toNanos();
            }
            if (System.nanoTime() > giveUp) {
                log("could not subscribe again within the recovery timeout: exiting");
                System.exit(1);
            }
            Thread.sleep(Math.min(200, backoffMax.toMillis()));
        }
    }

    /** One subscription: SUBSCRIBE, then events until the stream ends. */
    private void subscribe() throws IOException, InterruptedException {
        Call.Subscribe.Builder s = Call.Subscribe.newBuilder().addAllUnacknowledgedUpdates(
                unacknowledgedUpdates.values()).addAllUnacknowledgedTasks(unacknowledgedTasks.values());
        HttpResponse<InputStream> r = http.send(request()
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call(Call.Type.SUBSCRIBE).setSubscribe(s).build()
                        .toByteArray())).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("SUBSCRIBE answered " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = r.body()) {
            byte[] record;
            while ((record = RecordIoRecords.next(in)) != null) {
                handle(Event.parseFrom(record));
            }
        }
        throw new IOException("the agent closed the event stream");
    }

    private void handle(Event e) throws IOException {
        switch (e.getType()) {
            case SUBSCRIBED -> log("SUBSCRIBED to agent " + e.getSubscribed().getAgentInfo().getId().getValue());
            case LAUNCH -> launch(e.getLaunch().getTask());
            case LAUNCH_GROUP -> e.getLaunchGroup().getTaskGroup().getTasksList().forEach(this::launch);
            case KILL -> update(e.getKill().getTaskId(), TaskState.TASK_KILLED);
            case ACKNOWLEDGED -> {
                unacknowledgedUpdates.remove(e.getAcknowledged().getUuid());
                unacknowledgedTasks.remove(e.getAcknowledged().getTaskId().getValue());
                exitWhenDone();
            }
            case MESSAGE -> post(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(ByteString
                    .copyFromUtf8("echo:" + e.getMessage().getData().toStringUtf8()))).build());
            case SHUTDOWN -> {
                List<CompletableFuture<?>> sent = new ArrayList<>();
                states.forEach((id, state) -> {
                    if (!terminal(state)) {
                        sent.add(update(TaskID.newBuilder().setValue(id).build(), TaskState.TASK_KILLED));
                    }
                });
                CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).orTimeout(5, TimeUnit.SECONDS)
                        .handle((v, x) -> null).join();
                System.exit(0);
            }
            case ERROR -> log("ERROR: " + e.getError().getMessage());
            default -> { }
        }
    }

    private void launch(TaskInfo task) {
        String id = task.getTaskId().getValue();
        unacknowledgedTasks.put(id, task);
        update(task.getTaskId(), TaskState.TASK_RUNNING);
        String what = task.getData().toStringUtf8();
        if (what.equals("linger")) {
            linger = true;
        }
        if (what.equals("finish") || what.equals("linger")) {
            update(task.getTaskId(), TaskState.TASK_FINISHED);
        } else {
            Path release = sandbox.resolve("release-" + id);
            timer.scheduleWithFixedDelay(() -> {
                if (Files.exists(release) && !terminal(states.get(id))) {
                    update(task.getTaskId(), TaskState.TASK_FINISHED);
                }
            }, 20, 20, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized CompletableFuture<?> update(TaskID taskId, TaskState state) {
        if (terminal(states.get(taskId.getValue()))) {
            return CompletableFuture.completedFuture(null);
        }
        states.put(taskId.getValue(), state);
        UUID uuid = UUID.randomUUID();
        ByteString bytes = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
        Call.Update u = Call.Update.newBuilder().setStatus(TaskStatus.newBuilder().setTaskId(taskId).setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setExecutorId(executorId).setUuid(bytes)).build();
        unacknowledgedUpdates.put(bytes, u);
        return post(call(Call.Type.UPDATE).setUpdate(u).build());
    }

    /** A call on its own connection; when the agent is away the update stays unacknowledged, for the resubscribe. */
    private CompletableFuture<?> post(Call call) {
        return http.sendAsync(request().header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 202) {
                        log(call.getType() + " not taken: " + (e != null ? e : r.statusCode() + " " + r.body()));
                    }
                });
    }

    /** A request to the executor API, with the executor's token. */
    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private void exitWhenDone() {
        if (!linger && !states.isEmpty() && states.values().stream().allMatch(TestExecutor::terminal)
                && unacknowledgedUpdates.isEmpty()) {
            log("every task ended and every update was acknowledged: exiting");
            System.exit(0);
        }
    }

    private Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
    }

    private static boolean terminal(TaskState s) {
        return s == TaskState.TASK_FINISHED || s == TaskState.TASK_FAILED || s == TaskState.TASK_KILLED;
    }

    /** Mesos's durations: "2secs", "15mins", "500ms". */
    static Duration parse(String text) {
        String[] units = {"ns", "us", "ms", "secs", "mins", "hrs", "days", "weeks"};
        long[] nanos = {1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L,
            86_400_000_000_000L, 604_800_000_000_000L};
        for (int i = units.length - 1; i >= 0; i--) {
            if (text.endsWith(units[i])) {
                double value = Double.parseDouble(text.substring(0, text.length() - units[i].length()));
                return Duration.ofNanos((long) (value * nanos[i]));
            }
        }
        throw new IllegalArgumentException("not a duration: " + text);
    }

    private static void log(String message) {
        System.out.println("test-executor: " + message);
        System.out.flush();
    }
}
