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
package org.agora.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletionException;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebUiFilesTest {
    private final WebUiFiles ui = new WebUiFiles();

    private Response get(String path, Map<String, String> headers) {
        Request r = new Request("GET", path, Map.of(), headers::get, new byte[0], null);
        try {
            return ui.handle(r).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw (HttpException) e.getCause();
        }
    }

    private int status(String path) {
        try {
            return get(path, Map.of()).status();
        } catch (HttpException e) {
            return e.status();
        }
    }

    @Test
    void theRootIsTheIndexPageWithAPolicyThatAllowsOnlyItsOwnOrigin() {
        Response r = get("/", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(r.bodyText()).contains("<script type=\"module\" src=\"/ui/app.js\">");
        assertThat(r.headers()).containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .hasEntrySatisfying("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"));
    }

    @Test
    void assetsHaveTheContentTypeOfTheirExtension() {
        assertThat(get("/ui/app.js", Map.of()).contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/ui/style.css", Map.of()).contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/ui/app.js", Map.of()).bodyText()).contains("import");
    }

    @Test
    void everyModuleThePagesImportIsServed() {
        for (String module : new String[] {"app.js", "api.js", "stream.js", "model.js", "views.js", "sandbox.js",
            "dom.js"}) {
            String js = get("/ui/" + module, Map.of()).bodyText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("from '\\./([a-z-]+\\.js)'").matcher(js);
            while (m.find()) {
                assertThat(status("/ui/" + m.group(1))).as(module + " imports " + m.group(1)).isEqualTo(200);
            }
        }
    }

    @Test
    void aMatchingETagIsAnswered304WithoutABody() {
        String etag = get("/ui/app.js", Map.of()).headers().get("ETag");

        Response again = get("/ui/app.js", Map.of("If-None-Match", etag));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/ui/app.js", Map.of("If-None-Match", "\"something-else\"")).status()).isEqualTo(200);
        assertThat(get("/ui/style.css", Map.of()).headers().get("ETag")).isNotEqualTo(etag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/nope.js", "/ui/", "/ui/../pom.xml", "/ui/..%2fpom.xml", "/ui/./app.js",
        "/ui/sub/app.js", "/ui/org/agora/webui/WebUiFiles.class", "/ui/WebUiFiles.class", "/ui/App.js",
        "/ui/app.js/", "/ui/.hidden.js", "/index.html", "/ui//app.js"})
    void anythingButAFileOfTheUiIs404(String path) {
        assertThat(status(path)).isEqualTo(404);
    }

    @Test
    void theMessageOfA404NamesThePath() {
        try {
            get("/ui/nope.js", Map.of());
        } catch (HttpException e) {
            assertThat(e.getMessage()).isEqualTo("No such file in the web UI: /ui/nope.js");
            return;
        }
        throw new AssertionError("expected a 404");
    }
}
