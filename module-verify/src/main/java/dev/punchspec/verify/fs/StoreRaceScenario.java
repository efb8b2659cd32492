package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.punch.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * The family "a failed write racing mmap stores", generic/346's shape (KERNEL-NOTES §5: holetest
 * stores through a shared mapping while another thread writes to the same page): on a sparse file
 * (grown by {@code ftruncate}), task 0 ({@code writer}) runs a buffered write whose user buffer
 * faults after {@code readableByte} bytes, so the write fails or comes up short and its
 * {@code ->iomap_end} releases the reservation it made; task 1 ({@code storer}) stores one byte
 * through a shared mapping. The write's data and the stored byte differ
 * ({@link #WRITE_BASE}, {@link #STORE_VALUE}), so {@code DATA_LOST} tells whose data went.
 */
public final class StoreRaceScenario extends FsScenario {

    /** The first byte of the write's data; byte {@code i} of the buffer is {@code WRITE_BASE + i}. */
    public static final byte WRITE_BASE = 0x10;
    /** The byte the store writes. */
    public static final byte STORE_VALUE = 0x7F;
    /** The writer's user buffer fault has been reached. */
    static final String WRITER_STALLED = "writer stalled";
    /** The store returned. */
    static final String STORE_DONE = "store done";
    /** The disk's size in blocks: more than any scenario of the family can reserve. */
    public static final long CAPACITY_BLOCKS = 64;

    /**
     * One member of the family.
     *
     * @param geometry page size, block size and largest folio order (of the write's folios; the
     *     read fault creates order-0 folios)
     * @param iSizeByte the file's size at the start
     * @param writePosByte where the write starts, at most {@code iSizeByte}
     * @param writeLengthByte the write's length, at least 1
     * @param readableByte how many bytes of the write's buffer are readable, below
     *     {@code writeLengthByte} (the copy faults there)
     * @param storeByte the byte the store writes to
     */
    public record Params(Geometry geometry, long iSizeByte, long writePosByte, int writeLengthByte, int readableByte,
            long storeByte) {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException naming the field and its value when a member is out of
         *     range
         */
        public Params {
            if (iSizeByte < 0) {
                throw new IllegalArgumentException("iSizeByte = " + iSizeByte + ": must be >= 0");
            }
            if (writePosByte < 0 || writePosByte > iSizeByte) {
                throw new IllegalArgumentException("writePosByte = " + writePosByte + ": must be in [0, iSizeByte = "
                        + iSizeByte + "]");
            }
            if (readableByte < 0 || readableByte >= writeLengthByte) {
                throw new IllegalArgumentException("readableByte = " + readableByte
                        + ": must be in [0, writeLengthByte = " + writeLengthByte + ")");
            }
            if (storeByte < 0) {
                throw new IllegalArgumentException("storeByte = " + storeByte + ": must be >= 0");
            }
        }

        /** @return a short text of the member, e.g. {@code page=4 block=2 order<=0 i_size=3 ...} */
        public String label() {
            return "page=" + geometry.pageSize() + " block=" + geometry.blockSize() + " order<="
                    + geometry.maxFolioOrder() + " i_size=" + iSizeByte + " write=[" + writePosByte + ", "
                    + (writePosByte + writeLengthByte) + ") faulting at +" + readableByte + " store@" + storeByte;
        }
    }

    private final Params params;
    private final Generation generation;

    /**
     * @param params the member of the family
     * @param generation whose {@code ->iomap_end} the write runs
     */
    public StoreRaceScenario(Params params, Generation generation) {
        this.params = params;
        this.generation = generation;
    }

    /**
     * Every member within the bounds, in a fixed order: for each geometry, every initial size up
     * to {@code maxFileByte}, every write start up to that size, every length ending at most at
     * {@code maxFileByte}, every fault position before the write's end, and every store byte
     * below {@code maxFileByte}.
     *
     * @param geometries the geometries
     * @param maxFileByte the bound on sizes, write ends and store bytes, at least 1
     * @return the members
     * @throws IllegalArgumentException naming the value when {@code maxFileByte} is below 1
     */
    public static List<Params> family(List<Geometry> geometries, long maxFileByte) {
        if (maxFileByte < 1) {
            throw new IllegalArgumentException("maxFileByte = " + maxFileByte + ": must be at least 1");
        }
        List<Params> all = new ArrayList<>();
        for (Geometry g : geometries) {
            for (long size : range(0, maxFileByte + 1)) {
                for (long pos : range(0, size + 1)) {
                    for (long len : range(1, maxFileByte - pos + 1)) {
                        for (long readable : range(0, len)) {
                            for (long store : range(0, maxFileByte)) {
                                all.add(new Params(g, size, pos, Math.toIntExact(len), Math.toIntExact(readable),
                                        store));
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    /**
     * The values {@code [fromInclusive, toExclusive)}, for the families' nested enumerations (an
     * array, so that every loop over it is bounded by its length: PIT's mutants of a counted
     * loop's step or bound would otherwise run until they time out).
     */
    static long[] range(long fromInclusive, long toExclusive) {
        long[] values = new long[Math.toIntExact(toExclusive - fromInclusive)];
        for (int i = 0; i < values.length; i++) {
            values[i] = fromInclusive + i;
        }
        return values;
    }

    @Override
    public String name() {
        return "failed-write-vs-store " + generation.kernelName() + " " + params.label();
    }

    @Override
    public List<String> taskNames() {
        return List.of("writer", "storer");
    }

    @Override
    public FsWorld newWorld() {
        return new FsWorld(params.geometry(), CAPACITY_BLOCKS, params.iSizeByte(), generation);
    }

    /**
     * Task 0 writes; its user buffer stalls at the faulting byte until the store is done (or got
     * {@code SIGBUS}), then fails. Task 1 waits until the writer stalls, then stores. This is the
     * staging of the real reproducer (eofpunch.c: the writer blocks in a userfaultfd fault after
     * {@code ->iomap_begin}, the main thread stores through the mapping, then wakes the fault).
     */
    @Override
    public void run(FsWorld world, int taskId, TaskContext task) throws Exception {
        if (taskId == 0) {
            byte[] data = new byte[params.writeLengthByte()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (WRITE_BASE + i);
            }
            world.ops().bufferedWrite(task, params.writePosByte(), data, params.readableByte(), () -> {
                world.signal(WRITER_STALLED);
                task.scheduler().blockUntil("userfaultfd: the store", () -> world.signalled(STORE_DONE));
            });
        } else {
            task.scheduler().blockUntil("the writer's user fault", () -> world.signalled(WRITER_STALLED));
            world.ops().mmapStore(task, params.storeByte(), STORE_VALUE);
            world.signal(STORE_DONE);
        }
    }
}
