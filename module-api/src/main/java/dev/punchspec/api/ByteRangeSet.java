package dev.punchspec.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An immutable set of bytes, held as a sorted list of disjoint, non-adjacent, non-empty byte
 * ranges: the canonical form, so two sets are equal iff they hold the same bytes.
 *
 * <p>The later modules use it for "a sorted disjoint set of byte ranges": dirty folios, punched
 * ranges, delalloc extents. Every operation delegates to the proved core {@link ByteRanges} over
 * the two parallel arrays this class keeps private; results are copied into fresh arrays of
 * exact length, so an instance never changes and never shares an array with a caller.
 */
public final class ByteRangeSet {

    private static final ByteRangeSet EMPTY = new ByteRangeSet(new long[0], new long[0]);

    //@ private invariant ByteRanges.isNormalized(starts, ends);

    private final long[] starts;
    private final long[] ends;

    private ByteRangeSet(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * The empty set.
     *
     * @return a set without bytes
     */
    /*@ public normal_behavior
      @ ensures \result.isEmpty();
      @*/
    public static ByteRangeSet empty() {
        return EMPTY;
    }

    /**
     * The bytes of the given ranges, which may be in any order, overlap, touch or be empty.
     *
     * @param ranges the ranges
     * @return their union
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p)
      @     <==> (\exists int i; 0 <= i && i < ranges.length; ranges[i].contains(p)));
      @*/
    public static ByteRangeSet of(ByteRange... ranges) {
        return copyOf(Arrays.asList(ranges));
    }

    /**
     * The bytes of the given ranges, which may be in any order, overlap, touch or be empty.
     *
     * @param ranges the ranges
     * @return their union
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p)
      @     <==> (\exists ByteRange r; ranges.contains(r); r.contains(p)));
      @*/
    public static ByteRangeSet copyOf(Collection<ByteRange> ranges) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        Collections.sort(sorted);
        long[] sortedStarts = new long[sorted.size()];
        long[] sortedEnds = new long[sorted.size()];
        int n = Math.min(sortedStarts.length, sortedEnds.length);
        for (int i = 0; i < n; i++) {
            ByteRange range = sorted.get(i);
            sortedStarts[i] = range.startByte();
            sortedEnds[i] = range.endByte();
        }
        long[] outStarts = new long[n];
        long[] outEnds = new long[n];
        int count = ByteRanges.normalize(sortedStarts, sortedEnds, outStarts, outEnds);
        return ofPrefix(outStarts, outEnds, count);
    }

    /**
     * The set held by an already normalized list (see {@link ByteRanges#isNormalized}), copied.
     *
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends
     * @return the set
     * @throws IllegalArgumentException naming the first offending range if the list is not
     *         normalized
     */
    /*@ public normal_behavior
      @ requires ByteRanges.isNormalized(starts, ends);
      @ ensures (\forall long p; p >= 0; \result.contains(p)
      @     <==> (\exists int i; 0 <= i && i < starts.length; starts[i] <= p && p < ends[i]));
      @*/
    public static ByteRangeSet fromNormalized(long[] starts, long[] ends) {
        ByteRanges.checkNormalized("ranges", starts, ends);
        return ofPrefix(starts, ends, starts.length);
    }

    /**
     * The set held by the first {@code count} entries of a list the core produced (trusted to be
     * normalized; the core's contracts guarantee it), copied.
     *
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends
     * @param count the number of ranges, at least 0
     * @return the set
     */
    static ByteRangeSet ofPrefix(long[] starts, long[] ends, int count) {
        int n = Math.max(0, count);
        return new ByteRangeSet(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }

    /**
     * The number of ranges in the canonical form.
     *
     * @return the range count
     */
    /*@ public normal_behavior
      @ ensures \result >= 0;
      @*/
    public /*@ pure @*/ int rangeCount() {
        return starts.length;
    }

    /**
     * Whether the set holds no byte.
     *
     * @return true iff there are no ranges
     */
    /*@ public normal_behavior
      @ ensures \result <==> rangeCount() == 0;
      @*/
    public /*@ pure @*/ boolean isEmpty() {
        return starts.length == 0;
    }

    /**
     * The {@code index}-th range of the canonical form, in ascending order.
     *
     * @param index in [0, {@link #rangeCount()})
     * @return the range
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    /*@ public normal_behavior
      @ requires 0 <= index && index < rangeCount();
      @ ensures !\result.isEmpty();
      @*/
    public ByteRange range(int index) {
        int n = Math.min(starts.length, ends.length);
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("index must be in [0, " + n + "), got " + index);
        }
        return new ByteRange(starts[index], ends[index]);
    }

    /**
     * The ranges of the canonical form, in ascending order.
     *
     * @return an unmodifiable list
     */
    /*@ public normal_behavior
      @ ensures \result.size() == rangeCount();
      @*/
    public List<ByteRange> ranges() {
        int n = Math.min(starts.length, ends.length);
        List<ByteRange> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new ByteRange(starts[i], ends[i]));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The ranges' first bytes, for code that calls {@link ByteRanges} directly.
     *
     * @return a fresh array of length {@link #rangeCount()}
     */
    /*@ public normal_behavior
      @ ensures \result.length == rangeCount() && \fresh(\result);
      @*/
    public long[] startBytes() {
        return starts.clone();
    }

    /**
     * The ranges' ends, for code that calls {@link ByteRanges} directly.
     *
     * @return a fresh array of length {@link #rangeCount()}
     */
    /*@ public normal_behavior
      @ ensures \result.length == rangeCount() && \fresh(\result);
      @*/
    public long[] endBytes() {
        return ends.clone();
    }

    /**
     * The number of bytes in the set. It cannot overflow: the ranges are disjoint and lie in
     * {@code [0, MAX_LFS_FILESIZE)}.
     *
     * @return the total length
     */
    /*@ public normal_behavior
      @ ensures \result >= 0;
      @*/
    public long totalBytes() {
        int n = Math.min(starts.length, ends.length);
        long total = 0;
        for (int i = 0; i < n; i++) {
            total = total + ByteRanges.length(starts[i], ends[i]);
        }
        return total;
    }

    /**
     * Whether byte {@code pos} is in the set.
     *
     * @param pos a byte offset, at least 0
     * @return true iff some range holds {@code pos}
     * @throws IllegalArgumentException if {@code pos < 0}
     */
    /*@ public normal_behavior
      @ requires pos >= 0;
      @ ensures \result <==> (\exists int i; 0 <= i && i < rangeCount(); range(i).contains(pos));
      @*/
    public /*@ pure @*/ boolean contains(long pos) {
        return ByteRanges.find(starts, ends, pos) >= 0;
    }

    /**
     * Whether every byte of {@code range} is in the set (true for an empty range).
     *
     * @param range the range
     * @return see {@link ByteRanges#covers}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (\forall long p; range.contains(p); contains(p));
      @*/
    public boolean contains(ByteRange range) {
        return ByteRanges.covers(starts, ends, range.startByte(), range.endByte());
    }

    /**
     * Whether every byte of {@code other} is in this set.
     *
     * @param other the other set
     * @return true iff {@code other} is a subset of this set
     */
    /*@ public normal_behavior
      @ ensures \result <==> (\forall long p; p >= 0 && other.contains(p); contains(p));
      @*/
    public boolean containsAll(ByteRangeSet other) {
        return other.difference(this).isEmpty();
    }

    /**
     * Whether the set and {@code range} share a byte.
     *
     * @param range the range
     * @return see {@link ByteRanges#overlapsAny}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (\exists long p; range.contains(p); contains(p));
      @*/
    public boolean overlaps(ByteRange range) {
        return ByteRanges.overlapsAny(starts, ends, range.startByte(), range.endByte());
    }

    /**
     * The bytes in this set or in {@code other}.
     *
     * @param other the other set
     * @return the union
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) || other.contains(p)));
      @*/
    public ByteRangeSet union(ByteRangeSet other) {
        int capacity = starts.length + other.starts.length;
        long[] outStarts = new long[capacity];
        long[] outEnds = new long[capacity];
        int count = ByteRanges.union(starts, ends, other.starts, other.ends, outStarts, outEnds);
        return ofPrefix(outStarts, outEnds, count);
    }

    /**
     * The bytes in this set or in {@code range}.
     *
     * @param range the range to add
     * @return the union
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) || range.contains(p)));
      @*/
    public ByteRangeSet union(ByteRange range) {
        return union(of(range));
    }

    /**
     * The bytes in both this set and {@code other}.
     *
     * @param other the other set
     * @return the intersection
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) && other.contains(p)));
      @*/
    public ByteRangeSet intersection(ByteRangeSet other) {
        // n + m is at least ByteRanges.intersectionCapacity(n, m) = max(0, n + m - 1).
        int capacity = starts.length + other.starts.length;
        long[] outStarts = new long[capacity];
        long[] outEnds = new long[capacity];
        int count = ByteRanges.intersection(starts, ends, other.starts, other.ends, outStarts, outEnds);
        return ofPrefix(outStarts, outEnds, count);
    }

    /**
     * The bytes in both this set and {@code range}.
     *
     * @param range the range to intersect with
     * @return the intersection
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) && range.contains(p)));
      @*/
    public ByteRangeSet intersection(ByteRange range) {
        return intersection(of(range));
    }

    /**
     * The bytes in this set but not in {@code other}.
     *
     * @param other the set to remove
     * @return the difference
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) && !other.contains(p)));
      @*/
    public ByteRangeSet difference(ByteRangeSet other) {
        int capacity = starts.length + other.starts.length;
        long[] outStarts = new long[capacity];
        long[] outEnds = new long[capacity];
        int count = ByteRanges.difference(starts, ends, other.starts, other.ends, outStarts, outEnds);
        return ofPrefix(outStarts, outEnds, count);
    }

    /**
     * The bytes in this set but not in {@code range}.
     *
     * @param range the range to remove
     * @return the difference
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0; \result.contains(p) <==> (contains(p) && !range.contains(p)));
      @*/
    public ByteRangeSet difference(ByteRange range) {
        return difference(of(range));
    }

    /**
     * The bytes of {@code [0, MAX_LFS_FILESIZE)} not in this set.
     *
     * @return the complement
     */
    /*@ public normal_behavior
      @ ensures (\forall long p; p >= 0 && p < ByteRanges.MAX_LFS_FILESIZE; \result.contains(p) <==> !contains(p));
      @*/
    public ByteRangeSet complement() {
        int capacity = starts.length + 1;
        long[] outStarts = new long[capacity];
        long[] outEnds = new long[capacity];
        int count = ByteRanges.complement(starts, ends, outStarts, outEnds);
        return ofPrefix(outStarts, outEnds, count);
    }

    /*@ also public normal_behavior
      @ ensures \result <==> (other instanceof ByteRangeSet
      @     && (\forall long p; p >= 0; contains(p) <==> ((ByteRangeSet) other).contains(p)));
      @*/
    @Override
    public boolean equals(@GuardSatisfied ByteRangeSet this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ByteRangeSet)) {
            return false;
        }
        ByteRangeSet that = (ByteRangeSet) other;
        return Arrays.equals(starts, that.starts) && Arrays.equals(ends, that.ends);
    }

    /*@ also public normal_behavior
      @ ensures \result == Objects.hash(Arrays.hashCode(starts), Arrays.hashCode(ends));
      @*/
    @Override
    public int hashCode(@GuardSatisfied ByteRangeSet this) {
        return Objects.hash(Arrays.hashCode(starts), Arrays.hashCode(ends));
    }

    /**
     * The ranges in braces, e.g. {@code {[0, 4), [8, 12)}}; {@code {}} when empty.
     *
     * @return the text form
     */
    /*@ also public normal_behavior
      @ ensures \result != null;
      @*/
    @Override
    public String toString(@GuardSatisfied ByteRangeSet this) {
        // String concatenation, not StringBuilder: the Lock Checker requires toString to be
        // @LockingFree and StringBuilder.append is not annotated so.
        String text = "";
        int n = Math.min(starts.length, ends.length);
        for (int i = 0; i < n; i++) {
            text = text + (i == 0 ? "[" : ", [") + starts[i] + ", " + ends[i] + ")";
        }
        return "{" + text + "}";
    }
}
