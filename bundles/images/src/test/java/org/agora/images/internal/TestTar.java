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
package org.agora.images.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds ustar archives (layers, docker-save archives) for tests, byte for byte as written. */
final class TestTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TestTar dir(String name) {
        return entry(name, '5', new byte[0], 0755, "");
    }

    TestTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    TestTar file(String name, byte[] content, int mode) {
        return entry(name, '0', content, mode, "");
    }

    TestTar symlink(String name, String target) {
        return entry(name, '2', new byte[0], 0777, target);
    }

    TestTar hardlink(String name, String target) {
        return entry(name, '1', new byte[0], 0644, target);
    }

    TestTar charDevice(String name) {
        return entry(name, '3', new byte[0], 0666, "");
    }

    /** A one-layer busybox image's layer, as check_images.py builds it. */
    static TestTar busybox(String marker) {
        TestTar t = new TestTar();
        for (String d : new String[] {"bin", "etc", "tmp", "proc", "dev", "sys"}) {
            t.dir(d);
        }
        try {
            t.file("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String applet : new String[] {"sh", "cat", "echo", "ls"}) {
            t.symlink("bin/" + applet, "busybox");
        }
        return t.file("etc/agora-image-marker", marker + "\n");
    }

    TestTar entry(String name, char type, byte[] content, int mode, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%07o", mode));
        put(h, 108, 8, String.format("%07o", 0));
        put(h, 116, 8, String.format("%07o", 0));
        put(h, 124, 12, String.format("%011o", content.length));
        put(h, 136, 12, String.format("%011o", 1_700_000_000L));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o\0 ", sum));
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }
}
