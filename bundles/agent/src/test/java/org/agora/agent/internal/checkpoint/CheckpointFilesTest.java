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
package org.agora.agent.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSingleRecordFileIsReplacedAtomicallyAndReadBack() throws Exception {
        Path file = dir.resolve("a/b/task.info");
        CheckpointFiles.write(file, bytes("first"));
        CheckpointFiles.write(file, bytes("second"));

        assertThat(CheckpointFiles.read(file)).isEqualTo(bytes("second"));
        assertThat(dir.resolve("a/b/task.info.tmp")).doesNotExist();
        assertThatThrownBy(() -> CheckpointFiles.read(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aCutOffOrGarbageSingleRecordFileIsMalformedNamingTheFile() throws Exception {
        Path cut = dir.resolve("cut.info");
        CheckpointFiles.write(cut, bytes("a framework info of some length"));
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length - 3));
        Path garbage = dir.resolve("garbage.info");
        Files.write(garbage, bytes("not a record at all, just text"));
        Path flipped = dir.resolve("flipped.info");
        CheckpointFiles.write(flipped, bytes("payload"));
        byte[] f = Files.readAllBytes(flipped);
        f[f.length - 1] ^= 1;
        Files.write(flipped, f);
        Path empty = dir.resolve("empty.info");
        Files.write(empty, new byte[0]);

        assertThatThrownBy(() -> CheckpointFiles.read(cut)).isInstanceOf(MalformedCheckpointException.class)
                .hasMessageStartingWith(cut.toString()).hasMessageContaining("cut off");
        assertThatThrownBy(() -> CheckpointFiles.read(garbage)).isInstanceOf(MalformedCheckpointException.class);
        assertThatThrownBy(() -> CheckpointFiles.read(flipped)).isInstanceOf(MalformedCheckpointException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> CheckpointFiles.read(empty)).isInstanceOf(MalformedCheckpointException.class)
                .hasMessageContaining("0 records");
    }

    @Test
    void aLogKeepsItsWholeRecordsAndLosesOnlyATornTailWhichIsTruncated() throws Exception {
        Path log = dir.resolve("t/task.updates");
        assertThat(CheckpointFiles.readLog(log)).isEmpty();
        for (String r : new String[] {"one", "two", "three"}) {
            CheckpointFiles.append(log, bytes(r));
        }
        long whole = Files.size(log);
        // a crash in the middle of the fourth append
        byte[] fourth = CheckpointFiles.frame(bytes("four"));
        Files.write(log, Arrays.copyOf(fourth, fourth.length - 2), StandardOpenOption.APPEND);

        assertThat(CheckpointFiles.readLog(log)).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("one", "two", "three");
        assertThat(Files.size(log)).isEqualTo(whole);
        CheckpointFiles.append(log, bytes("four"));
        assertThat(CheckpointFiles.readLog(log)).hasSize(4);
    }
}
