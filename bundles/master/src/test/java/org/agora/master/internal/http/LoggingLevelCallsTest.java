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
package org.agora.master.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response;
import org.agora.master.internal.LeadingMaster;
import org.agora.master.internal.MasterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET_LOGGING_LEVEL, SET_LOGGING_LEVEL and GET_OPERATIONS on a real master over HTTP, outside OSGi: the level is the
 * root logger's as SLF4J reports it (INFO in these tests: verbosity 0), and a SET, with no Pax Logging configuration to
 * change, is refused saying so (the change itself is tested in Karaf, LocalFeaturesIT).
 */
class LoggingLevelCallsTest {
    private static MasterComponent master;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        master = LeadingMaster.start();
        port = LeadingMaster.port(master);
    }

    @AfterAll
    static void stop() {
        master.stop();
    }

    static HttpResponse<byte[]> post(Call call) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1"))
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void getLoggingLevelAnswersTheRootLoggersVerbosity() throws Exception {
        HttpResponse<byte[]> r = post(Call.newBuilder().setType(Call.Type.GET_LOGGING_LEVEL).build());
        assertThat(r.statusCode()).isEqualTo(200);
        Response answer = Response.parseFrom(r.body());
        assertThat(answer.getType()).isEqualTo(Response.Type.GET_LOGGING_LEVEL);
        assertThat(answer.getGetLoggingLevel().getLevel()).isZero();
    }

    @Test
    void setLoggingLevelWithoutPaxLoggingIsRefusedSayingWhy() throws Exception {
        HttpResponse<byte[]> r = post(Call.newBuilder().setType(Call.Type.SET_LOGGING_LEVEL).setSetLoggingLevel(
                Call.SetLoggingLevel.newBuilder().setLevel(1).setDuration(org.agora.api.v1.Protos.DurationInfo
                        .newBuilder().setNanoseconds(1_000_000_000L))).build());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new String(r.body())).contains("Configuration Admin");
    }

    @Test
    void setLoggingLevelWithoutItsPayloadIsABadRequest() throws Exception {
        HttpResponse<byte[]> r = post(Call.newBuilder().setType(Call.Type.SET_LOGGING_LEVEL).build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body())).contains("set_logging_level");
    }

    @Test
    void getOperationsAnswersAnEmptyList() throws Exception {
        HttpResponse<byte[]> r = post(Call.newBuilder().setType(Call.Type.GET_OPERATIONS).build());
        assertThat(r.statusCode()).isEqualTo(200);
        Response answer = Response.parseFrom(r.body());
        assertThat(answer.getType()).isEqualTo(Response.Type.GET_OPERATIONS);
        assertThat(answer.getGetOperations().getOperationsList()).isEmpty();
    }
}
