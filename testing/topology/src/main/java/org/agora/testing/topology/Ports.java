package org.agora.testing.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports nothing listens on at the moment of asking (on this machine's loopback and wildcard addresses). */
public final class Ports {
    private Ports() {
    }

    /** A port the kernel hands out as free now; the caller binds it soon after. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
