package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.cache.BackingStore;
import dev.punchspec.cache.PageCache;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentMap;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsParams;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.punch.XfsBmapPunch;
import dev.punchspec.verify.explore.Properties;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.dataflow.qual.Pure;

/**
 * One file of a scenario: its page cache ({@code inode->i_mapping}), its XFS extents and disk, and
 * {@code i_size}. Hands each task its views, the api's {@link Inode} and the extent operation the
 * XFS punch callback calls, and evaluates the properties that compare the cache with the extents.
 */
public final class ModelFile {

    private final PageCache cache;
    private final ExtentMap extents;
    /** {@code inode->i_rwsem} (XFS_IOLOCK): writers and truncate take it exclusive. */
    private final ModelLock iRwsem = new ModelLock("i_rwsem", LockRank.I_RWSEM);
    private long iSizeByte;
    private final List<String> contractViolations = new ArrayList<>();
    private final List<String> punchedNonDelalloc = new ArrayList<>();

    /**
     * An empty file.
     *
     * @param geometry page size, block size and largest folio order
     * @param capacityBlocks the size of the filesystem's disk in blocks, at least 1
     */
    public ModelFile(Geometry geometry, long capacityBlocks) {
        this.cache = new PageCache("file", geometry);
        this.extents = new ExtentMap(XfsParams.of(geometry, capacityBlocks));
    }

    /**
     * A copy of the whole file, for the check at rest, which writes back and drops the cache of
     * the copy so that the scenario's own end state stays as the tasks left it.
     *
     * @return the copy: cache, extents and disk, {@code i_size} and the recorded violations
     */
    public ModelFile copy() {
        ModelFile copy = new ModelFile(cache.copy(), extents.copy());
        copy.iSizeByte = iSizeByte;
        copy.contractViolations.addAll(contractViolations);
        copy.punchedNonDelalloc.addAll(punchedNonDelalloc);
        return copy;
    }

    private ModelFile(PageCache cache, ExtentMap extents) {
        this.cache = cache;
        this.extents = extents;
    }

    /** @return {@code inode->i_rwsem} */
    @Pure
    public ModelLock iRwsem() {
        return iRwsem;
    }

    /**
     * What a read of the file returns where the page cache holds nothing ({@code iomap_read_folio_iter()}
     * over {@code xfs_read_iomap_begin()}): the disk through written extents, zeros over holes,
     * delalloc and unwritten extents, and zeros from {@code i_size} on
     * ({@code iomap_block_needs_zeroing()}).
     *
     * @return the store, reading this file's current state
     */
    public BackingStore backingStore() {
        return (posByte, dst, dstOffset, lengthByte) -> {
            long blockSize = extents.params().blockSize();
            for (int i = 0; i < lengthByte; i++) {
                long p = posByte + i;
                dst[dstOffset + i] = p < iSizeByte ? extents.readFileBlock(p / blockSize)[(int) (p % blockSize)] : 0;
            }
        };
    }

    /** @return the page cache */
    public PageCache cache() {
        return cache;
    }

    /** @return the extent map, space counters and disk */
    public ExtentMap extents() {
        return extents;
    }

    /** @return {@code i_size} in bytes */
    public long iSizeByte() {
        return iSizeByte;
    }

    /**
     * Sets {@code i_size} ({@code i_size_write()}).
     *
     * @param sizeByte the new size, at least 0
     * @throws IllegalArgumentException naming the value when it is negative
     */
    public void setISizeByte(long sizeByte) {
        if (sizeByte < 0) {
            throw new IllegalArgumentException("sizeByte = " + sizeByte + ": i_size must be >= 0");
        }
        this.iSizeByte = sizeByte;
    }

    /**
     * The inode as {@code task} sees it: {@code i_size_read()} is a scheduling point, since the
     * kernel reads it without a lock.
     *
     * @param task the task
     * @return its view
     */
    public Inode inode(TaskContext task) {
        return new Inode() {
            @Override
            public long iSizeRead() {
                task.schedulingPoint("i_size_read");
                return iSizeByte;
            }

            @Override
            public int blkbits() {
                return extents.params().blockLog();
            }

            @Override
            public AddressSpace mapping() {
                return cache.forTask(task);
            }
        };
    }

    /**
     * {@code xfs_bmap_punch_delalloc_range()} for {@code task}, behind the generations' XFS punch
     * callbacks. XFS documents that its callers must not pass partial blocks; a call that does is
     * recorded as a {@code CONTRACT} violation ({@link #contractViolations()}), and the punch then
     * does what XFS does with it: the start rounded down, the end up, whole blocks removed.
     *
     * @param task the task running the punch; the extent map takes its ILOCK
     * @return the operation
     */
    public XfsBmapPunch bmapPunch(TaskContext task) {
        return (inode, whichFork, startByte, endByte) -> {
            WhichFork fork = whichFork == XfsBmapPunch.XFS_COW_FORK ? WhichFork.COW : WhichFork.DATA;
            if (!extents.punchArgumentsValid(startByte, endByte - startByte)) {
                XfsParams params = extents.params();
                contractViolations.add(Properties.CONTRACT + ": xfs_bmap_punch_delalloc_range(" + fork + ", " + startByte + ", "
                        + endByte + "): callers must not pass partial blocks (block size " + params.blockSize()
                        + "); XFS punches blocks [" + params.toFsbt(startByte) + ", " + params.toFsb(endByte) + ")");
            }
            List<Extent> before = extents.realExtents(fork);
            extents.punchDelallocRange(task, fork, startByte, endByte);
            // Removing this call is a mutant no test can kill: module-extent proves and tests that
            // the punch leaves real extents alone, so no reachable punch has anything to record;
            // recordPunch itself is tested with a changed fork.
            recordPunch(fork, startByte, endByte, before, extents.realExtents(fork));
            return 0;
        };
    }

    /**
     * Records {@code PUNCHED_NON_DELALLOC} for one punch of the data or COW fork when its real
     * extents differ before and after ({@link #punchedNonDelalloc(WhichFork, long, long, List, List)}).
     * Apart from {@link #bmapPunch} so that tests can show a changed fork being recorded, which the
     * extent model's punch never produces.
     *
     * @param fork the punched fork
     * @param startByte the punch's start
     * @param endByte the punch's end
     * @param before the fork's real extents before the punch
     * @param after the fork's real extents after it
     */
    void recordPunch(WhichFork fork, long startByte, long endByte, List<Extent> before, List<Extent> after) {
        String changed = punchedNonDelalloc(fork, startByte, endByte, before, after);
        if (changed != null) {
            punchedNonDelalloc.add(changed);
        }
    }

    /**
     * Property {@code PUNCHED_NON_DELALLOC} for one punch: the real (unwritten or written) extents
     * of the fork must be the same after it as before. The extent model's punch promises it
     * (module-extent proves and tests {@code punchDelallocRange}'s postcondition), so this guards
     * the composition against a regression there.
     *
     * @return {@code PUNCHED_NON_DELALLOC: ...}, or null when nothing real changed
     */
    static @Nullable String punchedNonDelalloc(WhichFork fork, long startByte, long endByte, List<Extent> before,
            List<Extent> after) {
        if (before.equals(after)) {
            return null;
        }
        return Properties.PUNCHED_NON_DELALLOC + ": the punch of [" + startByte + ", " + endByte + ") changed the "
                + fork + " fork's real extents from " + before + " to " + after;
    }

    /** @return the {@code PUNCHED_NON_DELALLOC: ...} texts recorded by punches, in order */
    public List<String> punchedNonDelalloc() {
        return List.copyOf(punchedNonDelalloc);
    }

    /**
     * Property {@code RESERVATION_LEAK}: every delalloc block of the data fork has dirty page-cache
     * data over it (speculative preallocation, which the model's {@code allocsize=} could add, is
     * off in every scenario).
     *
     * @return one {@code RESERVATION_LEAK: ...} text per offending block, ascending
     */
    public List<String> reservationLeaks() {
        List<String> found = new ArrayList<>();
        long blockSize = extents.params().blockSize();
        for (Extent e : extents.extents(WhichFork.DATA)) {
            for (long fsb = e.fileOffFsb(); e.isDelalloc() && fsb < e.endFsb(); fsb++) {
                if (!cache.blockDirtyAt(fsb * blockSize)) {
                    found.add(Properties.RESERVATION_LEAK + ": block " + fsb + " [" + fsb * blockSize + ", "
                            + (fsb + 1) * blockSize + ") is delalloc with no dirty data over it");
                }
            }
        }
        return found;
    }

    /** @return the broken caller obligations recorded so far, each {@code CONTRACT: ...}, in order */
    public List<String> contractViolations() {
        return List.copyOf(contractViolations);
    }

    /**
     * Property {@code DIRTY_WITHOUT_RESERVATION}: every block below EOF holding dirty page-cache
     * data has a delalloc or an allocated extent in the data fork, or writeback has nowhere to put
     * the data.
     *
     * @return one {@code DIRTY_WITHOUT_RESERVATION: ...} text per offending block, ascending
     */
    public List<String> dirtyWithoutReservation() {
        List<String> found = new ArrayList<>();
        long blockSize = extents.params().blockSize();
        for (long startByte = 0; startByte < iSizeByte; startByte += blockSize) {
            long fsb = startByte / blockSize;
            Extent mapping = extents.mappingAt(WhichFork.DATA, fsb);
            // A block is never larger than a page (Geometry), so it lies in one folio and has one
            // dirty state: the folio's, or its bit in the folio's per-block state.
            if (mapping.state() == ExtentState.HOLE && cache.blockDirtyAt(startByte)) {
                found.add(Properties.DIRTY_WITHOUT_RESERVATION + ": block " + fsb + " [" + startByte + ", " + (startByte + blockSize)
                        + ") holds dirty data below EOF " + iSizeByte + " and has no extent");
            }
        }
        return found;
    }
}
