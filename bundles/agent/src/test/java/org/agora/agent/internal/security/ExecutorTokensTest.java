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
package org.agora.agent.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.junit.jupiter.api.Test;

class ExecutorTokensTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final ExecutorTokens tokens = new ExecutorTokens(KEY, NOW);

    String issue(String fid, String eid, String cid) {
        return tokens.issue(FrameworkID.newBuilder().setValue(fid).build(), ExecutorID.newBuilder().setValue(eid)
                .build(), ContainerID.newBuilder().setValue(cid).build());
    }

    /** A token signed with {@link #KEY} over any header and claims, as a forger who had the key could make. */
    static String signed(String header, String claims) {
        String body = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(hmac(body));
    }

    static byte[] hmac(String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTokenCarriesMesossClaimsAndVerifiesWithTheSameKey() throws Exception {
        String token = issue("f-1", "exec \"quoted\"/ü", "c-1");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);

        assertThat(claims).isEqualTo("{\"fid\":\"f-1\",\"eid\":\"exec \\\"quoted\\\"/ü\",\"cid\":\"c-1\"}");
        assertThat(tokens.verify(token)).isEqualTo(new ExecutorClaims("f-1", "exec \"quoted\"/ü", "c-1"));
        // the signature is the standard HS256 one: any JWT library with the key accepts it
        assertThat(signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims)).isEqualTo(token);
    }

    @Test
    void aTokenSignedWithAnotherKeyOrAlteredIsRefused() {
        String other = new ExecutorTokens("another key".getBytes(StandardCharsets.US_ASCII), NOW).issue(
                FrameworkID.newBuilder().setValue("f-1").build(), ExecutorID.newBuilder().setValue("e").build(),
                ContainerID.newBuilder().setValue("c").build());
        assertThatThrownBy(() -> tokens.verify(other)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature does not match");

        String token = issue("f-1", "e", "c");
        String[] parts = token.split("\\.");
        String altered = parts[0] + "." + B64.encodeToString("{\"fid\":\"f-1\",\"eid\":\"root\",\"cid\":\"c\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> tokens.verify(altered)).hasMessageContaining("signature does not match");
        String truncatedSignature = token.substring(0, token.length() - 2);
        assertThatThrownBy(() -> tokens.verify(truncatedSignature)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unsignedMalformedExpiredOrIncompleteTokensAreRefused() {
        String none = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString("{\"fid\":\"f\",\"eid\":\"e\",\"cid\":\"c\"}".getBytes(StandardCharsets.UTF_8))
                + ".";
        assertThatThrownBy(() -> tokens.verify(none)).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS512\"}", "{\"fid\":\"f\",\"eid\":\"e\","
                + "\"cid\":\"c\"}"))).hasMessageContaining("not HS256");
        for (String garbage : new String[] {"", "abc", "a.b", "a.b.c.d", "..", "a.b.!!!", "x".repeat(10_000)}) {
            assertThatThrownBy(() -> tokens.verify(garbage)).as(garbage).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS256\"}", "{\"fid\":\"f\",\"eid\":\"e\","
                + "\"cid\":\"c\",\"exp\":1699999999}"))).hasMessageContaining("expired");
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS256\"}", "{\"fid\":\"f\",\"eid\":\"e\"}")))
                .hasMessageContaining("no 'cid' claim");
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS256\"}", "{\"fid\":{\"nested\":1}}")))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS256\"}", "{\"fid\":\"a\",\"fid\":\"b\"}")))
                .hasMessageContaining("the name 'fid' occurs twice");
    }

    @Test
    void aTokenThatExpiresLaterIsAccepted() throws Exception {
        assertThat(tokens.verify(signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"fid\":\"f\",\"eid\":\"e\","
                + "\"cid\":\"c\",\"exp\":1700000100}"))).isEqualTo(new ExecutorClaims("f", "e", "c"));
        // escapes, spaces and a whole number in the claims, as the JSON text allows them
        assertThat(tokens.verify(signed("{\"alg\":\"HS256\"}", " { \"fid\" : \"\\u0041\" , \"eid\" : \"e\", \"cid\""
                + " : \"c\", \"n\" : -5, \"exp\" : 1700000100 } "))).isEqualTo(new ExecutorClaims("A", "e", "c"));
        assertThatThrownBy(() -> tokens.verify(signed("{\"alg\":\"HS256\"}", "{\"fid\":\"f\",\"eid\":\"e\","
                + "\"cid\":\"c\",\"exp\":1700000100.5}"))).hasMessageContaining("'exp' is not one");
    }
}
