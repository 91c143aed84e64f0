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
package org.agora.agent.internal.http;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.agora.agent.internal.files.SandboxFiles;
import org.agora.agent.internal.files.SandboxPath;
import org.agora.api.v1.Protos.FileInfo;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.agent.Protos.Response.ListFiles;
import org.agora.api.v1.agent.Protos.Response.ReadFile;
import org.agora.http.HttpException;

/**
 * The operator API's LIST_FILES and READ_FILE: the sandboxes as {@code /files/browse} and {@code /files/read} serve
 * them, with the same path rules ({@link SandboxFiles}: under {@code <work_dir>/slaves}, never through a link; 403
 * outside, 404 for what is not there) and the same gate ({@link SandboxAccess}: ACCESS_SANDBOX). READ_FILE reads at
 * most {@link #MAX_LENGTH} bytes at once, as Mesos caps it (16 memory pages), and nothing past the end of the file.
 * File I/O runs on {@code io}.
 */
final class OperatorFiles {
    /** Mesos's cap on one READ_FILE: 16 pages of 4 KiB. */
    static final int MAX_LENGTH = 16 * 4096;

    // the file type bits of st_mode, as Mesos reports FileInfo.mode
    private static final int S_IFIFO = 0010000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final SandboxFiles files;
    private final Executor io;

    OperatorFiles(java.nio.file.Path sandboxRoot, Executor io) {
        this.files = new SandboxFiles(sandboxRoot, Duration.ofMillis(500));
        this.io = io;
    }

    CompletableFuture<ListFiles> list(String asked, FilesEndpoint.Gate gate) {
        return serve(asked, gate, path -> {
            ListFiles.Builder b = ListFiles.newBuilder();
            files.list(path).forEach(e -> b.addFileInfos(info(e)));
            return b.build();
        });
    }

    CompletableFuture<ReadFile> read(String asked, long offset, long length, FilesEndpoint.Gate gate) {
        if (offset < 0 || length < 0) {
            return CompletableFuture.failedFuture(HttpException.badRequest(
                    "'offset' and 'length' must not be negative"));
        }
        int capped = (int) Math.min(length, MAX_LENGTH);
        return serve(asked, gate, path -> {
            try (SandboxFiles.OpenFile f = files.open(path)) {
                return ReadFile.newBuilder().setSize(f.size())
                        .setData(ByteString.copyFrom(f.read(offset, capped))).build();
            } catch (IOException e) {
                throw HttpException.notFound("Cannot read '" + path.asked() + "': " + e.getMessage());
            }
        });
    }

    /** Parses the path (400/403 before anything is opened), asks the gate, then serves on {@code io}. */
    private <T> CompletableFuture<T> serve(String asked, FilesEndpoint.Gate gate, Function<SandboxPath, T> serve) {
        SandboxPath path;
        try {
            path = files.parse(asked);
        } catch (HttpException e) {
            return CompletableFuture.failedFuture(e);
        }
        return gate.check(path).toCompletableFuture().thenApplyAsync(v -> serve.apply(path), io);
    }

    private static FileInfo info(SandboxFiles.Entry e) {
        PosixFileAttributes a = e.attributes();
        int type = a.isDirectory() ? S_IFDIR : a.isSymbolicLink() ? S_IFLNK : a.isOther() ? S_IFIFO : S_IFREG;
        int mode = type;
        for (PosixFilePermission p : a.permissions()) {
            mode |= 1 << (8 - p.ordinal());
        }
        long mtime = a.lastModifiedTime().toMillis();
        return FileInfo.newBuilder().setPath(e.path().toString()).setNlink((int) e.links()).setSize(a.size())
                .setMtime(TimeInfo.newBuilder().setNanoseconds(mtime * 1_000_000L)).setMode(mode)
                .setUid(a.owner().getName()).setGid(a.group().getName()).build();
    }
}
