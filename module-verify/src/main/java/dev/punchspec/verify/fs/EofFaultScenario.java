package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.punch.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * The family "a fault spanning EOF, then a failed write beyond it", the case the seed's comment on
 * {@code iomap_write_delalloc_release()} gives for clamping the scan to {@code i_size}: on a sparse
 * file whose size is not page aligned, either sparse (grown by {@code ftruncate}) or with its
 * bytes below EOF written, flushed and dropped from the cache, one store through a shared mapping
 * into the EOF page makes
 * the read fault create a folio that spans EOF (its post-EOF part zeroed and uptodate) and
 * {@code page_mkwrite} dirty all of it; then a buffered write from EOF into that post-EOF part
 * reserves new delalloc ({@code IOMAP_F_NEW}) beyond EOF and fails where its user buffer faults;
 * then the file is written back ({@code fsync}, as the flusher would later).
 *
 * <p>What the seed's comment predicts: {@code mapping_seek_hole_data()} does not know EOF, so a
 * walk that is not clamped ({@code no-eof-clamp}) finds the dirty post-EOF part, keeps the
 * write's new delalloc under it, and writeback, which never writes past EOF, cleans the folio and
 * leaves that delalloc behind: {@code RESERVATION_LEAK} at rest. The generations that clamp punch
 * from EOF to the end of the mapping. The model adds a condition the comment does not state:
 * XFS writeback converts a whole delalloc record ({@code xfs_bmapi_convert_delalloc()}), so on
 * a sparse file, where the fault reserved the EOF block and the write's post-EOF delalloc joins
 * that record, writeback allocates the post-EOF blocks along with it (unwritten, beyond EOF,
 * left to XFS's post-EOF block trimming, which is not modelled) and no delalloc is left; the
 * leak needs a post-EOF record of its own, as when the EOF block is already on disk.
 *
 * <p>A write starting beyond EOF is not modelled (its EOF zeroing is not, {@link FileOps}), so the
 * write starts at EOF; the blocks it reserves beyond EOF are the same. The store is any byte of
 * the EOF page, below or beyond EOF (a store past EOF inside the EOF page is allowed and never
 * persisted). One task runs store, write and fsync in that order: the family is about what the
 * walk sees, not about a race, so each member is one interleaving.
 */
public final class EofFaultScenario extends FsScenario {

    /** The byte the store writes. */
    public static final byte STORE_VALUE = 0x7F;

    /**
     * One member of the family.
     *
     * @param geometry page size, block size and largest folio order
     * @param iSizeByte the file's size at the start, not a multiple of the page size (the EOF
     *     page's folio then spans EOF)
     * @param dataOnDisk whether the bytes below EOF were first written (a completed buffered
     *     write of {@code [0, iSizeByte)}), flushed ({@code fsync}) and dropped from the cache, so
     *     that the EOF block is a written extent; otherwise the file is sparse
     * @param storeByte the byte stored to, in the page holding EOF
     * @param writeLengthByte the length of the write starting at EOF, at least 1
     * @param readableByte how many bytes of the write's buffer are readable, below
     *     {@code writeLengthByte} (the copy faults there)
     */
    public record Params(Geometry geometry, long iSizeByte, boolean dataOnDisk, long storeByte, int writeLengthByte,
            int readableByte) {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException naming the field and its value when a member is out of
         *     range
         */
        public Params {
            if (iSizeByte < 1 || iSizeByte % geometry.pageSize() == 0) {
                throw new IllegalArgumentException("iSizeByte = " + iSizeByte
                        + ": must be positive and not a multiple of the page size " + geometry.pageSize());
            }
            long eofPageByte = iSizeByte - iSizeByte % geometry.pageSize();
            if (storeByte < eofPageByte || storeByte >= eofPageByte + geometry.pageSize()) {
                throw new IllegalArgumentException("storeByte = " + storeByte + ": must lie in the EOF page ["
                        + eofPageByte + ", " + (eofPageByte + geometry.pageSize()) + ")");
            }
            if (readableByte < 0 || readableByte >= writeLengthByte) {
                throw new IllegalArgumentException("readableByte = " + readableByte
                        + ": must be in [0, writeLengthByte = " + writeLengthByte + ")");
            }
        }

        /** @return a short text of the member, e.g. {@code page=4 block=2 order<=0 i_size=1 store@3 ...} */
        public String label() {
            return "page=" + geometry.pageSize() + " block=" + geometry.blockSize() + " order<="
                    + geometry.maxFolioOrder() + " i_size=" + iSizeByte + (dataOnDisk ? " on disk" : " sparse") + " store@" + storeByte + " write=["
                    + iSizeByte + ", " + (iSizeByte + writeLengthByte) + ") faulting at +" + readableByte
                    + " then fsync";
        }
    }

    private final Params params;
    private final Generation generation;

    /**
     * @param params the member of the family
     * @param generation whose {@code ->iomap_end} the write runs
     */
    public EofFaultScenario(Params params, Generation generation) {
        this.params = params;
        this.generation = generation;
    }

    /**
     * Every member within the bounds, in a fixed order: for each geometry, every size below
     * {@code maxFileByte} that is not a multiple of the page size, sparse then on disk, every
     * store byte of its EOF
     * page, every write length ending at most at {@code maxFileByte}, and every fault position
     * before the write's end.
     *
     * @param geometries the geometries
     * @param maxFileByte the bound on sizes and write ends, at least 2
     * @return the members
     * @throws IllegalArgumentException naming the value when {@code maxFileByte} is below 2
     */
    public static List<Params> family(List<Geometry> geometries, long maxFileByte) {
        if (maxFileByte < 2) {
            throw new IllegalArgumentException("maxFileByte = " + maxFileByte + ": must be at least 2");
        }
        List<Params> all = new ArrayList<>();
        for (Geometry g : geometries) {
            for (long size : StoreRaceScenario.range(1, maxFileByte)) {
                if (size % g.pageSize() == 0) {
                    continue;
                }
                long eofPageByte = size - size % g.pageSize();
                for (boolean onDisk : new boolean[] {false, true}) {
                    for (long store : StoreRaceScenario.range(eofPageByte, eofPageByte + g.pageSize())) {
                        addWrites(all, g, size, onDisk, store, maxFileByte);
                    }
                }
            }
        }
        return all;
    }

    /** Adds every write from EOF ending at most at {@code maxFileByte}, with every fault. */
    private static void addWrites(List<Params> all, Geometry g, long size, boolean onDisk, long store,
            long maxFileByte) {
        for (long len : StoreRaceScenario.range(1, maxFileByte - size + 1)) {
            for (long readable : StoreRaceScenario.range(0, len)) {
                all.add(new Params(g, size, onDisk, store, Math.toIntExact(len), Math.toIntExact(readable)));
            }
        }
    }

    @Override
    public String name() {
        return "eof-fault-then-failed-write " + generation.kernelName() + " " + params.label();
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
     * For a member with its data on disk, the write of {@code [0, i_size)}, fsync and the cache
     * drop; then the store, the write from EOF whose buffer faults at {@code readableByte}, and
     * fsync.
     */
    @Override
    public void run(FsWorld world, int taskId, TaskContext task) throws Exception {
        if (params.dataOnDisk()) {
            byte[] data = FailedRewriteScenario.pattern(FailedRewriteScenario.EARLIER_BASE,
                    Math.toIntExact(params.iSizeByte()));
            world.ops().bufferedWrite(task, 0, data, data.length);
            world.ops().fsync(task);
            world.ops().dropCaches(task);
        }
        world.ops().mmapStore(task, params.storeByte(), STORE_VALUE);
        world.ops().bufferedWrite(task, params.iSizeByte(),
                FailedRewriteScenario.pattern(StoreRaceScenario.WRITE_BASE, params.writeLengthByte()),
                params.readableByte());
        world.ops().fsync(task);
    }
}
