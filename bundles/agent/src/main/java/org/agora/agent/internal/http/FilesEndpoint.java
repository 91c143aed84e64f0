package org.agora.agent.internal.http;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.agora.api.json.Json;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;

/**
 * {@code /files/browse}, {@code /files/read} and {@code /files/download}: the sandboxes, as Mesos's web UI and CLI read
 * them. Only paths inside the sandbox root ({@code <work_dir>/slaves}) are served, after resolving {@code ..} and
 * symlinks, so no path or link leads out of it (403). File I/O runs on {@code io}, never on a Netty thread.
 */
final class FilesEndpoint {
    /** The most {@code /files/read} returns at once, as Mesos caps it. */
    static final int MAX_READ = 16 * 1024 * 1024;

    private final Path root;
    private final Executor io;

    FilesEndpoint(Path sandboxRoot, Executor io) {
        this.root = sandboxRoot.toAbsolutePath().normalize();
        this.io = io;
    }

    CompletableFuture<Response> browse(Request r) {
        return CompletableFuture.supplyAsync(() -> {
            Path dir = resolve(r);
            if (!Files.isDirectory(dir)) {
                throw HttpException.badRequest("'" + r.query("path").orElse("") + "' is not a directory");
            }
            List<Object> entries = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                    entries.add(info(p));
                }
            } catch (IOException e) {
                throw new HttpException(500, "Cannot list " + dir + ": " + e.getMessage());
            }
            return Response.json(Json.write(entries));
        }, io);
    }

    CompletableFuture<Response> read(Request r) {
        return CompletableFuture.supplyAsync(() -> {
            Path file = resolve(r);
            long offset = number(r, "offset", -1);
            long length = Math.min(number(r, "length", MAX_READ), MAX_READ);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long size = f.length();
                Map<String, Object> out = new LinkedHashMap<>();
                if (offset < 0) {
                    // Mesos: no offset asks for the size only
                    out.put("data", "");
                    out.put("offset", size);
                } else {
                    long start = Math.min(offset, size);
                    byte[] data = new byte[(int) Math.max(0, Math.min(length, size - start))];
                    f.seek(start);
                    f.readFully(data);
                    out.put("data", new String(data, StandardCharsets.UTF_8));
                    out.put("offset", start);
                }
                return Response.json(Json.write(out));
            } catch (IOException e) {
                throw new HttpException(Files.isDirectory(file) ? 400 : 404, "Cannot read '"
                        + r.query("path").orElse("") + "': " + e.getMessage());
            }
        }, io);
    }

    CompletableFuture<Response> download(Request r) {
        return CompletableFuture.supplyAsync(() -> {
            Path file = resolve(r);
            try {
                if (Files.size(file) > MAX_READ) {
                    throw new HttpException(413, "'" + r.query("path").orElse("") + "' is larger than "
                            + MAX_READ + " bytes; read it in pages with /files/read");
                }
                return Response.ok("application/octet-stream", Files.readAllBytes(file))
                        .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
            } catch (IOException e) {
                throw new HttpException(404, "Cannot read '" + r.query("path").orElse("") + "': " + e.getMessage());
            }
        }, io);
    }

    /** The real path asked for, refused unless it lies inside the sandbox root. */
    Path resolve(Request r) {
        String asked = r.query("path").orElseThrow(() -> HttpException.badRequest("Expecting 'path' to be present"));
        Path p = Path.of(asked);
        Path absolute = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!absolute.startsWith(root)) {
            // before looking at the file: whether something exists out there is none of the caller's business
            throw HttpException.forbidden("'" + asked + "' is outside the sandboxes");
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw HttpException.notFound("'" + asked + "' does not exist");
        } catch (IOException e) {
            throw HttpException.notFound("'" + asked + "': " + e.getMessage());
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw HttpException.notFound("no sandboxes yet");
        }
        if (!real.startsWith(realRoot)) {
            throw HttpException.forbidden("'" + asked + "' is outside the sandboxes");
        }
        return real;
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

    private static Map<String, Object> info(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p.toString());
        m.put("nlink", Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
        m.put("size", a.size());
        m.put("mtime", a.lastModifiedTime().toMillis() / 1000);
        m.put("mode", (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "-")
                + PosixFilePermissions.toString(a.permissions()));
        m.put("uid", a.owner().getName());
        m.put("gid", a.group().getName());
        return m;
    }
}
