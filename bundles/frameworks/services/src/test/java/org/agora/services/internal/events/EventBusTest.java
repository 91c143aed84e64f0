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
package org.agora.services.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.http.ResponseStream;
import org.junit.jupiter.api.Test;

class EventBusTest {

    /** What a client reads from its stream (Netty's stream is not needed to check the framing). */
    private static final class ReadStream implements ResponseStream {
        final StringBuilder text = new StringBuilder();
        final List<Runnable> onClose = new ArrayList<>();
        boolean open = true;

        @Override
        public void send(byte[] chunk) {
            if (open) {
                text.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
            open = false;
            onClose.forEach(Runnable::run);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void onClose(Runnable action) {
            onClose.add(action);
        }
    }

    @Test
    void eventsAreFramedAsServerSentEventsWithTheirType() {
        EventBus bus = new EventBus();
        ReadStream s = new ReadStream();
        bus.subscribe(s, -1);
        bus.publish("deployment_success", Map.of("id", "d1"));
        assertThat(s.text.toString()).contains("id: 1\nevent: deployment_success\ndata: {")
                .contains("\"eventType\":\"deployment_success\"", "\"id\":\"d1\"").endsWith("}\n\n");
    }

    @Test
    void aClientThatComesBackWithLastEventIdGetsWhatItMissed() {
        EventBus bus = new EventBus();
        ReadStream first = new ReadStream();
        bus.subscribe(first, -1);
        bus.publish("a", Map.of());
        first.close();
        assertThat(bus.subscribers()).isZero();
        bus.publish("b", Map.of());
        bus.publish("c", Map.of());
        ReadStream again = new ReadStream();
        bus.subscribe(again, 1);
        bus.publish("d", Map.of());
        String text = again.text.toString();
        assertThat(text).doesNotContain("event: a\n").contains("event: b\n", "event: c\n", "event: d\n");
        assertThat(text.indexOf("event: b")).isLessThan(text.indexOf("event: c"));
        assertThat(text.indexOf("event: c")).isLessThan(text.indexOf("event: d"));
    }
}
