package dev.lanes.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file completely or not at all: to a temporary file in the same directory, then a move.
 *
 * <p>The result looks like a plain write: a new file gets the permissions a plain
 * {@code Files.write} gives under the process's umask (the temporary file is created without
 * explicit permissions, not with {@code createTempFile}'s {@code rw-------}); an existing file
 * keeps its POSIX permissions; a symbolic link is followed (the link stays, its target is
 * replaced, and a dangling link's target is created).
 */
public final class AtomicFiles {
    /** Symbolic links followed at most (as Linux's MAXSYMLINKS), so a link loop fails clearly. */
    static final int MAX_LINKS = 40;
    /** Attempts at a fresh temporary name (a clash needs another writer picking the same random name). */
    private static final int TEMP_ATTEMPTS = 100;

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to {@code file}: first to a temporary sibling (of the link target when
     * {@code file} is a symbolic link), then an atomic move (a plain replacing move where the file
     * system has no atomic move). On failure the temporary file is removed and the old file, if
     * any, is left as it was.
     *
     * @throws LanesIOException naming the file
     */
    public static void write(Path file, byte[] bytes) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        Path tmp = null;
        try {
            Path target = followLinks(file);
            Set<PosixFilePermission> keep = existingPermissions(target);
            tmp = createSibling(target);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            if (keep != null) {
                Files.setPosixFilePermissions(tmp, keep);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot write the file", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /** The absolute path {@code file} stands for after following symbolic links (it may not exist). */
    static Path followLinks(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        throw new IOException("more than " + MAX_LINKS + " symbolic links (a loop?) starting at " + file);
    }

    /** The POSIX permissions of an existing regular file, or null (new file, or no POSIX). */
    private static Set<PosixFilePermission> existingPermissions(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a directory");
        }
        PosixFileAttributeView v = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        return v == null ? null : v.readAttributes().permissions();
    }

    /**
     * A new empty file next to {@code target}, created with default attributes, i.e. the mode a
     * plain file creation gets under the umask.
     */
    private static Path createSibling(Path target) throws IOException {
        Path dir = target.getParent();
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(base + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
