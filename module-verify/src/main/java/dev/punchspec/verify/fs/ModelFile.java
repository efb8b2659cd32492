package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.cache.PageCache;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentMap;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsParams;
import dev.punchspec.punch.XfsBmapPunch;
import dev.punchspec.verify.explore.Properties;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of a scenario: its page cache ({@code inode->i_mapping}), its XFS extents and disk, and
 * {@code i_size}. Hands each task its views, the api's {@link Inode} and the extent operation the
 * XFS punch callback calls, and evaluates the properties that compare the cache with the extents.
 */
public final class ModelFile {

    private final PageCache cache;
    private final ExtentMap extents;
    private long iSizeByte;
    private final List<String> contractViolations = new ArrayList<>();

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
            extents.punchDelallocRange(task, fork, startByte, endByte);
            return 0;
        };
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
