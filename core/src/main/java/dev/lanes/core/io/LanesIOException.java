package dev.lanes.core.io;

import java.nio.file.Path;

/**
 * A file could not be read or written, or its contents are invalid. Unchecked. The message names
 * the file and what was wrong (expected vs actual where that applies).
 */
public class LanesIOException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public LanesIOException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public LanesIOException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""),
                cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
