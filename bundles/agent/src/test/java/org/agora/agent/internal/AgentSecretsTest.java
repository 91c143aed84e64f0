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
package org.agora.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.secrets.file.internal.FileSecretResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets at launch, against a real agent (registered with a fake master's channel) running real command tasks, with
 * the real file resolver: the task's process sees the value, while the agent's state endpoints and everything it
 * writes in its work directory (checkpoints, status journals, sandbox files other than the task's own) do not.
 */
class AgentSecretsTest {
    /** Checkpointing, so that the task's TaskInfo and statuses are written to the work directory too. */
    static final FrameworkInfo FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-1"))
            .setName("fw").setUser(System.getProperty("user.name")).setCheckpoint(true).build();
    /** Unique, so that finding it anywhere means it leaked. */
    final String value = "s3cret-" + UUID.randomUUID();

    @TempDir
    Path workDir;
    @TempDir
    Path secretsDir;

    FakeMaster master;
    AgentComponent agent;
    final HttpClient http = HttpClient.newHttpClient();
    int port;

    @BeforeEach
    void start() throws Exception {
        Files.setPosixFilePermissions(secretsDir, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(secretsDir.resolve("db"));
        Files.writeString(secretsDir.resolve("db/password"), value);
        master = new FakeMaster();
        agent = new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", master.address(), "ip", "127.0.0.1", "hostname", "localhost", "work.dir",
                workDir.toString(), "resources", "cpus:2;mem:512;disk:100", "registration.backoff.ms", 50,
                "registration.backoff.max.ms", 500, "task.kill.grace.period.ms", 1000)));
        await().atMost(Duration.ofSeconds(20)).until(master::registered);
        port = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).info().getPort(), p -> p > 0);
    }

    @AfterEach
    void stop() {
        agent.stop();
        master.close();
    }

    void useFileResolver() {
        agent.useSecretResolver(new FileSecretResolver(Map.of("dir", secretsDir.toString())));
    }

    static Environment.Variable secretVariable(String name, String secretName, String key) {
        return Environment.Variable.newBuilder().setName(name).setType(Environment.Variable.Type.SECRET)
                .setSecret(Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(Secret.Reference
                        .newBuilder().setName(secretName).setKey(key))).build();
    }

    void run(TaskInfo.Builder task) {
        master.toAgent(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(FW).setTask(task
                .setName(task.getTaskId().getValue()).setAgentId(FakeMaster.ID))).build());
    }

    static TaskInfo.Builder task(String id, String command, Environment.Variable... env) {
        return TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue(id)).setCommand(CommandInfo.newBuilder()
                .setValue(command).setEnvironment(Environment.newBuilder().addAllVariables(List.of(env))));
    }

    /** The statuses the agent sent for the task, in order. */
    List<TaskStatus> statuses(String taskId) {
        return master.received.stream().filter(Envelope::hasStatusUpdate).map(Envelope::getStatusUpdate)
                .map(StatusUpdate::getStatus).filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
    }

    TaskStatus awaitFailed(String taskId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state(taskId).equals(Optional.of(
                TaskState.TASK_FAILED)));
        TaskStatus failed = statuses(taskId).get(statuses(taskId).size() - 1);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        return failed;
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    String getState() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_STATE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    Path sandboxOf(String taskId) throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).tasks().frameworks().get(0).executors().stream()
                .filter(e -> e.id().getValue().equals(taskId)).findFirst().orElseThrow().directory();
    }

    @Test
    void theTaskSeesTheValueWhileStateAndWorkDirectoryKeepOnlyTheReference() throws Exception {
        useFileResolver();
        run(task("t1", "printf %s \"$DB_PASSWORD\" > seen; exec sleep 60", secretVariable("DB_PASSWORD", "db",
                "password")));
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state("t1").equals(Optional.of(
                TaskState.TASK_RUNNING)));
        Path seen = sandboxOf("t1").resolve("seen");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(seen) && Files.size(seen) > 0);
        assertThat(Files.readString(seen)).isEqualTo(value);

        String state = get("/state");
        assertThat(state).contains("t1").doesNotContain(value);
        String v1State = getState();
        assertThat(v1State).contains("\"t1\"").doesNotContain(value);
        assertThat(get("/files/browse?path=" + sandboxOf("t1"))).doesNotContain(value);
        assertThat(master.received).noneMatch(e -> e.toByteString().toStringUtf8().contains(value));

        List<Path> holding;
        try (Stream<Path> files = Files.walk(workDir)) {
            holding = files.filter(Files::isRegularFile).filter(p -> !p.equals(seen))
                    .filter(p -> contains(p, value)).toList();
        }
        assertThat(holding).as("files of the work directory holding the secret's value").isEmpty();
        // the walk did look at the checkpointed TaskInfo: it is there, with the reference
        try (Stream<Path> files = Files.walk(workDir)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> contains(p, "DB_PASSWORD")).toList())
                    .isNotEmpty();
        }
    }

    /** A secret volume, through the real native containerizer with the same resolver. */
    private NativeContainerizer containerizerWithResolver() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: secret volumes are mounts");
        NativeContainerizer c = NativeContainerizer.withIsolation("");
        FileSecretResolver resolver = new FileSecretResolver(Map.of("dir", secretsDir.toString()));
        c.useSecretResolver(resolver);
        agent.useSecretResolver(resolver);
        agent.useContainerizer(c);
        return c;
    }

    static ContainerInfo.Builder secretVolume(String containerPath, String name, String key) {
        return ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).addVolumes(Volume.newBuilder()
                .setContainerPath(containerPath).setMode(Volume.Mode.RO).setSource(Volume.Source.newBuilder()
                        .setType(Volume.Source.Type.SECRET).setSecret(Secret.newBuilder()
                                .setType(Secret.Type.REFERENCE).setReference(Secret.Reference.newBuilder()
                                        .setName(name).setKey(key)))));
    }

    @Test
    void aSecretVolumeReachesTheTaskAsAFileAndNeitherStateNorWorkDirectoryNorFilesShowIt() throws Exception {
        NativeContainerizer c = containerizerWithResolver();
        try {
            run(task("v1", "sha256sum creds/db > digest; exec sleep 60").setContainer(secretVolume("creds/db", "db",
                    "password")));
            await().atMost(Duration.ofSeconds(20)).until(() -> master.state("v1").equals(Optional.of(
                    TaskState.TASK_RUNNING)));
            Path digest = sandboxOf("v1").resolve("digest");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(digest) && Files.size(digest) > 0);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
            assertThat(Files.readString(digest)).startsWith(expected + "  creds/db");

            assertThat(get("/state")).contains("v1").contains("creds/db").doesNotContain(value);
            assertThat(getState()).contains("\"v1\"").doesNotContain(value);
            assertThat(get("/files/browse?path=" + sandboxOf("v1"))).contains("creds").doesNotContain(value);
            assertThat(get("/files/read?path=" + sandboxOf("v1").resolve("creds/db") + "&offset=0"))
                    .doesNotContain(value);
            assertThat(master.received).noneMatch(e -> e.toByteString().toStringUtf8().contains(value));
            try (Stream<Path> files = Files.walk(workDir)) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> contains(p, value)).toList())
                        .as("files of the work directory holding the secret's value").isEmpty();
            }

            // the value lives on the tmpfs while the container runs, and goes with it
            Path secrets = Path.of("/run/agora/secrets", sandboxOf("v1").getFileName().toString());
            assertThat(secrets).isDirectory();
            master.toAgent(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FW.getId())
                    .setTaskId(TaskID.newBuilder().setValue("v1"))).build());
            await().atMost(Duration.ofSeconds(20)).until(() -> master.state("v1").equals(Optional.of(
                    TaskState.TASK_KILLED)));
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(secrets));
        } finally {
            c.stop();
        }
    }

    @Test
    void anUnresolvableSecretVolumeFailsTheLaunchNamingItsReference() throws Exception {
        NativeContainerizer c = containerizerWithResolver();
        try {
            run(task("v2", "touch ran; exec sleep 60").setContainer(secretVolume("creds/db", "db", "missing")));
            TaskStatus failed = awaitFailed("v2");
            assertThat(failed.getMessage()).contains("volume 'creds/db'", "'db'", "'missing'").doesNotContain(value);
            assertThat(statuses("v2")).noneMatch(s -> s.getState() == TaskState.TASK_RUNNING);
        } finally {
            c.stop();
        }
    }

    static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aSecretThatCannotBeResolvedFailsTheTaskNamingItsReference() throws Exception {
        useFileResolver();
        run(task("t2", "touch ran; exec sleep 60", secretVariable("API_KEY", "db", "missing")));
        TaskStatus failed = awaitFailed("t2");
        assertThat(failed.getMessage()).contains("API_KEY", "'db'", "'missing'", "does not exist")
                .doesNotContain(value);
        assertThat(statuses("t2")).noneMatch(s -> s.getState() == TaskState.TASK_RUNNING);
    }

    @Test
    void aSecretThatIsNotTextFailsTheTask() throws Exception {
        Files.write(secretsDir.resolve("db/binary"), new byte[] {'a', 0, 'b'});
        useFileResolver();
        run(task("t6", "exec sleep 60", secretVariable("BIN", "db", "binary")));
        assertThat(awaitFailed("t6").getMessage()).contains("BIN", "'db'", "'binary'", "is not text");
    }

    @Test
    void aReferenceLeavingTheSecretsDirectoryIsRefused() throws Exception {
        useFileResolver();
        run(task("t3", "exec sleep 60", secretVariable("X", "../etc", "passwd")));
        assertThat(awaitFailed("t3").getMessage()).contains("'../etc'", "'..'");
    }

    @Test
    void withoutAResolverASecretVariableFailsTheTask() throws Exception {
        run(task("t4", "exec sleep 60", secretVariable("DB_PASSWORD", "db", "password")));
        assertThat(awaitFailed("t4").getMessage()).contains("DB_PASSWORD", "'db'", "'password'",
                "no secret resolver");
    }

    @Test
    void aSecretVolumeIsRefusedWithoutAContainerizer() throws Exception {
        useFileResolver();
        run(task("t5", "exec sleep 60").setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("/run/secret").setMode(Volume.Mode.RO)
                        .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET).setSecret(Secret
                                .newBuilder().setType(Secret.Type.REFERENCE).setReference(Secret.Reference
                                        .newBuilder().setName("db").setKey("password")))))));
        assertThat(awaitFailed("t5").getMessage()).contains("/run/secret", "secret volumes", "'db'",
                "need the native containerizer");
    }
}
