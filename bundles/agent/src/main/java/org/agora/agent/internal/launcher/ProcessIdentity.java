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
package org.agora.agent.internal.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as the kernel identifies it across pid reuse: its pid, its start time in clock ticks since boot (field 22
 * of {@code /proc/<pid>/stat}) and the boot it started in ({@code /proc/sys/kernel/random/boot_id}). Two processes
 * with the same pid, start time and boot are the same process; a pid whose start time differs from the one recorded
 * has been recycled and must never be signalled.
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {
    private static final String BOOT_ID = readBootId();

    public ProcessIdentity {
        if (pid <= 0 || startTicks < 0 || bootId.isBlank() || bootId.contains(" ")) {
            throw new IllegalArgumentException("not a process identity: pid " + pid + ", start " + startTicks
                    + ", boot '" + bootId + "'");
        }
    }

    /**
     * The identity of the process with {@code pid} now, zombies included; empty when there is no such process (or the
     * kernel does not tell boots apart).
     */
    public static Optional<ProcessIdentity> of(long pid) {
        String boot = currentBootId();
        return boot.isEmpty() ? Optional.empty() : stat(pid).map(s -> new ProcessIdentity(pid, s.startTicks(), boot));
    }

    /**
     * Whether this process still runs: the pid is alive (not a zombie), started at the same tick, in this boot.
     * False for a pid that now belongs to another process.
     */
    public boolean isRunning() {
        if (!bootId.equals(currentBootId())) {
            return false;
        }
        Optional<Stat> now = stat(pid);
        return now.isPresent() && now.get().startTicks() == startTicks && now.get().state() != 'Z'
                && now.get().state() != 'X';
    }

    /** The start time of whatever process has this pid now, if any (for messages about recycled pids). */
    public Optional<Long> currentStartTicks() {
        return stat(pid).map(Stat::startTicks);
    }

    /** {@code "<pid> <start ticks> <boot id>"}, as checkpointed. */
    public String encode() {
        return pid + " " + startTicks + " " + bootId;
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not what {@link #encode} writes
     */
    public static ProcessIdentity decode(String text) {
        String[] f = text.trim().split(" ");
        if (f.length != 3) {
            throw new IllegalArgumentException("expected '<pid> <start ticks> <boot id>', found '" + text + "'");
        }
        try {
            return new ProcessIdentity(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected '<pid> <start ticks> <boot id>', found '" + text + "'", e);
        }
    }

    /** This machine's boot id; empty where the kernel does not say (then no recorded process counts as running). */
    public static String currentBootId() {
        return BOOT_ID;
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private record Stat(char state, long startTicks) {
    }

    private static Optional<Stat> stat(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        // the command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state); field 22 (starttime) is f[19]
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
