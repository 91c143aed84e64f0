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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agora.api.json.JsonTree;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.master.Protos.Response;
import org.agora.master.internal.LeadingMaster;
import org.agora.master.internal.MasterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /master/state} and {@code GET_STATE} are sent in chunks while they are written, and a kept connection then
 * serves its next request.
 */
class StateEndpointTest {
    private static MasterComponent master;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        master = LeadingMaster.start();
        port = LeadingMaster.port(master);
    }

    @AfterAll
    static void stop() {
        master.stop();
    }

    @Test
    void theStateIsChunkedAndTheKeptConnectionAnswersTheNextRequestWithTheSameDocument() throws Exception {
        String raw = exchange("GET /master/state?jsonp=show HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /master/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        int second = raw.indexOf("HTTP/1.1 200 OK", 1);
        assertThat(raw).startsWith("HTTP/1.1 200 OK");
        assertThat(second).as("the second answer on the same connection").isPositive();
        String first = raw.substring(0, second);
        assertThat(first).contains("transfer-encoding: chunked").contains("content-type: text/javascript")
                .contains("connection: keep-alive");
        assertThat(raw.substring(second)).contains("transfer-encoding: chunked")
                .contains("content-type: application/json");

        String wrapped = utf8(dechunk(first));
        String json = utf8(dechunk(raw.substring(second)));
        assertThat(wrapped).isEqualTo("show(" + json + ");");
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) JsonTree.parse(json);
        assertThat(state).containsEntry("hostname", "localhost").containsKeys("slaves", "frameworks", "flags");
    }

    @Test
    void getStateIsChunkedInBothEncodingsAndReadsAsTheAnswerOfTheOperatorApi() throws Exception {
        String call = "{\"type\":\"GET_STATE\"}";
        String json = exchange("POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + call.length() + "\r\nConnection: close\r\n\r\n"
                + call);
        assertThat(json).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked");
        Response.Builder fromJson = ProtoJson.merge(utf8(dechunk(json)), Response.newBuilder());
        assertThat(fromJson.getType()).isEqualTo(Response.Type.GET_STATE);
        assertThat(fromJson.getGetState().hasGetAgents()).isTrue();

        byte[] head = ("POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Accept: application/x-protobuf\r\nContent-Length: " + call.length() + "\r\nConnection: close\r\n\r\n"
                + call).getBytes(StandardCharsets.US_ASCII);
        byte[] raw;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head);
            raw = s.getInputStream().readAllBytes();
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked")
                .contains("content-type: application/x-protobuf");
        Response fromProtobuf = Response.parseFrom(dechunk(text).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(fromProtobuf.getType()).isEqualTo(Response.Type.GET_STATE);
        assertThat(fromProtobuf.getGetState().getGetAgents()).isEqualTo(fromJson.getGetState().getGetAgents());
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** Sends {@code request} and reads until the master closes the connection. */
    private static String exchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The body of one chunked response (head included in {@code response}), both read as ISO-8859-1 so that
     * characters are bytes.
     */
    private static String dechunk(String response) {
        int at = response.indexOf("\r\n\r\n") + 4;
        StringBuilder body = new StringBuilder();
        while (true) {
            int eol = response.indexOf("\r\n", at);
            int size = Integer.parseInt(response.substring(at, eol), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(response, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
