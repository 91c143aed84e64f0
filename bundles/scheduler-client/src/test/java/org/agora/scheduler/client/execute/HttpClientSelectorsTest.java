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
package org.agora.scheduler.client.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tool's exit ends the JDK HTTP client's selector thread, which would hold the JVM's exit for 300 ms. */
class HttpClientSelectorsTest {

    @Test
    void theSelectorThreadOfAClientStillReferencedEndsWhenInterrupted() {
        HttpClient client = HttpClient.newHttpClient();
        try {
            List<Thread> selectors = Execute.endHttpClientSelectors();

            assertThat(selectors).isNotEmpty().allMatch(t -> t.getName().endsWith("-SelectorManager"));
            await().atMost(Duration.ofSeconds(30)).until(() -> selectors.stream().noneMatch(Thread::isAlive));
        } finally {
            Reference.reachabilityFence(client); // it is the interrupt that ends the thread, not the client's end
        }
    }
}
