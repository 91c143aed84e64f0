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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.agora.agent.internal.files.SandboxFiles;
import org.agora.agent.internal.files.SandboxPath;
import org.agora.api.json.Json;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;

/**
 * {@code /files/browse}, {@code /files/read} and {@code /files/download}: the sandboxes, as Mesos's web UI and CLI read
 * them. Paths are opened by {@link SandboxFiles}, relative to the opened sandbox root ({@code <work_dir>/slaves}) and
 * never through a symbolic link, so no path, link or swap leads out of it (403); only regular files are read. Before
 * anything is opened, a {@link Gate} decides whether the caller may see the sandbox the path lies in. File I/O runs on
 * {@code io}, never on a Netty thread.
 */
final class FilesEndpoint {
    /** The most {@code /files/read} returns at once, as Mesos caps it. */
    static final int MAX_READ = 16 * 1024 * 1024;

    /** Decides whether the caller may see what lies at a path; the stage fails with a 403 when it may not. */
    @FunctionalInterface
    interface Gate {
        CompletionStage<Void> check(SandboxPath path);
    }

    private static final Gate OPEN = p -> CompletableFuture.completedFuture(null);

    private final SandboxFiles files;
    private final Executor io;

    FilesEndpoint(java.nio.file.Path sandboxRoot, Executor io) {
        this(new SandboxFiles(sandboxRoot, Duration.ofMillis(500)), io);
    }

    FilesEndpoint(SandboxFiles files, Executor io) {
        this.files = files;
        this.io = io;
    }

    CompletableFuture<Response> browse(Request r) {
        return browse(r, OPEN);
    }

    CompletableFuture<Response> read(Request r) {
        return read(r, OPEN);
    }

    CompletableFuture<Response> download(Request r) {
        return download(r, OPEN);
    }

    CompletableFuture<Response> browse(Request r, Gate gate) {
        return serve(r, gate, path -> {
            List<Object> entries = new ArrayList<>();
            for (SandboxFiles.Entry e : files.list(path)) {
                entries.add(info(e));
            }
            return Response.json(Json.write(entries));
        });
    }

    CompletableFuture<Response> read(Request r, Gate gate) {
        return serve(r, gate, path -> {
            long offset = number(r, "offset", -1);
            long length = Math.min(number(r, "length", MAX_READ), MAX_READ);
            try (SandboxFiles.OpenFile f = files.open(path)) {
                Map<String, Object> out = new LinkedHashMap<>();
                if (offset < 0) {
                    // Mesos: no offset asks for the size only
                    out.put("data", "");
                    out.put("offset", f.size());
                } else {
                    out.put("data", new String(f.read(offset, (int) Math.max(0, length)), StandardCharsets.UTF_8));
                    out.put("offset", Math.min(offset, f.size()));
                }
                return Response.json(Json.write(out));
            } catch (IOException e) {
                throw HttpException.notFound("Cannot read '" + path.asked() + "': " + e.getMessage());
            }
        });
    }

    CompletableFuture<Response> download(Request r, Gate gate) {
        return serve(r, gate, path -> {
            try (SandboxFiles.OpenFile f = files.open(path)) {
                if (f.size() > MAX_READ) {
                    throw new HttpException(413, "'" + path.asked() + "' is larger than " + MAX_READ
                            + " bytes; read it in pages with /files/read");
                }
                return Response.ok("application/octet-stream", f.read(0, (int) f.size()))
                        .header("Content-Disposition", "attachment; filename=\"" + attachmentName(path) + "\"");
            } catch (IOException e) {
                throw HttpException.notFound("Cannot read '" + path.asked() + "': " + e.getMessage());
            }
        });
    }

    /** Parses the path, asks the gate, then serves on {@code io}. */
    private CompletableFuture<Response> serve(Request r, Gate gate, Function<SandboxPath, Response> serve) {
        SandboxPath path;
        try {
            path = files.parse(r.query("path").orElseThrow(
                    () -> HttpException.badRequest("Expecting 'path' to be present")));
        } catch (HttpException e) {
            return CompletableFuture.failedFuture(e);
        }
        return gate.check(path).toCompletableFuture().thenApplyAsync(v -> serve.apply(path), io);
    }

    /** The file name for Content-Disposition, without what would end the quoted string or the header. */
    private static String attachmentName(SandboxPath path) {
        return path.fileName().replaceAll("[\"\\\\\\p{Cntrl}]", "_");
    }

    private static long number(Request r, String name, long otherwise) {
        String v = r.query(name).orElse(null);
        if (v == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpException.badRequest("'" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    private static Map<String, Object> info(SandboxFiles.Entry e) {
        PosixFileAttributes a = e.attributes();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", e.path().toString());
        m.put("nlink", e.links());
        m.put("size", a.size());
        m.put("mtime", a.lastModifiedTime().toMillis() / 1000);
        m.put("mode", (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isOther() ? "p" : "-")
                + PosixFilePermissions.toString(a.permissions()));
        m.put("uid", a.owner().getName());
        m.put("gid", a.group().getName());
        return m;
    }
}
