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

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links in an image resolve inside it, as a chrooted process sees them, never out to the host. */
class RootfsPathsTest {
    @TempDir
    Path root;

    @Test
    void anAbsoluteLinkStartsAgainAtTheRootAndDotDotStopsThere() throws Exception {
        Files.createDirectories(root.resolve("srv/data"));
        Files.createSymbolicLink(root.resolve("data"), Path.of("/srv/data"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
        assertThat(RootfsPaths.resolve(root, "/data/new/dir")).isEqualTo(root.resolve("srv/data/new/dir"));
        assertThat(RootfsPaths.resolve(root, "/up/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(root, "relative/x")).isEqualTo(root.resolve("relative/x"));
        assertThat(RootfsPaths.isPlain(root, "/srv/data")).isTrue();
        assertThat(RootfsPaths.isPlain(root, "/data")).isFalse();
    }

    @Test
    void aLinkLoopIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
        assertThatThrownBy(() -> RootfsPaths.resolve(root, "/a/x")).hasMessageContaining("too many symbolic links");
    }
}
