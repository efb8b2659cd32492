package dev.punchspec.api;

import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An immutable half-open byte range {@code [startByte, endByte)}: the bytes {@code p} with
 * {@code startByte <= p < endByte}. The range may be empty ({@code startByte == endByte}).
 *
 * <p>A value class over two {@code long}s; every operation delegates to the proved core
 * {@link ByteRanges}, so its semantics (set semantics for empty ranges included) are the core's.
 * Ranges order by start, then end. The kernel's {@code {offset, length}} form is produced only at
 * the punch callback ({@link #ofLength}, {@link #length()}).
 */
public final class ByteRange implements Comparable<ByteRange> {

    //@ public invariant 0 <= startByte && startByte <= endByte;

    private final /*@ spec_public @*/ long startByte;
    private final /*@ spec_public @*/ long endByte;

    /**
     * The range {@code [startByte, endByte)}.
     *
     * <p>Every end up to {@link ByteRanges#MAX_LFS_FILESIZE} is accepted; since that is
     * {@code Long.MAX_VALUE}, no {@code long} end lies beyond it.
     *
     * @param startByte first byte, at least 0
     * @param endByte end, exclusive, at least {@code startByte}
     * @throws IllegalArgumentException naming the field and value if {@code startByte < 0} or
     *         {@code endByte < startByte}
     */
    /*@ public normal_behavior
      @ requires 0 <= startByte && startByte <= endByte;
      @ ensures this.startByte == startByte && this.endByte == endByte;
      @*/
    public ByteRange(long startByte, long endByte) {
        ByteRanges.checkRange("startByte", startByte, "endByte", endByte);
        this.startByte = startByte;
        this.endByte = endByte;
    }

    /**
     * The range of {@code lengthBytes} bytes from {@code offset}, the kernel's
     * {@code {offset, length}} form (as the punch callback receives it).
     *
     * @param offset first byte, at least 0
     * @param lengthBytes number of bytes, at least 0
     * @return {@code [offset, offset + lengthBytes)}
     * @throws IllegalArgumentException if {@code offset} or {@code lengthBytes} is negative
     * @throws ArithmeticException if {@code offset + lengthBytes} exceeds
     *         {@link ByteRanges#MAX_LFS_FILESIZE}
     */
    /*@ public normal_behavior
      @ requires offset >= 0 && lengthBytes >= 0 && offset <= ByteRanges.MAX_LFS_FILESIZE - lengthBytes;
      @ ensures \result.startByte == offset && \result.endByte == offset + lengthBytes;
      @*/
    public static ByteRange ofLength(long offset, long lengthBytes) {
        ByteRanges.checkPosition("offset", offset);
        ByteRanges.checkPosition("lengthBytes", lengthBytes);
        if (offset > ByteRanges.MAX_LFS_FILESIZE - lengthBytes) {
            throw new ArithmeticException("offset " + offset + " + lengthBytes " + lengthBytes
                    + " exceeds MAX_LFS_FILESIZE " + ByteRanges.MAX_LFS_FILESIZE);
        }
        return new ByteRange(offset, offset + lengthBytes);
    }

    /**
     * First byte.
     *
     * @return {@code startByte}
     */
    /*@ public normal_behavior
      @ ensures \result == startByte;
      @*/
    public /*@ pure @*/ long startByte() {
        return startByte;
    }

    /**
     * End, exclusive.
     *
     * @return {@code endByte}
     */
    /*@ public normal_behavior
      @ ensures \result == endByte;
      @*/
    public /*@ pure @*/ long endByte() {
        return endByte;
    }

    /**
     * Number of bytes.
     *
     * @return {@code endByte - startByte}
     */
    /*@ public normal_behavior
      @ ensures \result == endByte - startByte;
      @*/
    public /*@ pure @*/ long length() {
        return ByteRanges.length(startByte, endByte);
    }

    /**
     * Whether the range holds no byte.
     *
     * @return {@code startByte == endByte}
     */
    /*@ public normal_behavior
      @ ensures \result <==> startByte == endByte;
      @*/
    public /*@ pure @*/ boolean isEmpty() {
        return length() == 0;
    }

    /**
     * Whether byte {@code pos} lies in this range.
     *
     * @param pos a byte offset, at least 0
     * @return {@code startByte <= pos < endByte}
     * @throws IllegalArgumentException if {@code pos < 0}
     */
    /*@ public normal_behavior
      @ requires pos >= 0;
      @ ensures \result <==> (startByte <= pos && pos < endByte);
      @*/
    public /*@ pure @*/ boolean contains(long pos) {
        return ByteRanges.contains(startByte, endByte, pos);
    }

    /**
     * Whether every byte of {@code other} lies in this range (true for an empty {@code other}).
     *
     * @param other the range to test
     * @return see {@link ByteRanges#containsRange}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (other.startByte == other.endByte
      @     || (startByte <= other.startByte && other.endByte <= endByte));
      @*/
    public /*@ pure @*/ boolean contains(ByteRange other) {
        return ByteRanges.containsRange(startByte, endByte, other.startByte, other.endByte);
    }

    /**
     * Whether this range and {@code other} share a byte.
     *
     * @param other the other range
     * @return see {@link ByteRanges#overlaps}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (Math.max(startByte, other.startByte) < Math.min(endByte, other.endByte));
      @*/
    public /*@ pure @*/ boolean overlaps(ByteRange other) {
        return ByteRanges.overlaps(startByte, endByte, other.startByte, other.endByte);
    }

    /**
     * Whether both ranges are non-empty and touch without overlapping.
     *
     * @param other the other range
     * @return see {@link ByteRanges#adjacent}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (startByte < endByte && other.startByte < other.endByte
      @     && (endByte == other.startByte || other.endByte == startByte));
      @*/
    public /*@ pure @*/ boolean isAdjacentTo(ByteRange other) {
        return ByteRanges.adjacent(startByte, endByte, other.startByte, other.endByte);
    }

    /**
     * The bytes in both ranges, as a (possibly empty) range starting at
     * {@code max(startByte, other.startByte)}.
     *
     * @param other the other range
     * @return the intersection
     */
    /*@ public normal_behavior
      @ ensures \result.startByte == Math.max(startByte, other.startByte);
      @ ensures \result.endByte == Math.max(\result.startByte, Math.min(endByte, other.endByte));
      @*/
    public ByteRange intersection(ByteRange other) {
        return new ByteRange(ByteRanges.intersectionStart(startByte, endByte, other.startByte, other.endByte),
                ByteRanges.intersectionEnd(startByte, endByte, other.startByte, other.endByte));
    }

    /**
     * The bytes of this range that are not in {@code other}: zero, one or two ranges.
     *
     * @param other the range to remove
     * @return the difference as a set
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) && !other.contains(p)));
      @*/
    public ByteRangeSet minus(ByteRange other) {
        long[] pieceStarts = new long[2];
        long[] pieceEnds = new long[2];
        int pieces = ByteRanges.difference(startByte, endByte, other.startByte, other.endByte, pieceStarts, pieceEnds);
        return ByteRangeSet.ofPrefix(pieceStarts, pieceEnds, pieces);
    }

    /**
     * Orders by start, then by end.
     *
     * @param other the range to compare with
     * @return negative, zero or positive as this range sorts before, with or after {@code other}
     */
    /*@ also public normal_behavior
      @ ensures \result == (startByte != other.startByte ? Long.compare(startByte, other.startByte)
      @     : Long.compare(endByte, other.endByte));
      @*/
    @Override
    public int compareTo(@GuardSatisfied ByteRange this, ByteRange other) {
        int byStart = Long.compare(startByte, other.startByte);
        return byStart != 0 ? byStart : Long.compare(endByte, other.endByte);
    }

    /*@ also public normal_behavior
      @ ensures \result <==> (other instanceof ByteRange && ((ByteRange) other).startByte == startByte
      @     && ((ByteRange) other).endByte == endByte);
      @*/
    @Override
    public boolean equals(@GuardSatisfied ByteRange this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ByteRange)) {
            return false;
        }
        ByteRange that = (ByteRange) other;
        return startByte == that.startByte && endByte == that.endByte;
    }

    /*@ also public normal_behavior
      @ ensures \result == Objects.hash(startByte, endByte);
      @*/
    @Override
    public int hashCode(@GuardSatisfied ByteRange this) {
        return Objects.hash(startByte, endByte);
    }

    /**
     * The half-open notation, e.g. {@code [0, 4096)}.
     *
     * @return the text form
     */
    /*@ also public normal_behavior
      @ ensures \result != null;
      @*/
    @Override
    public String toString(@GuardSatisfied ByteRange this) {
        return "[" + startByte + ", " + endByte + ")";
    }
}
