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
package org.agora.agent.internal.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable files of framed records. A record is {@code [length: int32][crc32c of the payload: int32][payload]}, so a
 * record cut off by a crash, or bytes that were never a record, are told apart from a whole one.
 *
 * <ul>
 *   <li>A <em>single-record file</em> (framework.info, task.info, forked.pid) is replaced atomically: written to a
 *       temporary file, fsynced, renamed over the old one, and the directory fsynced; a reader finds either the old
 *       record or the new one. Reading anything else than exactly one whole record is a
 *       {@link MalformedCheckpointException}.</li>
 *   <li>A <em>log</em> (task.updates) grows by appending one record at a time, each fsynced before the append
 *       returns. A crash can tear only the last record: reading stops there, keeps the whole records before it and
 *       truncates the torn tail so later appends follow the last whole record (as Mesos's agent does with its
 *       status update files).</li>
 * </ul>
 */
public final class CheckpointFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFiles.class);

    static final int HEADER = 8;
    /** No checkpointed record comes near this; a larger length is garbage. */
    static final int MAX_RECORD = 16 << 20;

    private CheckpointFiles() {
    }

    /** Replaces {@code file} with one record holding {@code payload}, atomically and durably. */
    public static void write(Path file, byte[] payload) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, frame(payload));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(dir);
    }

    /**
     * The payload of a single-record file.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws MalformedCheckpointException when the file is not exactly one whole record
     */
    public static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Scan scan = scan(bytes);
        if (scan.problem() != null) {
            throw new MalformedCheckpointException(file, scan.problem());
        }
        if (scan.records().size() != 1) {
            throw new MalformedCheckpointException(file, "holds " + scan.records().size() + " records, not one");
        }
        return scan.records().get(0);
    }

    /** Appends one record to the log {@code file} (created with its directories if need be) and fsyncs it. */
    public static void append(Path file, byte[] payload) throws IOException {
        boolean created = !Files.exists(file);
        if (created) {
            Files.createDirectories(file.getParent());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            writeFully(ch, frame(payload));
            ch.force(false);
        }
        if (created) {
            syncDirectory(file.getParent());
        }
    }

    /**
     * The whole records of the log {@code file}, oldest first; none when there is no such file. A torn or corrupt
     * record ends the log: it is logged with the file's path and cut off, with whatever follows it.
     */
    public static List<byte[]> readLog(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Scan scan = scan(bytes);
        if (scan.problem() != null) {
            LOG.warn("Checkpoint log {} ends in a bad record ({}): keeping its {} whole record(s), truncating {} "
                    + "byte(s)", file, scan.problem(), scan.records().size(), bytes.length - scan.validLength());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(scan.validLength());
                ch.force(true);
            }
        }
        return scan.records();
    }

    /** Deletes {@code dir} and everything under it; a missing directory is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static byte[] frame(byte[] payload) {
        if (payload.length > MAX_RECORD) {
            throw new IllegalArgumentException("checkpoint record of " + payload.length + " bytes is too large");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return b.array();
    }

    /**
     * The whole records at the start of {@code bytes}.
     *
     * @param validLength bytes taken by those records
     * @param problem why the rest is not a record; null when the records fill {@code bytes}
     */
    record Scan(List<byte[]> records, int validLength, String problem) {
    }

    static Scan scan(byte[] bytes) {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            int start = b.position();
            if (b.remaining() < HEADER) {
                return new Scan(records, start, "torn record header at byte " + start);
            }
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0 || length > MAX_RECORD) {
                return new Scan(records, start, "impossible record length " + length + " at byte " + start);
            }
            if (b.remaining() < length) {
                return new Scan(records, start, "record at byte " + start + " is cut off (" + b.remaining() + " of "
                        + length + " bytes)");
            }
            byte[] payload = new byte[length];
            b.get(payload);
            CRC32C c = new CRC32C();
            c.update(payload);
            if ((int) c.getValue() != crc) {
                return new Scan(records, start, "checksum mismatch in the record at byte " + start);
            }
            records.add(payload);
        }
        return new Scan(records, bytes.length, null);
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Makes a rename or a new file in {@code dir} durable; where directories cannot be opened, a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
