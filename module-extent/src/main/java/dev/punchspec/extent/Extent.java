package dev.punchspec.extent;

import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One mapping of a fork, {@code struct xfs_bmbt_irec}: file blocks
 * {@code [fileOffFsb, fileOffFsb + lengthFsb)} in a {@link ExtentState}. A real (unwritten or
 * written) extent maps them to the disk blocks starting at {@link #diskFsb()}
 * ({@code br_startblock}); a delalloc extent carries its indirect-block reservation
 * {@link #indlenFsb()} ({@code startblockval(br_startblock)}); a hole carries neither (it is
 * what a lookup returns between records, never a record). Immutable.
 *
 * <p>All quantities are in filesystem blocks; file offsets and lengths are bounded by
 * {@link IndlenPolicy#MAX_FSB}.
 */
public final class Extent {

    /** Stored in {@link #diskFsb} and {@link #indlenFsb} where the field does not apply. */
    private static final long NONE = -1;

    private final long fileOffFsb;
    private final long lengthFsb;
    private final ExtentState state;
    private final long diskFsb;
    private final long indlenFsb;

    private Extent(long fileOffFsb, long lengthFsb, ExtentState state, long diskFsb, long indlenFsb) {
        if (fileOffFsb < 0) {
            throw new IllegalArgumentException("fileOffFsb must be >= 0, was " + fileOffFsb);
        }
        if (lengthFsb < 1) {
            throw new IllegalArgumentException("lengthFsb must be >= 1, was " + lengthFsb);
        }
        if (fileOffFsb > IndlenPolicy.MAX_FSB - lengthFsb) {
            throw new IllegalArgumentException("fileOffFsb + lengthFsb must be <= " + IndlenPolicy.MAX_FSB
                    + ", was fileOffFsb " + fileOffFsb + " + lengthFsb " + lengthFsb);
        }
        this.fileOffFsb = fileOffFsb;
        this.lengthFsb = lengthFsb;
        this.state = state;
        this.diskFsb = diskFsb;
        this.indlenFsb = indlenFsb;
    }

    /**
     * A hole: file blocks with no record (what {@code xfs_bmapi_read()} reports as
     * {@code HOLESTARTBLOCK}).
     *
     * @throws IllegalArgumentException naming the field and value for a negative offset, a
     *     length below 1 or an end beyond {@link IndlenPolicy#MAX_FSB}
     */
    /*@ public normal_behavior
      @   requires 0 <= fileOffFsb && 1 <= lengthFsb && fileOffFsb <= IndlenPolicy.MAX_FSB - lengthFsb;
      @   ensures \result.fileOffFsb() == fileOffFsb && \result.lengthFsb() == lengthFsb;
      @   ensures \result.state() == ExtentState.HOLE;
      @*/
    public static Extent hole(long fileOffFsb, long lengthFsb) {
        return new Extent(fileOffFsb, lengthFsb, ExtentState.HOLE, NONE, NONE);
    }

    /**
     * A delalloc record reserving {@code lengthFsb} data blocks and {@code indlenFsb} indirect
     * blocks ({@code br_startblock = nullstartblock(indlen)}).
     *
     * @throws IllegalArgumentException naming the field and value when out of range (the indirect
     *     reservation must be in {@code [0, MAX_FSB]}; XFS may leave it at 0 after a split)
     */
    /*@ public normal_behavior
      @   requires 0 <= fileOffFsb && 1 <= lengthFsb && fileOffFsb <= IndlenPolicy.MAX_FSB - lengthFsb;
      @   requires 0 <= indlenFsb && indlenFsb <= IndlenPolicy.MAX_FSB;
      @   ensures \result.fileOffFsb() == fileOffFsb && \result.lengthFsb() == lengthFsb;
      @   ensures \result.isDelalloc() && \result.indlenFsb() == indlenFsb;
      @*/
    public static Extent delalloc(long fileOffFsb, long lengthFsb, long indlenFsb) {
        if (indlenFsb < 0 || indlenFsb > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("indlenFsb must be 0.." + IndlenPolicy.MAX_FSB + ", was " + indlenFsb);
        }
        return new Extent(fileOffFsb, lengthFsb, ExtentState.DELALLOC, NONE, indlenFsb);
    }

    /**
     * A real record: file blocks mapped to disk blocks {@code [diskFsb, diskFsb + lengthFsb)}.
     *
     * @param state {@link ExtentState#UNWRITTEN} or {@link ExtentState#WRITTEN}
     * @throws IllegalArgumentException naming the field and value when the state is not real or
     *     a number is out of range
     */
    /*@ public normal_behavior
      @   requires 0 <= fileOffFsb && 1 <= lengthFsb && fileOffFsb <= IndlenPolicy.MAX_FSB - lengthFsb;
      @   requires state.isReal() && 0 <= diskFsb && diskFsb <= IndlenPolicy.MAX_FSB - lengthFsb;
      @   ensures \result.fileOffFsb() == fileOffFsb && \result.lengthFsb() == lengthFsb;
      @   ensures \result.state() == state && \result.diskFsb() == diskFsb;
      @*/
    public static Extent real(long fileOffFsb, long lengthFsb, long diskFsb, ExtentState state) {
        if (!state.isReal()) {
            throw new IllegalArgumentException("state must be UNWRITTEN or WRITTEN for a real extent, was " + state);
        }
        if (diskFsb < 0 || diskFsb > IndlenPolicy.MAX_FSB - lengthFsb) {
            throw new IllegalArgumentException("diskFsb must be 0..MAX_FSB - lengthFsb, was " + diskFsb
                    + " (lengthFsb " + lengthFsb + ")");
        }
        return new Extent(fileOffFsb, lengthFsb, state, diskFsb, NONE);
    }

    /** @return the first file block, {@code br_startoff} */
    //@ ensures \result >= 0;
    public /*@ pure @*/ long fileOffFsb() {
        return fileOffFsb;
    }

    /** @return the number of blocks, {@code br_blockcount} */
    //@ ensures \result >= 1;
    public /*@ pure @*/ long lengthFsb() {
        return lengthFsb;
    }

    /** @return the file block just past the extent */
    //@ ensures \result == fileOffFsb() + lengthFsb();
    public /*@ pure @*/ long endFsb() {
        return fileOffFsb + lengthFsb;
    }

    /** @return what the blocks are mapped to */
    public ExtentState state() {
        return state;
    }

    /** @return whether this is a delalloc reservation ({@code isnullstartblock()}) */
    //@ ensures \result <==> state() == ExtentState.DELALLOC;
    public /*@ pure @*/ boolean isDelalloc() {
        return state == ExtentState.DELALLOC;
    }

    /** @return whether the blocks are allocated on disk */
    //@ ensures \result <==> state().isReal();
    public /*@ pure @*/ boolean isReal() {
        return state.isReal();
    }

    /**
     * @return the first disk block of a real extent
     * @throws IllegalStateException for a hole or a delalloc extent, which have none
     */
    /*@ public normal_behavior
      @   requires isReal();
      @   ensures \result >= 0;
      @*/
    public /*@ pure @*/ long diskFsb() {
        if (!isReal()) {
            throw new IllegalStateException("a " + state + " extent has no disk block: " + this);
        }
        return diskFsb;
    }

    /**
     * @return the indirect-block reservation of a delalloc extent
     * @throws IllegalStateException for any other state
     */
    /*@ public normal_behavior
      @   requires isDelalloc();
      @   ensures \result >= 0;
      @*/
    public /*@ pure @*/ long indlenFsb() {
        if (!isDelalloc()) {
            throw new IllegalStateException("a " + state + " extent has no indirect reservation: " + this);
        }
        return indlenFsb;
    }

    /** @return whether file block {@code fsb} lies in {@code [fileOffFsb, endFsb)} */
    //@ ensures \result <==> (fileOffFsb() <= fsb && fsb < endFsb());
    public /*@ pure @*/ boolean contains(long fsb) {
        return fileOffFsb <= fsb && fsb < endFsb();
    }

    /**
     * The part of this extent in {@code [fromFsb, toFsb)} ({@code xfs_trim_extent()}): the same
     * state, the disk block moved along for a real extent, the reservation kept for a delalloc one
     * (as {@code xfs_trim_extent()} keeps {@code br_startblock}).
     *
     * @throws IllegalArgumentException if the ranges do not overlap
     */
    /*@ public normal_behavior
      @   requires fromFsb < endFsb() && fileOffFsb() < toFsb && fromFsb < toFsb;
      @   ensures \result.state() == state();
      @   ensures \result.fileOffFsb() == Math.max(fileOffFsb(), fromFsb) && \result.endFsb() == Math.min(endFsb(), toFsb);
      @   ensures isReal() ==> \result.diskFsb() == diskFsb() + (\result.fileOffFsb() - fileOffFsb());
      @*/
    public Extent trim(long fromFsb, long toFsb) {
        long start = Math.max(fileOffFsb, fromFsb);
        long end = Math.min(endFsb(), toFsb);
        if (start >= end) {
            throw new IllegalArgumentException("trim range [" + fromFsb + ", " + toFsb + ") does not overlap " + this);
        }
        long diskStart = isReal() ? diskFsb + (start - fileOffFsb) : diskFsb;
        return new Extent(start, end - start, state, diskStart, indlenFsb);
    }

    @Override
    public boolean equals(@GuardSatisfied Extent this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof Extent)) {
            return false;
        }
        Extent that = (Extent) other;
        return fileOffFsb == that.fileOffFsb && lengthFsb == that.lengthFsb && state == that.state
                && diskFsb == that.diskFsb && indlenFsb == that.indlenFsb;
    }

    @Override
    public int hashCode(@GuardSatisfied Extent this) {
        // The state by ordinal: an enum's own hashCode is its identity, different in every JVM run.
        return Objects.hash(fileOffFsb, lengthFsb, state.ordinal(), diskFsb, indlenFsb);
    }

    /** @return e.g. {@code [4, 8) DELALLOC ind 3}, {@code [0, 2) WRITTEN @17}, {@code [2, 4) HOLE} */
    @Override
    public String toString(@GuardSatisfied Extent this) {
        String range = "[" + fileOffFsb + ", " + (fileOffFsb + lengthFsb) + ") " + state;
        if (state == ExtentState.DELALLOC) {
            return range + " ind " + indlenFsb;
        }
        if (state.isReal()) {
            return range + " @" + diskFsb;
        }
        return range;
    }
}
