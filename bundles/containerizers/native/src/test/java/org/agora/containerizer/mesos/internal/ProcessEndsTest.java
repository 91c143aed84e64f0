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
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ends of processes that are not this JVM's children, a zombie counting as ended. */
class ProcessEndsTest {
    private final List<Process> started = new ArrayList<>();
    private final ProcessEnds ends = new ProcessEnds("process-ends-test");

    @AfterEach
    void stop() {
        ends.close();
        started.forEach(Process::destroyForcibly);
    }

    /** A child of a shell that becomes {@code sleep 60} and never reaps it: the child's pid. */
    private long unreapedGrandchild(String child) throws Exception {
        Process parent = new ProcessBuilder("/bin/sh", "-c", child + " & echo $!; exec /bin/sleep 60").start();
        started.add(parent);
        return Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine().trim());
    }

    @Test
    void aProcessThatEndsAsAZombieHasEndedThoughJavaCountsItAlive() throws Exception {
        long pid = unreapedGrandchild("/bin/sleep 1");
        CompletableFuture<Void> ended = ends.ended(pid);
        assertThat(ended).isNotDone();
        assertThat(ProcessEnds.running(pid)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(ended::isDone);

        assertThat(Path.of("/proc", Long.toString(pid))).as("a zombie: nobody reaps it").exists();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("what ProcessHandle would say")
                .contains(true);
        assertThat(ProcessEnds.running(pid)).isFalse();
        assertThat(ProcessEnds.running(started.get(0).pid())).isTrue();
    }

    @Test
    void aProcessThatIsGoneOrAZombieHasEndedAtOnce() throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();
        assertThat(ends.ended(gone.pid())).isDone();

        long zombie = unreapedGrandchild("/bin/true");
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessEnds.running(zombie));
        assertThat(ends.ended(zombie)).isDone();
    }

    @Test
    void aRunningProcessHasAStartTimeThatDoesNotChange() throws Exception {
        Process sleeper = new ProcessBuilder("/bin/sleep", "60").start();
        started.add(sleeper);

        assertThat(ProcessEnds.startTime(sleeper.pid())).isPresent().isEqualTo(ProcessEnds.startTime(sleeper.pid()));
        assertThat(ends.ended(sleeper.pid())).isNotDone();

        sleeper.destroyForcibly().waitFor();
        assertThat(ProcessEnds.startTime(sleeper.pid())).isEmpty();
    }
}
