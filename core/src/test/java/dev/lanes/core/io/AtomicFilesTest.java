package dev.lanes.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: an atomic write looks like a plain write (permissions under the umask for a
 * new file, kept for an existing one, symbolic links followed) and leaves no temporary file.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void assumePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aNewFileGetsThePermissionsOfAPlainWrite() throws IOException {
        assumePosix();
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[] {1});
        Path atomic = dir.resolve("atomic.bin");
        AtomicFiles.write(atomic, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(atomic));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anExistingFileKeepsItsPermissions() throws IOException {
        assumePosix();
        for (String perms : List.of("rw-r--r--", "rw-rw----", "rwxr-x---")) {
            Path f = dir.resolve("f-" + perms);
            Files.write(f, new byte[] {9});
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            AtomicFiles.write(f, new byte[] {4, 5});
            assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(f));
            assertEquals(perms, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void writingThroughASymbolicLinkReplacesTheTargetAndKeepsTheLink() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("real"));
        Path target = sub.resolve("model.bin");
        Files.write(target, new byte[] {1});
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link.bin"), Path.of("real", "model.bin"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not supported here: " + e);
            return;
        }
        AtomicFiles.write(link, new byte[] {7, 8});
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(target));
        // a link to a link to a file that does not exist yet: the final target is created
        Path chain = Files.createSymbolicLink(dir.resolve("chain.bin"), link.getFileName());
        Files.delete(target);
        AtomicFiles.write(chain, new byte[] {6});
        assertTrue(Files.isSymbolicLink(chain) && Files.isSymbolicLink(link));
        assertArrayEquals(new byte[] {6}, Files.readAllBytes(target));
        // a loop is refused with the file's name
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b.getFileName());
        Files.createSymbolicLink(b, a.getFileName());
        LanesIOException e = assertThrows(LanesIOException.class, () -> AtomicFiles.write(a, new byte[] {1}));
        assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
        assertEquals(List.of(), leftovers());
    }
}
