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
package org.agora.api.config;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a file says, read when this is built (a failure then is the caller's: its exception propagates) and read
 * again on an interval: when the bytes differ from those last loaded they are parsed and, if they parse, replace
 * {@link #current()} at once. A changed file that cannot be read or parsed leaves the last good content in force
 * and is logged once as an error (again only when the problem changes), so that an edit in progress or a typo
 * neither locks everyone out nor opens anything.
 *
 * <p>Re-reading the bytes, rather than watching modification times, sees every change whatever the file system's
 * time granularity and whether the file was rewritten or replaced by a rename.
 *
 * @param <T> the parsed content, immutable: it is handed to other threads as it is
 */
public final class ReloadingFile<T> implements AutoCloseable {
    // the JDK's logging: the API bundle depends on nothing but protobuf (Karaf's Pax Logging receives it)
    private static final System.Logger LOG = System.getLogger(ReloadingFile.class.getName());

    private final String what;
    private final Path path;
    private final Function<Path, byte[]> read;
    private final BiFunction<Path, byte[], T> parse;
    private final Function<T, String> describe;
    private final ScheduledExecutorService timer;
    private volatile T current;
    private byte[] loadedDigest;
    private String lastProblem;

    /**
     * @param what       what the file holds, first word of every log line ({@code "acl"}, {@code "credentials"})
     * @param read       the file's bytes, or an exception naming the file and the problem
     * @param parse      the content, or an exception naming the file and the problem
     * @param describe   a short account of a content for log lines ({@code "12 ACLs, permissive"},
     *                   {@code "3 principals"})
     * @param intervalMs how often to look at the file again; 0 or less: never
     */
    public ReloadingFile(String what, Path path, Function<Path, byte[]> read, BiFunction<Path, byte[], T> parse,
            Function<T, String> describe, long intervalMs) {
        this.what = what;
        this.path = path;
        this.read = read;
        this.parse = parse;
        this.describe = describe;
        byte[] bytes = read.apply(path);
        this.current = parse.apply(path, bytes);
        this.loadedDigest = digest(bytes);
        if (intervalMs > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "agora-" + what + "-reload");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::checkNow, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** The content last loaded. */
    /** The last content that parsed. */
    public T current() {
        return current;
    }

    /** Reads the file now and loads it if it changed; what the timer does on each tick. */
    /** Reads the file now (as the timer does); for tests and for components that reload on demand. */
    public synchronized void checkNow() {
        try {
            byte[] bytes = read.apply(path);
            byte[] digest = digest(bytes);
            if (MessageDigest.isEqual(digest, loadedDigest)) {
                if (lastProblem != null) {
                    LOG.log(System.Logger.Level.INFO, "{0}: {1} is readable again and unchanged; {2} in force", what,
                            path, describe.apply(current));
                    lastProblem = null;
                }
                return;
            }
            T next = parse.apply(path, bytes);
            current = next;
            loadedDigest = digest;
            lastProblem = null;
            LOG.log(System.Logger.Level.INFO, "{0}: {1} changed: loaded {2}", what, path, describe.apply(next));
        } catch (RuntimeException e) {
            String problem = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!problem.equals(lastProblem)) {
                LOG.log(System.Logger.Level.ERROR, "{0}: {1}; the {2} loaded before stay in force until the file is "
                        + "fixed", what, problem, describe.apply(current));
                lastProblem = problem;
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
