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

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.agora.api.json.Json;
import org.agora.api.json.JsonTree;

/**
 * Debian's headless Chromium, driven through chromedriver's W3C WebDriver protocol (JSON over HTTP on loopback): one
 * chromedriver child process on a free port, one browser session with a fresh profile. Only what the web UI's tests
 * need: open a URL, run a script in the page, click, type, take a screenshot.
 * {@link #close()} ends the session and then
 * every process chromedriver started, by pid.
 */
final class Chromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final String base;
    private final String session;

    /** Whether Debian's {@code chromium} and {@code chromium-driver} packages are installed. */
    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** Starts chromedriver (its log in {@code logDir}) and a headless browser with its profile in {@code profile}. */
    Chromium(Path profile, Path logDir) throws Exception {
        int port = AgentProcess.freePort();
        Files.createDirectories(logDir);
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--log-path="
                + logDir.resolve("chromedriver.log")).redirectErrorStream(true)
                .redirectOutput(logDir.resolve("chromedriver.out").toFile()).start();
        base = "http://127.0.0.1:" + port;
        try {
            session = newSession(profile);
        } catch (Exception | AssertionError e) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            throw e;
        }
    }

    private String newSession(Path profile) throws Exception {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "true".equals(String.valueOf(
                value(send("GET", "/status", null)).get("ready"))));
        List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        Map<String, Object> created = value(send("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", Map.of("binary", BROWSER.toString(),
                        "args", args))))));
        return (String) created.get("sessionId");
    }

    void open(String url) throws Exception {
        send("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    /** Runs {@code script} (a function body; {@code arguments} holds {@code args}) in the page; its result. */
    Object script(String script, Object... args) throws Exception {
        return JsonTree.parse(send("POST", "/session/" + session + "/execute/sync", Map.of("script", script,
                "args", List.of(args)))) instanceof Map<?, ?> m ? m.get("value") : null;
    }

    /** The text of the first element {@code css} selects, or null when there is none. */
    String text(String css) throws Exception {
        Object t = script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
        return t == null ? null : t.toString();
    }

    /** Clicks the first element {@code css} selects, as a user would. */
    void click(String css) throws Exception {
        Map<String, Object> element = value(send("POST", "/session/" + session + "/element",
                Map.of("using", "css selector", "value", css)));
        send("POST", "/session/" + session + "/element/" + element.get(ELEMENT) + "/click", Map.of());
    }

    /** Types {@code text} into the first element {@code css} selects, as a user would. */
    void type(String css, String text) throws Exception {
        Map<String, Object> element = value(send("POST", "/session/" + session + "/element",
                Map.of("using", "css selector", "value", css)));
        send("POST", "/session/" + session + "/element/" + element.get(ELEMENT) + "/value", Map.of("text", text));
    }

    /** Saves a PNG of the window. */
    void screenshot(Path file) throws Exception {
        Object png = JsonTree.parse(send("GET", "/session/" + session + "/screenshot", null)) instanceof Map<?, ?> m
                ? m.get("value") : null;
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(String.valueOf(png)));
    }

    @Override
    public void close() {
        List<ProcessHandle> started = new ArrayList<>(driver.descendants().toList());
        try {
            if (session != null) {
                send("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // the processes go below either way
        }
        started.forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        try {
            driver.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(String response) {
        return (Map<String, Object>) ((Map<String, Object>) JsonTree.parse(response)).get("value");
    }

    /** One WebDriver command; a WebDriver error (any status but 200) fails with its message. */
    private String send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json; charset=utf-8")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
