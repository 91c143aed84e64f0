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
package org.agora.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Filters;
import org.junit.jupiter.api.Test;

class EncodingTest {

    private static Request request(Map<String, String> headers, String body) {
        return new Request("POST", "/api/v1", Map.of(), name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null),
                body.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void contentTypeIsRequiredAndMustBeJsonOrProtobuf() {
        assertThatThrownBy(() -> Encoding.ofRequest(request(Map.of(), "")))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("Expecting 'Content-Type' to be present");
        assertThatThrownBy(() -> Encoding.ofRequest(request(Map.of("Content-Type", "text/xml"), "")))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThat(Encoding.ofRequest(request(Map.of("Content-Type", "application/json; charset=utf-8"), "")))
                .isEqualTo(Encoding.JSON);
    }

    @Test
    void acceptDefaultsToJsonAndHonoursQualityValues() {
        assertThat(Encoding.accepted(request(Map.of(), ""), "Accept")).isEqualTo(Encoding.JSON);
        assertThat(Encoding.accepted(request(Map.of("Accept", "*/*"), ""), "Accept")).isEqualTo(Encoding.JSON);
        assertThat(Encoding.accepted(request(Map.of("Accept",
                "application/json;q=0.5, application/x-protobuf"), ""), "Accept")).isEqualTo(Encoding.PROTOBUF);
        assertThatThrownBy(() -> Encoding.accepted(request(Map.of("Accept", "text/html"), ""), "Accept"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(406));
    }

    @Test
    void decodeReportsMalformedBodiesAndMissingRequiredFieldsAs400() {
        assertThatThrownBy(() -> Encoding.JSON.decode("{\"value\":".getBytes(StandardCharsets.UTF_8),
                FrameworkID.newBuilder()))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("Failed to parse body into FrameworkID");
        assertThatThrownBy(() -> Encoding.JSON.decode("{}".getBytes(StandardCharsets.UTF_8),
                FrameworkID.newBuilder()))
                .hasMessage("Failed to validate FrameworkID: missing required fields value");
        assertThatThrownBy(() -> Encoding.PROTOBUF.decode(new byte[] {(byte) 0xff}, FrameworkID.newBuilder()))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void jsonIsWrittenAsMesosWritesItWithExplicitDefaults() {
        assertThat(new String(Encoding.JSON.encode(Filters.getDefaultInstance()), StandardCharsets.UTF_8))
                .isEqualTo("{\"refuse_seconds\":5.0}");
        FrameworkID id = FrameworkID.newBuilder().setValue("f").build();
        assertThat(Encoding.PROTOBUF.encode(id)).isEqualTo(id.toByteArray());
        assertThat(List.of(Encoding.values())).hasSize(2);
    }
}
