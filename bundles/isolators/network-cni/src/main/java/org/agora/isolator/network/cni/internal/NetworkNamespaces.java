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
package org.agora.isolator.network.cni.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces that outlive their processes: made with {@code unshare --net=<file>}, which bind-mounts the new
 * namespace on a file (as {@code ip netns add} does under {@code /run/netns}), so the agent can find it again after a
 * restart and the container's processes can enter it with {@code nsenter --net=<file>}. Its loopback is brought up
 * inside with {@code ip link set lo up}. All three programs are util-linux's and iproute2's.
 */
final class NetworkNamespaces {
    private static final long TIMEOUT_SECONDS = 30;

    private NetworkNamespaces() {
    }

    /** The programs needed, and which are missing. */
    static List<String> missingPrograms() {
        List<String> missing = new ArrayList<>();
        for (String p : List.of("unshare", "nsenter", "ip", "umount")) {
            if (find(p) == null) {
                missing.add(p);
            }
        }
        return missing;
    }

    /**
     * A new network namespace bound at {@code file} (made, with its directory), its {@code lo} up.
     *
     * @throws CniException saying what failed; nothing stays bound then
     */
    static void create(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new CniException("cannot make the network namespace file " + file + ": " + e.getMessage(), e);
        }
        run(List.of(program("unshare"), "--net=" + file, "true"), "make a network namespace at " + file);
        try {
            run(List.of(program("nsenter"), "--net=" + file, program("ip"), "link", "set", "lo", "up"),
                    "bring up lo in the network namespace " + file);
        } catch (CniException e) {
            remove(file);
            throw e;
        }
    }

    /** Whether a namespace is bound at {@code file}. */
    static boolean isBound(Path file) {
        String target = " " + file.toAbsolutePath() + " ";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                if (line.contains(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return Files.exists(file);
        }
        return false;
    }

    /**
     * Unbinds the namespace at {@code file} (it is freed once no process is in it) and removes the file.
     * Idempotent.
     *
     * @throws CniException when the bind mount cannot be undone
     */
    static void remove(Path file) {
        while (isBound(file)) {
            run(List.of(program("umount"), file.toString()), "unmount the network namespace " + file);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CniException("cannot remove the network namespace file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> argv, String what) {
        Path out = null;
        try {
            // output to a file, not a pipe: a program that hangs is killed after the timeout instead of blocking a read
            out = Files.createTempFile("agora-netns-", ".out");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CniException("cannot " + what + ": " + argv.get(0) + " did not end within "
                        + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new CniException("cannot " + what + ": " + Files.readString(out, StandardCharsets.UTF_8).strip()
                        + " (exit status " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new CniException("cannot " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException("cannot " + what + ": interrupted", e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** A program by absolute path, so neither the agent's PATH nor a task's can substitute another. */
    static String program(String name) {
        String p = find(name);
        return p != null ? p : name;
    }

    private static String find(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
