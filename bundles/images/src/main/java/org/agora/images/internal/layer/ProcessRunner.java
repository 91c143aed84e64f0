package org.agora.images.internal.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a short system command ({@code mknod}, {@code mount}) and fails with its output if it fails. */
public final class ProcessRunner {
    private ProcessRunner() {
    }

    public static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(String.join(" ", List.of(command)) + " failed (exit " + rc + "): "
                        + new String(out, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command[0] + " interrupted", e);
        }
    }
}
