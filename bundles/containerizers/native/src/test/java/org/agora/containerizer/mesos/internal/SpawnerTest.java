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
package org.agora.containerizer.mesos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spawner as the build ships it ({@code agora-launcher --serve}), with real processes. */
class SpawnerTest {
    @TempDir
    Path dir;

    private Path launcher;
    private Spawner spawner;
    private final List<Long> started = new ArrayList<>();

    @BeforeEach
    void needsTheBinary() throws Exception {
        try (InputStream in = LauncherBinary.class.getResourceAsStream(LauncherBinary.RESOURCE)) {
            assumeTrue(in != null, "this build has no native launcher (no gcc at build time)");
        }
        launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        spawner = new Spawner(launcher);
    }

    @AfterEach
    void stop() {
        if (spawner != null) {
            spawner.close();
        }
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Spawner.Spawned spawn(boolean steps, List<String> argv, Map<String, String> env) throws IOException {
        Spawner.Spawned s = spawner.spawn(steps, argv, env, dir, dir.resolve("out"), dir.resolve("err"));
        started.add(s.pid());
        return s;
    }

    @Test
    void theLaunchersStepsRunInTheChildWithExactlyTheEnvironmentInTheDirectoryAppendingOutput() throws Exception {
        Files.writeString(dir.resolve("out"), "before\n");
        Spawner.Spawned s = spawn(true, List.of(launcher.toString(), "--exit-status", dir.resolve("status")
                .toString(), "--", "/bin/sh", "-c", "echo $GREETING from $(pwd) with ${HOME:-no home}; "
                + "ls /proc/self/fd | wc -l; echo oops >&2; exit 3"), Map.of("GREETING", "hello", "PATH", "/bin"));
        assertThat(s.exit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        // nothing of this JVM's environment (HOME); descriptors 0, 1, 2 and ls's own
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly("before",
                "hello from " + dir + " with no home", "4");
        assertThat(dir.resolve("err")).hasContent("oops\n");
        assertThat(dir.resolve("status")).hasContent("3\n");
    }

    @Test
    void withoutTheLaunchersStepsTheArgvIsExecutedAndASignalEndsAs128PlusIt() throws Exception {
        Spawner.Spawned s = spawn(false, List.of("/bin/sh", "-c", "kill -KILL $$"), Map.of("PATH", "/bin"));
        assertThat(s.exit().get(30, TimeUnit.SECONDS)).isEqualTo(128 + 9);
        Spawner.Spawned missing = spawn(false, List.of("no-such-program"), Map.of("PATH", "/bin"));
        assertThat(missing.exit().get(30, TimeUnit.SECONDS)).isEqualTo(127);
        assertThat(dir.resolve("err")).hasContent("agora launcher: cannot execute no-such-program: No such file or "
                + "directory\n");
    }

    @Test
    void anOutputFileThatCannotBeOpenedIsRefusedSayingWhyAndNothingRuns() {
        Path nowhere = dir.resolve("missing/out");
        assertThatThrownBy(() -> spawner.spawn(false, List.of("/bin/true"), Map.of(), dir, nowhere,
                dir.resolve("err"))).isInstanceOf(IOException.class)
                .hasMessage("cannot open " + nowhere + ": No such file or directory");
        assertThatThrownBy(() -> spawner.spawn(false, List.of("/bin/true", "a\0b"), Map.of(), dir,
                dir.resolve("out"), dir.resolve("err"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyAtOnceEachHearsItsOwnEnd() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Spawner.Spawned> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int base = t * 25;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        all.add(spawn(false, List.of("/bin/sh", "-c", "exit " + ((base + i) % 100)), Map.of()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).hasSize(200);
        List<Integer> codes = new ArrayList<>();
        for (Spawner.Spawned s : all) {
            codes.add(s.exit().get(30, TimeUnit.SECONDS));
        }
        assertThat(codes.stream().sorted().toList()).isEqualTo(java.util.stream.IntStream.range(0, 200)
                .map(i -> i % 100).sorted().boxed().toList());
    }

    @Test
    void aSpawnerThatDiesLeavesItsProcessesWatchedAndTheNextLaunchStartsANewOne() throws Exception {
        Spawner.Spawned sleeper = spawn(false, List.of("/bin/sleep", "300"), Map.of());
        long first = spawner.serverPid().orElseThrow();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> spawner.serverPid().isEmpty());
        assertThat(ProcessHandle.of(sleeper.pid()).map(ProcessHandle::isAlive)).hasValue(true);
        ProcessHandle.of(sleeper.pid()).orElseThrow().destroyForcibly();
        // its end is still heard, without a status: the agent reads the exit-status file for that
        assertThat(sleeper.exit().get(30, TimeUnit.SECONDS)).isNull();
        Spawner.Spawned next = spawn(false, List.of("/bin/true"), Map.of());
        assertThat(next.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(spawner.serverPid()).isPresent().isNotEqualTo(java.util.OptionalLong.of(first));
    }

    @Test
    void closedItTakesNoMoreLaunchesButReapsWhatItStartedThenEnds() throws Exception {
        Spawner.Spawned sleeper = spawn(false, List.of("/bin/sleep", "300"), Map.of());
        ProcessHandle server = ProcessHandle.of(spawner.serverPid().orElseThrow()).orElseThrow();
        spawner.close();
        assertThatThrownBy(() -> spawn(false, List.of("/bin/true"), Map.of())).isInstanceOf(IOException.class)
                .hasMessage("the containerizer is stopping");
        // the sleeper still has its parent: the spawner stays while a child of its runs
        assertThat(ProcessHandle.of(sleeper.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .hasValue(server.pid());
        ProcessHandle.of(sleeper.pid()).orElseThrow().destroyForcibly();
        server.onExit().get(30, TimeUnit.SECONDS);
        // reaped by the spawner, not left a zombie
        assertThat(ProcessEnds.running(sleeper.pid())).isFalse();
        assertThat(Path.of("/proc", Long.toString(sleeper.pid()))).doesNotExist();
    }

    @Test
    void exitValueFollowsJavasConvention() {
        assertThat(Spawner.exitValue(3 << 8)).isEqualTo(3);
        assertThat(Spawner.exitValue(0)).isZero();
        assertThat(Spawner.exitValue(9)).isEqualTo(137);
        assertThat(Spawner.exitValue(15 | 0x80)).isEqualTo(143); // with a core dump
    }
}
