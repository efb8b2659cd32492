package dev.punchspec.api;

import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The sizes of one model instance: page size, file system block size and the largest folio
 * order, with the quantities the kernel derives from them ({@code PAGE_SHIFT},
 * {@code i_blkbits}, {@code i_blocksize()}, {@code folio_size()}, {@code i_blocks_per_folio()}).
 *
 * <p>Implementation overview. The kernel fixes {@code PAGE_SIZE} at build time and a block size
 * per file system; here both are parameters so that exploration can run at tiny sizes (a page of
 * a few bytes keeps states small) and conformance runs at 4096. The constructor enforces:
 * <ul>
 * <li>{@code pageSize} and {@code blockSize} are powers of two of at least {@link #MIN_SIZE} byte
 *     (1: nothing in the algorithm needs more; the kernel's own minimum is 4096 and 512);</li>
 * <li>{@code blockSize <= pageSize}. Blocks larger than a page (large block size, "LBS") are
 *     supported by the kernel since v6.12 only together with a minimum folio order per mapping
 *     ({@code mapping_set_folio_min_order()}), so that no folio holds part of a block. This model
 *     has no minimum folio order, so a larger block would let a folio hold a fraction of a block,
 *     breaking the per-block state ({@code ifs}) and the block-rounded punch; it is rejected rather
 *     than half-modelled;</li>
 * <li>{@code 0 <= maxFolioOrder} and a folio of that order holds at most 2^{@link #MAX_FOLIO_SHIFT}
 *     bytes, far below {@code Long.MAX_VALUE}, so folio sizes and block counts never overflow.
 *     (The kernel's {@code MAX_PAGECACHE_ORDER} keeps folios at most a PMD, 2 MiB with 4 KiB
 *     pages.)</li>
 * </ul>
 * Instances are immutable values.
 */
public final class Geometry {

    /** The smallest page or block size accepted, in bytes. */
    public static final long MIN_SIZE = 1;

    /** A folio holds at most {@code 2^MAX_FOLIO_SHIFT} bytes (4 GiB). */
    public static final int MAX_FOLIO_SHIFT = 32;

    private final long pageSize;
    private final long blockSize;
    private final int maxFolioOrder;
    private final int pageShift;
    private final int blockBits;

    /**
     * Validates and records a geometry.
     *
     * @param pageSize {@code PAGE_SIZE} in bytes: a power of two in [1, 2^32]
     * @param blockSize the file system block size ({@code i_blocksize()}) in bytes: a power of
     *        two, at most {@code pageSize}
     * @param maxFolioOrder the largest folio order, at least 0, with
     *        {@code pageSize << maxFolioOrder <= 2^32}
     * @throws IllegalArgumentException naming the field and value of the first violated rule
     */
    /*@ public normal_behavior
      @ requires Align.isPowerOfTwo(pageSize) && pageSize <= (1L << MAX_FOLIO_SHIFT);
      @ requires Align.isPowerOfTwo(blockSize) && blockSize <= pageSize;
      @ requires maxFolioOrder >= 0 && (pageSize << maxFolioOrder) <= (1L << MAX_FOLIO_SHIFT);
      @ ensures pageSize() == pageSize && blockSize() == blockSize && maxFolioOrder() == maxFolioOrder;
      @*/
    public Geometry(long pageSize, long blockSize, int maxFolioOrder) {
        if (!Align.isPowerOfTwo(pageSize) || pageSize > Shifts.sizeOf(MAX_FOLIO_SHIFT)) {
            throw new IllegalArgumentException("pageSize must be a power of two in [" + MIN_SIZE + ", 2^"
                    + MAX_FOLIO_SHIFT + "], got " + pageSize);
        }
        if (!Align.isPowerOfTwo(blockSize)) {
            throw new IllegalArgumentException("blockSize must be a power of two >= " + MIN_SIZE + ", got "
                    + blockSize);
        }
        if (blockSize > pageSize) {
            throw new IllegalArgumentException("blockSize (" + blockSize + ") must not exceed pageSize ("
                    + pageSize + "): blocks larger than a page need the kernel's large-block-size support"
                    + " (v6.12, a minimum folio order per mapping), which this model does not include");
        }
        int shift = Shifts.log2(pageSize);
        if (maxFolioOrder < 0 || maxFolioOrder > MAX_FOLIO_SHIFT - shift) {
            throw new IllegalArgumentException("maxFolioOrder must be in [0, " + (MAX_FOLIO_SHIFT - shift)
                    + "] so that a folio of pageSize " + pageSize + " stays within 2^" + MAX_FOLIO_SHIFT
                    + " bytes, got " + maxFolioOrder);
        }
        this.pageSize = pageSize;
        this.blockSize = blockSize;
        this.maxFolioOrder = maxFolioOrder;
        this.pageShift = shift;
        this.blockBits = Shifts.log2(blockSize);
    }

    /**
     * {@code PAGE_SIZE}.
     *
     * @return the page size in bytes
     */
    /*@ public normal_behavior
      @ ensures Align.isPowerOfTwo(\result);
      @*/
    public /*@ pure @*/ long pageSize() {
        return pageSize;
    }

    /**
     * {@code PAGE_SHIFT}: {@code pageSize() == 1L << pageShift()}.
     *
     * @return the page shift
     */
    /*@ public normal_behavior
      @ ensures (1L << \result) == pageSize();
      @*/
    public /*@ pure @*/ int pageShift() {
        return pageShift;
    }

    /**
     * The block size, as {@code i_blocksize(inode)} (include/linux/fs.h) returns it.
     *
     * @return the block size in bytes
     */
    /*@ public normal_behavior
      @ ensures Align.isPowerOfTwo(\result) && \result <= pageSize();
      @*/
    public /*@ pure @*/ long blockSize() {
        return blockSize;
    }

    /**
     * {@code i_blocksize(inode)} (include/linux/fs.h), the name the kernel's punch code uses; the
     * same value as {@link #blockSize()}.
     *
     * @return the block size in bytes
     */
    /*@ public normal_behavior
      @ ensures \result == blockSize();
      @*/
    public /*@ pure @*/ long iBlocksize() {
        return blockSize();
    }

    /**
     * {@code inode->i_blkbits}: {@code blockSize() == 1L << blockBits()}.
     *
     * @return the block shift
     */
    /*@ public normal_behavior
      @ ensures (1L << \result) == blockSize();
      @*/
    public /*@ pure @*/ int blockBits() {
        return blockBits;
    }

    /**
     * The largest folio order this instance allows.
     *
     * @return the order, at least 0
     */
    /*@ public normal_behavior
      @ ensures \result >= 0;
      @*/
    public /*@ pure @*/ int maxFolioOrder() {
        return maxFolioOrder;
    }

    /**
     * Blocks per page: {@code PAGE_SIZE >> i_blkbits}.
     *
     * @return the number of blocks in one page, at least 1
     */
    /*@ public normal_behavior
      @ ensures \result == pageSize() / blockSize();
      @*/
    public /*@ pure @*/ long blocksPerPage() {
        return blocksPerFolio(0);
    }

    /**
     * {@code folio_size()} (include/linux/mm.h) of a folio of order {@code order}:
     * {@code PAGE_SIZE << order}.
     *
     * @param order the folio order, in [0, {@link #maxFolioOrder()}]
     * @return the folio size in bytes
     * @throws IllegalArgumentException if {@code order} is outside [0, maxFolioOrder]
     */
    /*@ public normal_behavior
      @ requires 0 <= order && order <= maxFolioOrder();
      @ ensures \result == (pageSize() << order);
      @*/
    public long folioSize(int order) {
        return Shifts.sizeOf(folioShift(order));
    }

    /**
     * {@code folio_shift()} (include/linux/mm.h): {@code PAGE_SHIFT + order}.
     *
     * @param order the folio order, in [0, {@link #maxFolioOrder()}]
     * @return the folio's shift
     * @throws IllegalArgumentException if {@code order} is outside [0, maxFolioOrder]
     */
    /*@ public normal_behavior
      @ requires 0 <= order && order <= maxFolioOrder();
      @ ensures \result == pageShift() + order;
      @*/
    public int folioShift(int order) {
        checkOrder(order);
        return pageShift + order;
    }

    /**
     * {@code i_blocks_per_folio(inode, folio)} (include/linux/pagemap.h) for a folio of order
     * {@code order}: {@code folio_size(folio) >> inode->i_blkbits}.
     *
     * @param order the folio order, in [0, {@link #maxFolioOrder()}]
     * @return the number of blocks in such a folio, at least 1
     * @throws IllegalArgumentException if {@code order} is outside [0, maxFolioOrder]
     */
    /*@ public normal_behavior
      @ requires 0 <= order && order <= maxFolioOrder();
      @ ensures \result == folioSize(order) / blockSize();
      @*/
    public long blocksPerFolio(int order) {
        return Shifts.indexOf(folioSize(order), blockBits);
    }

    /**
     * Rejects a folio order outside [0, maxFolioOrder].
     *
     * @param order the order
     */
    private void checkOrder(int order) {
        if (order < 0 || order > maxFolioOrder) {
            throw new IllegalArgumentException("order must be in [0, maxFolioOrder=" + maxFolioOrder + "], got "
                    + order);
        }
    }

    /*@ also public normal_behavior
      @ ensures \result <==> (other instanceof Geometry
      @     && ((Geometry) other).pageSize() == pageSize() && ((Geometry) other).blockSize() == blockSize()
      @     && ((Geometry) other).maxFolioOrder() == maxFolioOrder());
      @*/
    @Override
    public boolean equals(@GuardSatisfied Geometry this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof Geometry)) {
            return false;
        }
        Geometry that = (Geometry) other;
        return pageSize == that.pageSize && blockSize == that.blockSize && maxFolioOrder == that.maxFolioOrder;
    }

    /*@ also public normal_behavior
      @ ensures \result == Objects.hash(pageSize(), blockSize(), maxFolioOrder());
      @*/
    @Override
    public int hashCode(@GuardSatisfied Geometry this) {
        return Objects.hash(pageSize, blockSize, maxFolioOrder);
    }

    /**
     * The sizes, as {@code Geometry[pageSize=4096, blockSize=1024, maxFolioOrder=2]}.
     *
     * @return the text form
     */
    /*@ also public normal_behavior
      @ ensures \result != null;
      @*/
    @Override
    public String toString(@GuardSatisfied Geometry this) {
        return "Geometry[pageSize=" + pageSize + ", blockSize=" + blockSize + ", maxFolioOrder=" + maxFolioOrder
                + "]";
    }
}
