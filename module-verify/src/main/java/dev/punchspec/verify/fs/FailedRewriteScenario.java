package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.punch.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * The family "a failed rewrite over delalloc the write did not create", the case of the
 * {@code IOMAP_F_NEW} rule (KERNEL-NOTES §1.e step 1, §3: "If we didn't reserve the blocks, we're
 * not allowed to punch them"): on a sparse file (grown by {@code ftruncate}), the one task
 * ({@code writer}) first leaves dirty delalloc behind, either by a buffered write that completes
 * or by one store through a shared mapping ({@code page_mkwrite} reserves the folio's blocks
 * below EOF), then runs a buffered write starting inside those bytes (the rewrite) whose user
 * buffer faults after {@code readableByte} bytes. Its {@code ->iomap_begin} maps the earlier delalloc without
 * {@code IOMAP_F_NEW}, so a generation that honours the rule punches nothing there; one that does
 * not ({@code no-f-new}) runs the release walk over data it does not own.
 *
 * <p>The earlier operation's data ({@link #EARLIER_BASE}, {@link #STORE_VALUE}) differs from the
 * rewrite's ({@link StoreRaceScenario#WRITE_BASE}), so {@code DATA_LOST} tells whose data went.
 * One task runs both operations: the family is about whose reservation the cleanup may remove,
 * not about a race. (Measured with a throwaway harness at bound 4, 1026 members: a second task
 * waiting for the first's signal made 10144 interleavings and found {@code no-f-new} in
 * 222 members with the same three properties, as one task does in 1026 interleavings.)
 */
public final class FailedRewriteScenario extends FsScenario {

    /** The first byte of the earlier write's data; byte {@code i} of it is {@code EARLIER_BASE + i}. */
    public static final byte EARLIER_BASE = 0x40;
    /** The byte the earlier store writes. */
    public static final byte STORE_VALUE = 0x7F;

    /** How the earlier operation leaves dirty delalloc. */
    public enum Earlier {
        /** A buffered write that completes ({@code ->iomap_begin} reserves, the copy dirties). */
        WRITE("write"),
        /** One store through a shared mapping ({@code page_mkwrite} reserves and dirties the folio). */
        STORE("store");

        private final String label;

        Earlier(String label) {
            this.label = label;
        }

        /** @return the name used in labels, {@code write} or {@code store} */
        public String label() {
            return label;
        }
    }

    /**
     * One member of the family.
     *
     * @param geometry page size, block size and largest folio order
     * @param iSizeByte the file's size at the start
     * @param earlier how the earlier operation leaves dirty delalloc
     * @param earlierPosByte where the earlier write starts (at most {@code iSizeByte}), or the
     *     stored byte (below {@code iSizeByte}, so that the store is data the file keeps)
     * @param earlierLengthByte the earlier write's length, at least 1; 1 for a store
     * @param writePosByte where the failing rewrite starts: inside the earlier operation's bytes
     * @param writeLengthByte the rewrite's length, at least 1
     * @param readableByte how many bytes of the rewrite's buffer are readable, below
     *     {@code writeLengthByte} (the copy faults there)
     */
    public record Params(Geometry geometry, long iSizeByte, Earlier earlier, long earlierPosByte,
            int earlierLengthByte, long writePosByte, int writeLengthByte, int readableByte) {

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
            if (earlier == Earlier.WRITE && (earlierPosByte < 0 || earlierPosByte > iSizeByte)) {
                throw new IllegalArgumentException("earlierPosByte = " + earlierPosByte
                        + ": an earlier write must start in [0, iSizeByte = " + iSizeByte + "]");
            }
            if (earlier == Earlier.STORE && (earlierPosByte < 0 || earlierPosByte >= iSizeByte)) {
                throw new IllegalArgumentException("earlierPosByte = " + earlierPosByte
                        + ": an earlier store must lie in [0, iSizeByte = " + iSizeByte + ")");
            }
            if (earlierLengthByte < 1 || earlier == Earlier.STORE && earlierLengthByte != 1) {
                throw new IllegalArgumentException("earlierLengthByte = " + earlierLengthByte
                        + ": must be at least 1, and 1 for a store");
            }
            if (writePosByte < earlierPosByte || writePosByte >= earlierPosByte + earlierLengthByte) {
                throw new IllegalArgumentException("writePosByte = " + writePosByte + ": must lie in the earlier "
                        + earlier.label() + "'s bytes [" + earlierPosByte + ", " + (earlierPosByte + earlierLengthByte)
                        + ")");
            }
            if (readableByte < 0 || readableByte >= writeLengthByte) {
                throw new IllegalArgumentException("readableByte = " + readableByte
                        + ": must be in [0, writeLengthByte = " + writeLengthByte + ")");
            }
        }

        /** @return a short text of the member, e.g. {@code page=4 block=2 order<=0 i_size=3 store@1 ...} */
        public String label() {
            String earlierText = earlier == Earlier.STORE ? "store@" + earlierPosByte
                    : "write=[" + earlierPosByte + ", " + (earlierPosByte + earlierLengthByte) + ")";
            return "page=" + geometry.pageSize() + " block=" + geometry.blockSize() + " order<="
                    + geometry.maxFolioOrder() + " i_size=" + iSizeByte + " earlier " + earlierText + " rewrite=["
                    + writePosByte + ", " + (writePosByte + writeLengthByte) + ") faulting at +" + readableByte;
        }
    }

    private final Params params;
    private final Generation generation;

    /**
     * @param params the member of the family
     * @param generation whose {@code ->iomap_end} the writes run
     */
    public FailedRewriteScenario(Params params, Generation generation) {
        this.params = params;
        this.generation = generation;
    }

    /**
     * Every member within the bounds, in a fixed order: for each geometry, every initial size up
     * to {@code maxFileByte}; every earlier write starting at most at that size and ending at most
     * at {@code maxFileByte}, then every store below that size; for each, every rewrite starting
     * inside the earlier operation's bytes and ending at most at {@code maxFileByte}, and every fault
     * position before the rewrite's end.
     *
     * @param geometries the geometries
     * @param maxFileByte the bound on sizes and write ends, at least 1
     * @return the members
     * @throws IllegalArgumentException naming the value when {@code maxFileByte} is below 1
     */
    public static List<Params> family(List<Geometry> geometries, long maxFileByte) {
        if (maxFileByte < 1) {
            throw new IllegalArgumentException("maxFileByte = " + maxFileByte + ": must be at least 1");
        }
        List<Params> all = new ArrayList<>();
        for (Geometry g : geometries) {
            for (long size : StoreRaceScenario.range(0, maxFileByte + 1)) {
                for (long pos : StoreRaceScenario.range(0, size + 1)) {
                    for (long len : StoreRaceScenario.range(1, maxFileByte - pos + 1)) {
                        addRewrites(all, g, size, Earlier.WRITE, pos, len, maxFileByte);
                    }
                }
                for (long store : StoreRaceScenario.range(0, size)) {
                    addRewrites(all, g, size, Earlier.STORE, store, 1, maxFileByte);
                }
            }
        }
        return all;
    }

    /** Adds every rewrite starting in {@code [earlierPos, earlierPos + earlierLen)}, with every fault. */
    private static void addRewrites(List<Params> all, Geometry g, long size, Earlier earlier, long earlierPos,
            long earlierLen, long maxFileByte) {
        for (long pos : StoreRaceScenario.range(earlierPos, earlierPos + earlierLen)) {
            for (long len : StoreRaceScenario.range(1, maxFileByte - pos + 1)) {
                for (long readable : StoreRaceScenario.range(0, len)) {
                    all.add(new Params(g, size, earlier, earlierPos, Math.toIntExact(earlierLen), pos,
                            Math.toIntExact(len), Math.toIntExact(readable)));
                }
            }
        }
    }

    @Override
    public String name() {
        return "failed-rewrite-over-delalloc " + generation.kernelName() + " " + params.label();
    }

    @Override
    public List<String> taskNames() {
        return List.of("writer");
    }

    @Override
    public FsWorld newWorld() {
        return new FsWorld(params.geometry(), StoreRaceScenario.CAPACITY_BLOCKS, params.iSizeByte(), generation);
    }

    /**
     * The one task completes the earlier write (every byte readable) or store, then runs the
     * rewrite, whose buffer faults at {@code readableByte}.
     */
    @Override
    public void run(FsWorld world, int taskId, TaskContext task) throws Exception {
        if (params.earlier() == Earlier.WRITE) {
            byte[] data = pattern(EARLIER_BASE, params.earlierLengthByte());
            world.ops().bufferedWrite(task, params.earlierPosByte(), data, data.length);
        } else {
            world.ops().mmapStore(task, params.earlierPosByte(), STORE_VALUE);
        }
        world.ops().bufferedWrite(task, params.writePosByte(),
                pattern(StoreRaceScenario.WRITE_BASE, params.writeLengthByte()), params.readableByte());
    }

    /** The bytes {@code base, base + 1, ...}, {@code length} of them. */
    static byte[] pattern(byte base, int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (base + i);
        }
        return data;
    }
}
