package dev.punchspec.extent;

import dev.punchspec.api.Geometry;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The filesystem parameters of an extent map model: what {@code mkfs.xfs} and the mount options
 * fix for an XFS filesystem, reduced to what the punch path depends on. Immutable; the
 * {@code with...} methods return modified copies.
 *
 * <ul>
 *   <li>{@link #geometry()}: page and block size of the model instance; {@link #blockLog()} is
 *       {@code sb_blocklog} ({@code i_blkbits}). Exploration uses blocks of a few bytes,
 *       conformance 4096.
 *   <li>{@link #capacityBlocks()}: the data device's blocks, all free at the start
 *       ({@code m_fdblocks}). XFS sets some aside (the reserve pool, {@code alloc_set_aside}); the
 *       model does not, so every block can be reserved.
 *   <li>{@link #maxExtentBlocks()}: {@code XFS_MAX_BMBT_EXTLEN} (2^21 - 1), the longest record;
 *       merges that would exceed it are refused, as in XFS. Small values exercise that.
 *   <li>{@link #indlen()}: the bmap btree geometry that sizes indirect reservations.
 *   <li>{@link #allocsizeLog()}: the {@code allocsize=} mount option as log2 of bytes, which fixes
 *       speculative preallocation beyond EOF ({@code m_allocsize_log},
 *       {@code m_allocsize_blocks}); 0 means no preallocation, the default here. (Without the
 *       option XFS sizes it dynamically, {@code xfs_iomap_prealloc_size()}, and gives none to
 *       files smaller than 64 KiB; that dynamic sizing is not modelled.)
 * </ul>
 */
public final class XfsParams {

    /** {@code XFS_MAX_BMBT_EXTLEN}: 2^21 - 1 blocks. */
    public static final long XFS_MAX_BMBT_EXTLEN = (1L << 21) - 1;

    private final Geometry geometry;
    private final int blockLog;
    private final long capacityBlocks;
    private final long maxExtentBlocks;
    private final XfsIndlen indlen;
    private final int allocsizeLog;

    private XfsParams(Geometry geometry, long capacityBlocks, long maxExtentBlocks, XfsIndlen indlen,
            int allocsizeLog) {
        int blockLog = geometry.blockBits();
        if (blockLog > 30) {
            throw new IllegalArgumentException("geometry.blockSize() must be at most 2^30, was " + geometry.blockSize());
        }
        if (capacityBlocks < 1 || capacityBlocks > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("capacityBlocks must be 1.." + IndlenPolicy.MAX_FSB + ", was "
                    + capacityBlocks);
        }
        if (maxExtentBlocks < 1 || maxExtentBlocks > XFS_MAX_BMBT_EXTLEN) {
            throw new IllegalArgumentException("maxExtentBlocks must be 1.." + XFS_MAX_BMBT_EXTLEN + ", was "
                    + maxExtentBlocks);
        }
        if (allocsizeLog != 0 && (allocsizeLog < blockLog || allocsizeLog > 30)) {
            throw new IllegalArgumentException("allocsizeLog must be 0 (off) or blockLog.." + 30 + " (blockLog "
                    + blockLog + "), was " + allocsizeLog);
        }
        this.geometry = geometry;
        this.blockLog = blockLog;
        this.capacityBlocks = capacityBlocks;
        this.maxExtentBlocks = maxExtentBlocks;
        this.indlen = indlen;
        this.allocsizeLog = allocsizeLog;
    }

    /**
     * Parameters with XFS's defaults: longest record {@link #XFS_MAX_BMBT_EXTLEN}, the 4 KiB v5
     * btree geometry ({@link XfsIndlen#XFS_4K}), no speculative preallocation.
     *
     * @param geometry page and block size; blocks of at most 2^30 bytes
     * @param capacityBlocks the disk's size in blocks, 1..{@link IndlenPolicy#MAX_FSB}
     * @return the parameters
     * @throws IllegalArgumentException naming the parameter and value when out of range
     */
    /*@ public normal_behavior
      @   requires geometry.blockBits() <= 30 && 1 <= capacityBlocks && capacityBlocks <= IndlenPolicy.MAX_FSB;
      @   ensures \result.geometry() == geometry && \result.capacityBlocks() == capacityBlocks;
      @   ensures \result.maxExtentBlocks() == XFS_MAX_BMBT_EXTLEN && \result.allocsizeLog() == 0;
      @*/
    public static XfsParams of(Geometry geometry, long capacityBlocks) {
        return new XfsParams(geometry, capacityBlocks, XFS_MAX_BMBT_EXTLEN, XfsIndlen.XFS_4K, 0);
    }

    /** @return a copy with {@code maxExtentBlocks} as the longest record */
    public XfsParams withMaxExtentBlocks(long maxExtentBlocks) {
        return new XfsParams(geometry, capacityBlocks, maxExtentBlocks, indlen, allocsizeLog);
    }

    /** @return a copy with another btree geometry */
    public XfsParams withIndlen(XfsIndlen indlen) {
        return new XfsParams(geometry, capacityBlocks, maxExtentBlocks, indlen, allocsizeLog);
    }

    /** @return a copy with the {@code allocsize=} option ({@code 1 << allocsizeLog} bytes; 0 = off) */
    public XfsParams withAllocsizeLog(int allocsizeLog) {
        return new XfsParams(geometry, capacityBlocks, maxExtentBlocks, indlen, allocsizeLog);
    }

    /** @return the page and block sizes of the model instance */
    public Geometry geometry() {
        return geometry;
    }

    /** @return {@code PAGE_SHIFT} of the model instance */
    public int pageShift() {
        return geometry.pageShift();
    }

    /** @return {@code sb_blocklog} */
    public int blockLog() {
        return blockLog;
    }

    /** @return the block size in bytes, {@code 1 << blockLog} */
    //@ ensures \result == (1L << blockLog());
    public /*@ pure @*/ long blockSize() {
        return 1L << blockLog;
    }

    /** @return the disk's size in blocks */
    public long capacityBlocks() {
        return capacityBlocks;
    }

    /** @return the longest record, {@code XFS_MAX_BMBT_EXTLEN} unless changed */
    public long maxExtentBlocks() {
        return maxExtentBlocks;
    }

    /** @return the indirect-reservation rules */
    public XfsIndlen indlen() {
        return indlen;
    }

    /** @return log2 of the {@code allocsize=} preallocation in bytes, 0 when off */
    public int allocsizeLog() {
        return allocsizeLog;
    }

    /** @return {@code m_allocsize_blocks}: the preallocation in blocks, 0 when off */
    //@ ensures allocsizeLog() == 0 ==> \result == 0;
    public /*@ pure @*/ long allocsizeBlocks() {
        return allocsizeLog == 0 ? 0 : 1L << (allocsizeLog - blockLog);
    }

    /**
     * The largest byte offset the model accepts plus one: the model's {@code s_maxbytes}. Bytes
     * beyond it would map to file blocks at or past {@link IndlenPolicy#MAX_FSB}, which only
     * happens for blocks of fewer than 8 bytes.
     *
     * @return {@code min(Long.MAX_VALUE, MAX_FSB << blockLog)}
     */
    //@ ensures \result >= 1 && (\result == Long.MAX_VALUE || \result / blockSize() == IndlenPolicy.MAX_FSB);
    public /*@ pure @*/ long maxFileBytes() {
        // MAX_FSB is 2^60: shifted by 3 or more it passes 2^63 - 1, so every long byte offset fits.
        return blockLog >= Long.numberOfLeadingZeros(IndlenPolicy.MAX_FSB)
                ? Long.MAX_VALUE : IndlenPolicy.MAX_FSB << blockLog;
    }

    /**
     * {@code XFS_B_TO_FSBT(mp, b)}: the block holding byte {@code b} (rounds down).
     *
     * @throws IllegalArgumentException if {@code b} is negative
     */
    /*@ public normal_behavior
      @   requires b >= 0;
      @   ensures \result == b / blockSize();
      @*/
    public /*@ pure @*/ long toFsbt(long b) {
        checkByte("b", b);
        return b >>> blockLog;
    }

    /**
     * {@code XFS_B_TO_FSB(mp, b)}: the number of blocks covering {@code b} bytes (rounds up). XFS
     * computes {@code (b + blockmask) >> blocklog} in unsigned 64-bit arithmetic, so it does not
     * overflow for {@code b} near {@code LLONG_MAX}; this does the same without the sum.
     *
     * @throws IllegalArgumentException if {@code b} is negative
     */
    /*@ public normal_behavior
      @   requires b >= 0;
      @   ensures \result == b / blockSize() + (b % blockSize() == 0 ? 0 : 1);
      @*/
    public /*@ pure @*/ long toFsb(long b) {
        checkByte("b", b);
        long mask = (1L << blockLog) - 1;
        return (b >>> blockLog) + ((b & mask) == 0 ? 0 : 1);
    }

    /**
     * {@code XFS_FSB_TO_B(mp, fsb)}: the first byte of block {@code fsb}.
     *
     * @throws IllegalArgumentException if {@code fsb} is negative or the byte offset would
     *     overflow a {@code long}
     */
    /*@ public normal_behavior
      @   requires 0 <= fsb && fsb <= Long.MAX_VALUE / blockSize();
      @   ensures \result == fsb * blockSize();
      @*/
    public /*@ pure @*/ long toBytes(long fsb) {
        if (fsb < 0 || fsb > (Long.MAX_VALUE >> blockLog)) {
            throw new IllegalArgumentException("fsb must be 0.." + (Long.MAX_VALUE >> blockLog) + ", was " + fsb);
        }
        return fsb << blockLog;
    }

    private static void checkByte(String name, long b) {
        if (b < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + b);
        }
    }

    @Override
    public boolean equals(@GuardSatisfied XfsParams this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof XfsParams)) {
            return false;
        }
        XfsParams that = (XfsParams) other;
        return geometry.equals(that.geometry) && capacityBlocks == that.capacityBlocks
                && maxExtentBlocks == that.maxExtentBlocks && indlen.equals(that.indlen)
                && allocsizeLog == that.allocsizeLog;
    }

    @Override
    public int hashCode(@GuardSatisfied XfsParams this) {
        return Objects.hash(geometry, capacityBlocks, maxExtentBlocks, indlen, allocsizeLog);
    }

    @Override
    public String toString(@GuardSatisfied XfsParams this) {
        return "xfs{" + geometry + ", capacity=" + capacityBlocks + ", maxExtent="
                + maxExtentBlocks + ", " + indlen + ", allocsize=" + (allocsizeLog == 0 ? "off" : (1L << allocsizeLog) + "B")
                + "}";
    }
}
