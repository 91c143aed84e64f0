package org.agora.agent.internal.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be read as written: cut off by a crash, or garbage. Names the file and the defect. */
public final class MalformedCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public MalformedCheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public MalformedCheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
