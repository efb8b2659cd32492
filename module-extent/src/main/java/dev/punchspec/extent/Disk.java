package dev.punchspec.extent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The data device: {@code capacityBlocks} physical blocks of {@code blockSize} bytes, which
 * blocks are allocated, and what is stored in them.
 *
 * <p>What is modelled: contents survive a cache drop (they are what a read of a written extent
 * returns); a block never written reads as zeros; freeing a block does not erase it (XFS does not
 * zero freed blocks, which is why new allocations are unwritten extents until their data is on
 * disk: reading stale contents through a written mapping is a real failure mode the model can
 * show). The allocator returns between one block and the requested number of contiguous free
 * blocks, the whole request when a free run that long exists, as XFS's allocator does for a
 * request with {@code minlen} 1.
 *
 * <p>Not modelled: where XFS places an allocation (allocation groups, the by-size and by-block
 * free-space btrees, locality to the previous extent, stripe alignment, busy extents). Here an
 * allocation takes the lowest-addressed free run that holds the whole request, or else the
 * longest free run (the lowest-addressed of equals); deterministic, so exploration results are
 * reproducible. Also not modelled: reference counts of shared blocks (reflink) and the log.
 *
 * <p>A value: {@link #copy()}, {@link #equals}, {@link #hashCode}. Not thread-safe.
 */
public final class Disk {

    private final long capacityBlocks;
    private final int blockSize;
    /** Allocated runs: start block to end block (exclusive), disjoint and non-adjacent. */
    private final TreeMap<Long, Long> allocated;
    /** Contents of blocks ever written; blocks absent here read as zeros. */
    private final TreeMap<Long, Block> contents;

    /**
     * An empty disk: nothing allocated, every block zero.
     *
     * @param capacityBlocks number of blocks, 1..{@link IndlenPolicy#MAX_FSB}
     * @param blockSize bytes per block, 1..2^30
     * @throws IllegalArgumentException naming the parameter and value when out of range
     */
    public Disk(long capacityBlocks, int blockSize) {
        if (capacityBlocks < 1 || capacityBlocks > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("capacityBlocks must be 1.." + IndlenPolicy.MAX_FSB + ", was "
                    + capacityBlocks);
        }
        if (blockSize < 1 || blockSize > (1 << 30)) {
            throw new IllegalArgumentException("blockSize must be 1..2^30, was " + blockSize);
        }
        this.capacityBlocks = capacityBlocks;
        this.blockSize = blockSize;
        this.allocated = new TreeMap<>();
        this.contents = new TreeMap<>();
    }

    private Disk(Disk other) {
        this.capacityBlocks = other.capacityBlocks;
        this.blockSize = other.blockSize;
        this.allocated = new TreeMap<>(other.allocated);
        this.contents = new TreeMap<>(other.contents);
    }

    /** @return an equal, independent disk */
    //@ ensures \result.equals(this);
    public Disk copy() {
        return new Disk(this);
    }

    /** @return the number of blocks */
    //@ ensures \result >= 1;
    public /*@ pure @*/ long capacityBlocks() {
        return capacityBlocks;
    }

    /** @return bytes per block */
    //@ ensures \result >= 1;
    public /*@ pure @*/ int blockSize() {
        return blockSize;
    }

    /** @return the number of allocated blocks */
    //@ ensures 0 <= \result && \result <= capacityBlocks();
    public /*@ pure @*/ long usedBlocks() {
        long used = 0;
        for (Map.Entry<Long, Long> run : allocated.entrySet()) {
            used += run.getValue() - run.getKey();
        }
        return used;
    }

    /**
     * @param diskFsb a block
     * @return whether it is allocated
     * @throws IllegalArgumentException if {@code diskFsb} is not a block of this disk
     */
    //@ requires 0 <= diskFsb && diskFsb < capacityBlocks();
    public /*@ pure @*/ boolean isAllocated(long diskFsb) {
        return isAllocated(diskFsb, 1);
    }

    /**
     * @param diskFsb first block
     * @param lengthFsb number of blocks, at least 1
     * @return whether every block of {@code [diskFsb, diskFsb + lengthFsb)} is allocated
     * @throws IllegalArgumentException if the range is not inside the disk
     */
    //@ requires 1 <= lengthFsb && 0 <= diskFsb && diskFsb <= capacityBlocks() - lengthFsb;
    public /*@ pure @*/ boolean isAllocated(long diskFsb, long lengthFsb) {
        return runHolding(diskFsb, lengthFsb) != null;
    }

    /**
     * The allocated run holding all of {@code [diskFsb, diskFsb + lengthFsb)}, or {@code null}.
     * Touching runs are always coalesced, so an allocated range lies in a single run.
     */
    private Map.@Nullable Entry<Long, Long> runHolding(long diskFsb, long lengthFsb) {
        checkRange(diskFsb, lengthFsb);
        Map.@Nullable Entry<Long, Long> run = allocated.floorEntry(diskFsb);
        return run != null && diskFsb + lengthFsb <= run.getValue() ? run : null;
    }

    /**
     * Allocates up to {@code wantBlocks} contiguous free blocks: the lowest-addressed free run
     * that holds them all, else the longest free run.
     *
     * @param wantBlocks the blocks wanted, at least 1
     * @return {@code {first block, number of blocks}}, or {@code null} when no block is free
     * @throws IllegalArgumentException if {@code wantBlocks} is below 1
     */
    long @Nullable [] allocate(long wantBlocks) {
        if (wantBlocks < 1) {
            throw new IllegalArgumentException("wantBlocks must be >= 1, was " + wantBlocks);
        }
        // The free gaps in address order, {start, end}: before each allocated run, then to the end.
        List<long[]> gaps = new ArrayList<>();
        long cursor = 0;
        for (Map.Entry<Long, Long> run : allocated.entrySet()) {
            gaps.add(new long[] {cursor, run.getKey()});
            cursor = run.getValue();
        }
        gaps.add(new long[] {cursor, capacityBlocks});
        long bestStart = -1;
        long bestLen = 0;
        for (long[] gap : gaps) {
            long freeLen = gap[1] - gap[0];
            if (freeLen >= wantBlocks) {
                return take(gap[0], wantBlocks);
            }
            if (freeLen > bestLen) {
                bestStart = gap[0];
                bestLen = freeLen;
            }
        }
        return bestLen == 0 ? null : take(bestStart, bestLen);
    }

    /** Marks {@code [start, start + len)} allocated, coalescing with touching runs. */
    private long[] take(long start, long len) {
        long end = start + len;
        long newStart = start;
        long newEnd = end;
        Map.@Nullable Entry<Long, Long> before = allocated.floorEntry(start);
        if (before != null && before.getValue() == start) {
            newStart = before.getKey();
            allocated.remove(before.getKey());
        }
        @Nullable Long afterEnd = allocated.remove(end);
        if (afterEnd != null) {
            newEnd = afterEnd;
        }
        allocated.put(newStart, newEnd);
        return new long[] {start, len};
    }

    /**
     * Frees {@code [diskFsb, diskFsb + lengthFsb)}. Contents stay as they are.
     *
     * @param diskFsb first block
     * @param lengthFsb number of blocks, at least 1
     * @return whether every block was allocated; {@code false} is a double free, and then the
     *     disk is unchanged
     * @throws IllegalArgumentException if the range is not inside the disk
     */
    boolean free(long diskFsb, long lengthFsb) {
        Map.@Nullable Entry<Long, Long> run = runHolding(diskFsb, lengthFsb);
        if (run == null) {
            return false;
        }
        long end = diskFsb + lengthFsb;
        long runStart = run.getKey();
        long runEnd = run.getValue();
        allocated.remove(runStart);
        if (runStart < diskFsb) {
            allocated.put(runStart, diskFsb);
        }
        if (end < runEnd) {
            allocated.put(end, runEnd);
        }
        return true;
    }

    /**
     * Writes one block.
     *
     * @param diskFsb the block
     * @param data exactly {@link #blockSize()} bytes; copied
     * @throws IllegalArgumentException if the block is not on the disk or the data has the wrong size
     */
    /*@ public normal_behavior
      @   requires 0 <= diskFsb && diskFsb < capacityBlocks() && data.length == blockSize();
      @   ensures java.util.Arrays.equals(read(diskFsb), data);
      @*/
    public void write(long diskFsb, byte[] data) {
        checkBlock("diskFsb", diskFsb);
        if (data.length != blockSize) {
            throw new IllegalArgumentException("data.length must be the block size " + blockSize + ", was "
                    + data.length);
        }
        contents.put(diskFsb, new Block(data));
    }

    /**
     * Reads one block, allocated or not.
     *
     * @param diskFsb the block
     * @return a copy of its contents, zeros if it was never written
     * @throws IllegalArgumentException if the block is not on the disk
     */
    /*@ public normal_behavior
      @   requires 0 <= diskFsb && diskFsb < capacityBlocks();
      @   ensures \result.length == blockSize();
      @*/
    public /*@ pure @*/ byte[] read(long diskFsb) {
        checkBlock("diskFsb", diskFsb);
        @Nullable Block block = contents.get(diskFsb);
        return block == null ? new byte[blockSize] : block.bytes();
    }

    private void checkBlock(String name, long diskFsb) {
        if (diskFsb < 0 || diskFsb >= capacityBlocks) {
            throw new IllegalArgumentException(name + " must be 0.." + (capacityBlocks - 1) + ", was " + diskFsb);
        }
    }

    private void checkRange(long diskFsb, long lengthFsb) {
        if (lengthFsb < 1 || diskFsb < 0 || diskFsb > capacityBlocks - lengthFsb) {
            throw new IllegalArgumentException("disk range [diskFsb, diskFsb + lengthFsb) must lie in [0, "
                    + capacityBlocks + ") with lengthFsb >= 1, was diskFsb " + diskFsb + ", lengthFsb " + lengthFsb);
        }
    }

    /** Same size, allocation and contents. */
    @Override
    public boolean equals(@GuardSatisfied Disk this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof Disk)) {
            return false;
        }
        Disk that = (Disk) other;
        return capacityBlocks == that.capacityBlocks && blockSize == that.blockSize
                && allocated.equals(that.allocated) && contents.equals(that.contents);
    }

    @Override
    public int hashCode(@GuardSatisfied Disk this) {
        return Objects.hash(capacityBlocks, blockSize, allocated, contents);
    }

    /** @return e.g. {@code disk{8 x 4B, allocated {0=2, 5=6}, written [0, 1]}} */
    @Override
    public String toString(@GuardSatisfied Disk this) {
        return "disk{" + capacityBlocks + " x " + blockSize + "B, allocated " + allocated + ", written "
                + contents.keySet() + "}";
    }

    /** The immutable contents of one block, compared by value. */
    private static final class Block {
        private final byte[] data;

        Block(byte[] data) {
            this.data = data.clone();
        }

        byte[] bytes() {
            return data.clone();
        }

        @Override
        public boolean equals(@GuardSatisfied Block this, @GuardSatisfied @Nullable Object other) {
            return other instanceof Block && Arrays.equals(data, ((Block) other).data);
        }

        @Override
        public int hashCode(@GuardSatisfied Block this) {
            return Arrays.hashCode(data);
        }
    }
}
