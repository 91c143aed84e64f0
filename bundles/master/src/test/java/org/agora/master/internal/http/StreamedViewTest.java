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

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.agora.api.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;

/** The pieces a streamed view hands on add up to the document, and never exceed the piece size. */
class StreamedViewTest {

    @Test
    void theOutputStreamHandsOnFullPiecesAsTheyFillAndTheRestAtClose() throws Exception {
        List<byte[]> pieces = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        byte[] block = new byte[100_000];
        try (OutputStream out = StreamedView.outputStream(pieces::add)) {
            for (int i = 0; i < 7; i++) {
                java.util.Arrays.fill(block, (byte) i);
                out.write(block, 0, block.length);
                out.write(i);
                whole.write(block, 0, block.length);
                whole.write(i);
            }
            assertThat(pieces).hasSize(700_007 / StreamedView.PIECE);
        }
        assertThat(pieces).allMatch(p -> p.length <= StreamedView.PIECE);
        assertThat(pieces.subList(0, pieces.size() - 1)).allMatch(p -> p.length == StreamedView.PIECE);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        pieces.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(whole.toByteArray());
    }

    @Test
    void aMessageWrittenInPiecesIsItsWireFormat() throws Exception {
        Response.GetFlags.Builder flags = Response.GetFlags.newBuilder();
        for (int i = 0; i < 20_000; i++) { // about 1 MB
            flags.addFlags(org.agora.api.v1.Protos.Flag.newBuilder().setName("flag-" + i)
                    .setValue("value of flag " + i + " on host-" + i + ".example.com"));
        }
        Response message = Response.newBuilder().setType(Response.Type.GET_FLAGS).setGetFlags(flags).build();
        List<byte[]> pieces = new ArrayList<>();
        StreamedView.protobuf(message, pieces::add);

        assertThat(pieces.size()).isGreaterThan(2);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        pieces.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(message.toByteArray());
    }
}
