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
package org.agora.agent.internal.fetcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.agora.api.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a command's URIs into its sandbox before launch, as Mesos's fetcher does (without its cache): absolute
 * local paths and {@code file://} URIs are copied, {@code http://} and {@code https://} URIs downloaded; the file is
 * named by {@code output_file} or else by the URI's last path segment; {@code executable} makes it executable (and
 * keeps it packed), otherwise {@code extract} (default true) unpacks tar, zip and gzip archives into the sandbox.
 * Blocking: runs on the agent's fetcher threads.
 */
public final class Fetcher {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(1);

    private final HttpClient http;

    public Fetcher(HttpClient http) {
        this.http = http;
    }

    /** A client as the fetcher wants one: follows redirects, gives up connecting after 10 seconds. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Fetches every URI, in order, into {@code sandbox}.
     *
     * @throws FetchException at the first URI that fails, naming it and the cause
     */
    public void fetch(List<CommandInfo.URI> uris, Path sandbox) throws FetchException {
        for (CommandInfo.URI uri : uris) {
            try {
                Path file = fetchOne(uri, sandbox);
                LOG.debug("Fetched '{}' to {}", uri.getValue(), file);
            } catch (IOException | RuntimeException e) {
                throw new FetchException("Failed to fetch '" + uri.getValue() + "': " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("Failed to fetch '" + uri.getValue() + "': interrupted");
            }
        }
    }

    private Path fetchOne(CommandInfo.URI uri, Path sandbox) throws IOException, InterruptedException {
        String value = uri.getValue();
        var m = SCHEME.matcher(value);
        String scheme = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
        Path target;
        switch (scheme) {
            case "http", "https" -> {
                URI u = URI.create(value);
                target = destination(uri, sandbox, u.getRawPath() == null ? "" : u.getRawPath(), true);
                download(u, target);
            }
            case "file", "" -> {
                String path = scheme.isEmpty() ? value : value.substring("file://".length());
                if (!path.startsWith("/")) {
                    throw new IOException("a local path must be absolute (this agent has no frameworks_home)");
                }
                Path source = Path.of(path);
                if (!Files.isRegularFile(source)) {
                    throw new IOException(Files.exists(source) ? "not a regular file" : "no such file");
                }
                target = destination(uri, sandbox, path, false);
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            default -> throw new IOException("unsupported scheme '" + scheme
                    + "' (this agent fetches http, https, file and absolute paths)");
        }
        if (uri.getExecutable()) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (uri.getExtract() && Archives.isArchive(target.getFileName().toString())) {
            Archives.extract(target, sandbox);
        }
        return target;
    }

    private static Path destination(CommandInfo.URI uri, Path sandbox, String path, boolean encoded)
            throws IOException {
        String name;
        if (uri.hasOutputFile() && !uri.getOutputFile().isEmpty()) {
            name = uri.getOutputFile();
        } else {
            String last = path.substring(path.lastIndexOf('/') + 1);
            name = encoded ? URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8) : last;
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                throw new IOException("cannot name the file after the URI; set output_file");
            }
        }
        Path target = sandbox.resolve(name).normalize();
        if (Path.of(name).isAbsolute() || !target.startsWith(sandbox) || target.equals(sandbox)) {
            throw new IOException("output_file '" + name + "' is not a path inside the sandbox");
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    private void download(URI u, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(u).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException || m == null || m.isEmpty()) {
            return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
        }
        return m;
    }
}
