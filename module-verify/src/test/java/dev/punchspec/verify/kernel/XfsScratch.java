package dev.punchspec.verify.kernel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;

/**
 * A scratch XFS filesystem: a sparse image file, {@code mkfs.xfs -b size=<block size>}, a loop
 * device attached with {@code losetup}, mounted with the default mount options.
 *
 * <p>Cleanup is the point of this class: {@link #close()}, called in a {@code finally}, unmounts, detaches the loop device and
 * deletes the image and its directory, attempting every step even when an earlier one fails; a
 * JVM shutdown hook, registered before anything is created and removed by {@code close()}, does
 * the same if the test JVM exits without closing ({@code System.exit}, SIGTERM; not SIGKILL),
 * after ending the harness's helper processes that could keep the filesystem busy. A busy unmount
 * is retried for 3 s, then done lazily. The loop device is attached explicitly rather than with
 * {@code mount -o loop}, so its name is known and it is detached even if the unmount fails
 * ({@code losetup -d} on a busy device marks it to detach when released).
 *
 * <p>Mount options: the defaults. {@code allocsize=} was measured and rejected: it fixes the
 * speculative preallocation at that size instead of turning it off, and at 1024-byte blocks
 * {@code allocsize=4k} grows a 1000-byte extending write's reservation from one block to four;
 * with the default dynamic preallocation, files below 64 KiB get none (docs/kernel-harness.md).
 */
final class XfsScratch {

    /** 300 MiB: the smallest filesystem current mkfs.xfs accepts. The image is sparse. */
    private static final long IMAGE_BYTES = 300L << 20;
    private static final long TIMEOUT_SECONDS = 60;
    private static final int UNMOUNT_ATTEMPTS = 10;
    private static final long UNMOUNT_RETRY_MILLIS = 300;

    private final int blockSizeByte;
    private final Path dir;
    private final Path image;
    private final Path mountPoint;
    /** The shutdown hook; set by {@link #create} right after construction. */
    private @MonotonicNonNull Thread safetyNet;
    private String loopDevice = "";
    private boolean mounted;
    private boolean closed;

    private XfsScratch(Path workDir, int blockSizeByte) throws IOException {
        this.blockSizeByte = blockSizeByte;
        Files.createDirectories(workDir);
        this.dir = Files.createTempDirectory(workDir, "xfs-" + blockSizeByte + "-");
        this.image = dir.resolve("xfs.img");
        this.mountPoint = dir.resolve("mnt");
    }

    /** Makes and mounts a fresh filesystem under {@code workDir}; on failure cleans up and rethrows. */
    static XfsScratch create(Path workDir, int blockSizeByte) throws IOException {
        XfsScratch fs = new XfsScratch(workDir, blockSizeByte);
        Thread hook = new Thread(fs::closeQuietly, "xfs-scratch-cleanup " + fs.dir);
        fs.safetyNet = hook;
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fs.setUp();
            return fs;
        } catch (IOException | RuntimeException e) {
            fs.closeAfter(e);
            throw e;
        }
    }

    /**
     * Closes after {@code failure} and before it is rethrown: a cleanup failure is attached to it
     * as suppressed rather than hiding it.
     */
    void closeAfter(Exception failure) {
        try {
            close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private synchronized void setUp() throws IOException {
        Files.createDirectories(mountPoint);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(IMAGE_BYTES);
        }
        Commands.check(List.of(tool("mkfs.xfs"), "-q", "-f", "-b", "size=" + blockSizeByte, image.toString()), "",
                TIMEOUT_SECONDS);
        List<String> out = Commands.check(List.of(tool("losetup"), "--find", "--show", image.toString()), "",
                TIMEOUT_SECONDS);
        if (out.size() != 1 || !out.get(0).startsWith("/dev/loop")) {
            throw new IOException("losetup printed " + out + ", not a loop device");
        }
        loopDevice = out.get(0);
        mount();
    }

    private static String tool(String name) throws IOException {
        return Commands.find(name).orElseThrow(() -> new IOException(name + " not found")).toString();
    }

    private void mount() throws IOException {
        Commands.check(List.of(tool("mount"), "-t", "xfs", loopDevice, mountPoint.toString()), "", TIMEOUT_SECONDS);
        mounted = true;
    }

    private void unmount() throws IOException {
        Commands.check(List.of(tool("umount"), mountPoint.toString()), "", TIMEOUT_SECONDS);
        mounted = false;
    }

    /** Where the filesystem is mounted. */
    Path mountPoint() {
        return mountPoint;
    }

    /** The block size it was made with. */
    int blockSizeByte() {
        return blockSizeByte;
    }

    /** Unmounts and mounts again: everything fsynced is read back from the disk image. */
    synchronized void remount() throws IOException {
        if (closed) {
            throw new IllegalStateException("remount of a closed scratch filesystem " + dir);
        }
        unmount();
        mount();
    }

    /**
     * Unmounts, detaches, deletes; every step is tried, the first failure is thrown. (Not
     * {@code AutoCloseable}: the Lock Checker's annotated JDK would make every method it calls
     * need a {@code @GuardSatisfied} receiver; callers use try/finally.)
     */
    synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        if (mounted || isMounted()) {
            unmountPatiently(failures);
        }
        if (!loopDevice.isEmpty()) {
            try {
                Commands.check(List.of(tool("losetup"), "-d", loopDevice), "", TIMEOUT_SECONDS);
                loopDevice = "";
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (failures.isEmpty()) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                failures.add(e);
            }
        }
        closed = true;
        Thread hook = safetyNet;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook runs (or ran) this method; nothing left to undo.
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }

    /**
     * Unmounts, retrying while the filesystem is busy (a helper that still has a file open, e.g.
     * when the JVM is exiting under it), and as a last resort detaches it lazily ({@code umount
     * -l}: gone from the namespace now, released when the last user closes). Failures go to
     * {@code failures}; a lazy unmount that worked is reported too, since it was not clean.
     */
    private void unmountPatiently(List<IOException> failures) {
        IOException last = new IOException("unmount of " + mountPoint + " not attempted");
        for (int attempt = 0; attempt < UNMOUNT_ATTEMPTS; attempt++) {
            try {
                unmount();
                return;
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(UNMOUNT_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failures.add(last);
        try {
            Commands.check(List.of(tool("umount"), "-l", mountPoint.toString()), "", TIMEOUT_SECONDS);
            mounted = false;
        } catch (IOException e) {
            failures.add(e);
        }
    }

    private boolean isMounted() {
        try {
            String mounts = Files.readString(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8);
            return mounts.contains(" " + mountPoint + " ");
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The JVM-exit safety net: first ends the helper processes this JVM started that may still
     * hold files of the filesystem open (only descendants running the harness's helper), then
     * closes.
     */
    private void closeQuietly() {
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + KernelHarness.HELPER_NAME)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        try {
            close();
        } catch (IOException e) {
            System.err.println("xfs scratch cleanup failed for " + dir + ": " + e.getMessage());
        }
    }
}
