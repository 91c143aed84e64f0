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
package org.agora.images.internal.layer;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream (POSIX ustar with PAX extended headers, GNU long names and base-256 numbers: what Docker, Go's
 * archive/tar and Python's tarfile write) one entry at a time, without seeking. Header checksums are checked;
 * a malformed archive is an {@link IOException} naming the offset. Not thread-safe.
 */
public final class TarReader {
    private static final int BLOCK = 512;
    /** PAX and GNU long-name records larger than this are refused: real ones are a few hundred bytes. */
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private final byte[] skipBuffer = new byte[8192];
    private long offset;
    private long remaining; // content bytes of the current entry not yet read
    private long padding;
    private Map<String, String> globalPax = new HashMap<>();

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive (two zero blocks, or the end of the stream). */
    public TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        Map<String, String> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock()) {
                return null;
            }
            if (isZero(header)) {
                return null; // the end marker (the second zero block is not needed)
            }
            checkChecksum();
            char type = (char) (header[156] & 0xff);
            long size = number(124, 12, "size");
            if (size < 0) {
                throw new IOException("tar header at offset " + (offset - BLOCK) + ": negative size");
            }
            switch (type) {
                case 'x', 'g' -> {
                    Map<String, String> records = parsePax(readMeta(size));
                    if (type == 'g') {
                        globalPax.putAll(records);
                    }
                    pax.putAll(records);
                }
                case 'L' -> longName = cString(readMeta(size));
                case 'K' -> longLink = cString(readMeta(size));
                default -> {
                    String name = longName != null ? longName : ustarName();
                    String link = longLink != null ? longLink : field(157, 100);
                    name = pax.getOrDefault("path", name);
                    link = pax.getOrDefault("linkpath", link);
                    long entrySize = pax.containsKey("size") ? parseLong(pax.get("size"), "pax size") : size;
                    long uid = pax.containsKey("uid") ? parseLong(pax.get("uid"), "pax uid") : number(108, 8, "uid");
                    long gid = pax.containsKey("gid") ? parseLong(pax.get("gid"), "pax gid") : number(116, 8, "gid");
                    long mtime = pax.containsKey("mtime")
                            ? (long) Double.parseDouble(pax.get("mtime")) : number(136, 12, "mtime");
                    int mode = (int) number(100, 8, "mode");
                    boolean hasContent = type == '0' || type == '\0' || type == '7';
                    remaining = hasContent ? entrySize : (type == '1' || type == '2' || type == '5' ? 0 : entrySize);
                    padding = (BLOCK - remaining % BLOCK) % BLOCK;
                    return new TarEntry(name, type, hasContent ? entrySize : 0, mode, uid, gid, mtime, link);
                }
            }
        }
    }

    /** The current entry's content; reading past it returns -1. Closing it does not close the archive. */
    public InputStream content() {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar entry truncated at offset " + offset);
                }
                remaining -= n;
                offset += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private boolean readBlock() throws IOException {
        int read = in.readNBytes(header, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("tar archive truncated inside a header at offset " + offset);
        }
        offset += BLOCK;
        return true;
    }

    private byte[] readMeta(long size) throws IOException {
        if (size > MAX_META) {
            throw new IOException("tar extended header at offset " + offset + " is " + size + " bytes, over the "
                    + MAX_META + " accepted");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar archive truncated at offset " + offset);
        }
        offset += size;
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    /** Reads past {@code n} bytes; reads rather than skips, so that a digesting stream below sees every byte. */
    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, left));
            if (r < 0) {
                throw new EOFException("tar archive truncated at offset " + offset);
            }
            left -= r;
            offset += r;
        }
    }

    private void checkChecksum() throws IOException {
        long stored = number(148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException("tar header at offset " + (offset - BLOCK) + " has a bad checksum (not a tar "
                    + "archive, or a corrupt one)");
        }
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private long number(int off, int len, String what) throws IOException {
        if ((header[off] & 0x80) != 0) { // GNU base-256
            long v = header[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        String text = field(off, len).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header at offset " + (offset - BLOCK) + ": " + what + " '" + text
                    + "' is not an octal number");
        }
    }

    private static long parseLong(String text, String what) throws IOException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException("tar " + what + " '" + text + "' is not a number");
        }
    }

    private static Map<String, String> parsePax(byte[] data) throws IOException {
        Map<String, String> out = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed PAX record length");
            }
            if (len <= 0 || pos + len > data.length || space >= pos + len) {
                throw new IOException("malformed PAX record");
            }
            String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                out.put(record.substring(0, eq), record.substring(eq + 1));
            }
            pos += len;
        }
        return out;
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
