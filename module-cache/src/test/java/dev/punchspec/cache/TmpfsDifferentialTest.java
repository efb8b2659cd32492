package dev.punchspec.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the running kernel: tmpfs ({@code /dev/shm}) answers
 * {@code lseek(SEEK_DATA/SEEK_HOLE)} through {@code shmem_file_llseek()}, which calls
 * {@code mapping_seek_hole_data(mapping, offset, i_size, whence)} for {@code 0 <= offset < i_size}
 * (and {@code -ENXIO} otherwise). Random page-granular layouts are built in a tmpfs file and the
 * same layout in the model (4096-byte pages and blocks, order-0 folios), then both are asked the
 * same questions.
 *
 * <p>What tmpfs can produce, and how the model mirrors it: a page written (whole or in part) is
 * an uptodate folio ({@code shmem_write_end()} zeroes the rest of a new page and marks it
 * uptodate); a page fallocated once is a folio that is not uptodate (no {@code
 * is_partially_uptodate} for shmem, so a hole; in the model a single-block folio without ifs,
 * which the block walk also reports as a hole; shmem also marks it dirty, which the seek never
 * reads, while the model keeps it clean since iomap never has a dirty folio without uptodate
 * data); a page fallocated again is cleared and marked uptodate ({@code shmem_get_folio_gfp()} with
 * {@code SGP_FALLOC} initialises a folio fallocated earlier at that point); a punched page
 * ({@code FALLOC_FL_PUNCH_HOLE}) is gone; pages at or beyond a shrinking {@code ftruncate} are
 * gone. Huge pages are off for {@code /dev/shm} here (the test checks the layouts it makes are
 * order-0 by construction: every operation is page-sized). Swap (value entries) cannot be produced
 * without swap space.
 *
 * <p>lseek, fallocate and the rest are called through JNA (a maintained library); the test is
 * skipped, with the reason, where JNA's libc or {@code /dev/shm} as tmpfs is not available.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class TmpfsDifferentialTest {

    static final int PAGE = 4096;
    static final int LAYOUTS = 1200;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;
    static final int ENXIO = 6;

    /** libc through JNA direct mapping; errno surfaces as {@link LastErrorException}. */
    static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private LibC() {
        }

        static native int open(String path, int flags, int mode) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native long lseek(int fd, long offset, int whence) throws LastErrorException;

        static native long pwrite(int fd, byte[] buf, long count, long offset) throws LastErrorException;

        static native int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;

        static native int ftruncate(int fd, long length) throws LastErrorException;
    }

    private @Nullable Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Path shm = Paths.get("/dev/shm");
        assumeTrue(Platform.isLinux() && Platform.is64Bit(), "skipped: needs 64-bit Linux (JNA libc with 64-bit off_t)");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "skipped: /dev/shm is missing or not writable");
        assumeTrue("tmpfs".equals(Files.getFileStore(shm).type()), "skipped: /dev/shm is not tmpfs");
        dir = Files.createTempDirectory(shm, "punchspec-tmpfs-");
    }

    @AfterEach
    void tearDown() throws IOException {
        Path work = dir;
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test

    @MayReleaseLocks
    void kernelAndModelAgreeOnRandomLayouts() throws IOException {
        Path work = Checks.nn(dir);
        Random rnd = new Random(20261125L);
        long queries = 0;
        long started = System.nanoTime();
        for (int layout = 0; layout < LAYOUTS; layout++) {
            queries += checkLayout(work, rnd, layout);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("tmpfs differential: " + LAYOUTS + " layouts, " + queries + " lseek queries agreed in "
                + millis + " ms");
        assertTrue(queries > 4L * LAYOUTS);
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "every layout file was removed");
        }
    }

    @MayReleaseLocks
    private int checkLayout(Path dir, Random rnd, int layout) throws IOException {
        Path file = dir.resolve("layout-" + layout);
        int pages = 1 + rnd.nextInt(24);
        PageCache model = new PageCache("tmpfs", new Geometry(PAGE, PAGE, 0));
        TaskContext t = Tasks.sequential();
        int fd = LibC.open(file.toString(), O_RDWR | O_CREAT, 0600);
        int done;
        StringBuilder ops = new StringBuilder();
        try {
            byte[] buf = new byte[PAGE];
            for (int op = 0; op < pages + rnd.nextInt(pages + 1); op++) {
                long index = rnd.nextInt(pages);
                long pos = index * PAGE;
                int kind = rnd.nextInt(6);
                if (kind <= 1) {
                    // A write of part or all of one page: the whole page becomes uptodate data.
                    int off = kind == 0 ? 0 : rnd.nextInt(PAGE);
                    int len = kind == 0 ? PAGE : 1 + rnd.nextInt(PAGE - off);
                    rnd.nextBytes(buf);
                    assertEquals(len, LibC.pwrite(fd, buf, len, pos + off));
                    ops.append(" write[").append(pos + off).append(',').append(pos + off + len).append(')');
                    makeUptodate(model, t, index);
                } else if (kind <= 3) {
                    LibC.fallocate(fd, FALLOC_FL_KEEP_SIZE, pos, PAGE);
                    ops.append(" falloc").append(index);
                    if (model.folioAt(index) == null) {
                        model.installFolio(index, 0, false, false, null, null, null);
                    } else {
                        // shmem_get_folio_gfp(SGP_FALLOC) on a folio fallocated earlier clears it
                        // and marks it uptodate at that point: it becomes data.
                        makeUptodate(model, t, index);
                    }
                } else if (kind == 4) {
                    LibC.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, pos, PAGE);
                    ops.append(" punch").append(index);
                    model.truncatePagecacheRange(t, pos, pos + PAGE);
                } else {
                    long size = rnd.nextInt(pages * PAGE + 1);
                    long oldSize = Files.size(file);
                    LibC.ftruncate(fd, size);
                    ops.append(" truncate").append(size);
                    if (size < oldSize) {
                        // Shrinking drops the pages beyond (fallocated ones too); the partial page
                        // stays, zeroed past EOF. Growing keeps pages fallocated beyond the old EOF.
                        model.truncatePagecache(t, size);
                    }
                }
            }
            long size = Files.size(file);
            done = 0;
            for (int q = 0; q < 8; q++) {
                long offset = q < 2 ? rnd.nextInt((int) Math.max(size, 1)) / PAGE * PAGE
                        : rnd.nextInt((int) size + PAGE + 1);
                for (int whence : new int[] {AddressSpace.SEEK_DATA, AddressSpace.SEEK_HOLE}) {
                    long kernel = kernelSeek(fd, offset, whence);
                    long expected = offset >= size ? -ENXIO : model.seekHoleData(t, offset, size, whence);
                    assertEquals(expected, kernel, "layout " + layout + " size " + size + " offset " + offset
                            + " whence " + whence + " model " + model + " after" + ops);
                    done++;
                }
            }
        } finally {
            LibC.close(fd);
            Files.delete(file);
        }
        return done;
    }

    /** A write to page {@code index}: the model's folio becomes uptodate (created if absent). */
    @MayReleaseLocks
    private static void makeUptodate(PageCache model, TaskContext t, long index) {
        CachedFolio f = model.folioAt(index);
        if (f != null && !f.testUptodate()) {
            model.truncatePagecacheRange(t, index * PAGE, (index + 1) * PAGE);
            f = null;
        }
        if (f == null) {
            model.installFolio(index, 0, true, false, null, null, null);
        }
    }

    private static long kernelSeek(int fd, long offset, int whence) {
        try {
            return LibC.lseek(fd, offset, whence);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }
}
