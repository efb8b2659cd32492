package dev.punchspec.api;

import java.util.Arrays;

/**
 * Half-open byte ranges {@code [startByte, endByte)} and sorted disjoint lists of them: the
 * statically proved core that {@link ByteRange} and {@link ByteRangeSet} delegate to.
 *
 * <p>Implementation overview.
 * <ul>
 * <li>Goal: one small body of range arithmetic that KeY proves (with overflow checking) and that
 *     every module runs, so the algorithm's contracts and the model's bookkeeping rest on the same
 *     code. The class is therefore written in KeY 2.12.3's Java subset: static methods over
 *     {@code long} and {@code long[]}, no generics, no collections, no annotations.</li>
 * <li>Conventions: a range is valid iff {@code 0 <= startByte <= endByte}; it holds the bytes
 *     {@code startByte <= p < endByte} and is empty iff {@code startByte == endByte}. Every byte
 *     lies below {@link #MAX_LFS_FILESIZE}. Predicates between ranges have set semantics (an empty
 *     range overlaps nothing, is adjacent to nothing and is contained in everything), so that the
 *     brute-force bit-by-bit references in the tests are their definition.</li>
 * <li>A list of ranges is a pair of parallel arrays {@code starts}, {@code ends}. It is
 *     <em>normalized</em> ({@link #isNormalized}) iff every range is valid and non-empty and every
 *     range ends strictly before the next one starts: sorted, disjoint and not adjacent. That is
 *     the canonical form of a set of bytes, so two normalized lists hold the same bytes iff they
 *     are equal arrays. Ordering facts are stated for all pairs, not only neighbours, so that a
 *     proof can use them without induction.</li>
 * <li>Results are written to caller-supplied output arrays and the method returns how many
 *     ranges it wrote (the C-like form KeY handles; {@link ByteRangeSet} copies the prefix).
 *     Outputs must not alias inputs. Each operation states the capacity it needs.</li>
 * <li>Every list operation is built from {@link #append}, which adds a range in start order and
 *     coalesces it with the last one when they touch. Union is a merge through append, difference
 *     is the intersection with the {@link #complement}.</li>
 * <li>What the contracts state, and so what KeY proves: for single ranges and {@link #append}
 *     the exact result (which determines the bytes); for the list operations termination, no
 *     overflow, no exception under the preconditions, and a normalized result within the stated
 *     capacity. The set-level meaning of the list operations (the result holds exactly the bytes
 *     of the union, intersection, ...) is stated in each Javadoc and checked by seeded
 *     brute-force tests against boolean arrays, not proved: stated as {@code \forall long p}
 *     equivalences over existentials it needs quantifier instantiations that KeY's automatic
 *     strategy does not find (measured: the append contract in that form stayed open).</li>
 * <li>The list contracts also require every end to be at most {@link #MAX_LFS_FILESIZE}. That
 *     holds for every {@code long}; it is stated because the prover does not otherwise know the
 *     range of an array element, and needs it where an element is passed on as a {@code long}
 *     argument. The predicates ({@link #isNormalized}) leave it out, as they must be exact.</li>
 * <li>Run-time checks: every public method checks its preconditions and throws
 *     {@link IllegalArgumentException} naming the parameter and value, except two that are too
 *     costly to check at each call and are stated in the JML instead: {@link #append} does not
 *     re-check that the prefix it extends is normalized (O(count) per call), and array lengths
 *     {@code < Integer.MAX_VALUE} (a JVM limit, see {@link #difference}).</li>
 * <li>Rejected alternatives: a binary search for {@link #find} (its midpoint arithmetic has
 *     mutants that still search correctly, so PIT cannot tell them apart; the model's lists are
 *     short); comparisons {@code x <= y} where a tie may go either way (written as
 *     {@code x == Math.min(x, y)} so that no untestable tie-breaking variant exists).</li>
 * </ul>
 */
public final class ByteRanges {

    /**
     * {@code MAX_LFS_FILESIZE} on 64-bit ({@code LLONG_MAX}, include/linux/fs.h): no byte of a
     * file lies at or above it, so every range here ends at or below it. Because it equals
     * {@code Long.MAX_VALUE}, "end beyond MAX_LFS_FILESIZE" cannot be expressed in a {@code long}.
     */
    public static final long MAX_LFS_FILESIZE = 9223372036854775807L;

    private ByteRanges() {
    }

    // ------------------------------------------------------------------ single ranges

    /**
     * Whether {@code [startByte, endByte)} is a valid range.
     *
     * @param startByte first byte
     * @param endByte end, exclusive
     * @return true iff {@code 0 <= startByte <= endByte}
     */
    /*@ public normal_behavior
      @ ensures \result <==> (0 <= startByte && startByte <= endByte);
      @*/
    public static /*@ pure @*/ boolean isValid(long startByte, long endByte) {
        return 0 <= startByte && startByte <= endByte;
    }

    /**
     * Throws unless {@code [startByte, endByte)} is a valid range; the message names the fields.
     *
     * @param startName the name of the start field, for the message
     * @param startByte first byte
     * @param endName the name of the end field, for the message
     * @param endByte end, exclusive
     * @throws IllegalArgumentException if {@code startByte < 0} or {@code endByte < startByte}
     */
    /*@ public normal_behavior
      @ requires 0 <= startByte && startByte <= endByte;
      @ assignable \nothing;
      @ also public exceptional_behavior
      @ requires !(0 <= startByte && startByte <= endByte);
      @ assignable \nothing;
      @ signals_only IllegalArgumentException;
      @*/
    public static void checkRange(String startName, long startByte, String endName, long endByte) {
        if (startByte < 0) {
            throw new IllegalArgumentException(startName + " must be >= 0, got " + startByte);
        }
        if (endByte < startByte) {
            throw new IllegalArgumentException(endName + " must be >= " + startName + " (" + startByte
                    + "), got " + endByte);
        }
    }

    /**
     * Throws unless {@code pos} is a byte offset ({@code >= 0}).
     *
     * @param name the field's name, for the message
     * @param pos the offset
     * @throws IllegalArgumentException if {@code pos < 0}
     */
    /*@ public normal_behavior
      @ requires pos >= 0;
      @ assignable \nothing;
      @ also public exceptional_behavior
      @ requires pos < 0;
      @ assignable \nothing;
      @ signals_only IllegalArgumentException;
      @*/
    public static void checkPosition(String name, long pos) {
        if (pos < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + pos);
        }
    }

    /**
     * The number of bytes in {@code [startByte, endByte)}.
     *
     * @param startByte first byte
     * @param endByte end, exclusive
     * @return {@code endByte - startByte}
     * @throws IllegalArgumentException if the range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= startByte && startByte <= endByte;
      @ ensures \result == endByte - startByte && \result >= 0;
      @*/
    public static /*@ pure @*/ long length(long startByte, long endByte) {
        checkRange("startByte", startByte, "endByte", endByte);
        return endByte - startByte;
    }

    /**
     * Whether byte {@code pos} lies in {@code [startByte, endByte)}.
     *
     * @param startByte first byte
     * @param endByte end, exclusive
     * @param pos a byte offset, at least 0
     * @return true iff {@code startByte <= pos < endByte}
     * @throws IllegalArgumentException if the range is not valid or {@code pos < 0}
     */
    /*@ public normal_behavior
      @ requires 0 <= startByte && startByte <= endByte && pos >= 0;
      @ ensures \result <==> (startByte <= pos && pos < endByte);
      @*/
    public static /*@ pure @*/ boolean contains(long startByte, long endByte, long pos) {
        checkRange("startByte", startByte, "endByte", endByte);
        checkPosition("pos", pos);
        return startByte <= pos && pos < endByte;
    }

    /**
     * Whether every byte of {@code [innerStart, innerEnd)} lies in {@code [outerStart, outerEnd)}.
     * An empty inner range is contained in every range (set semantics).
     *
     * @param outerStart first byte of the containing range
     * @param outerEnd end of the containing range, exclusive
     * @param innerStart first byte of the contained range
     * @param innerEnd end of the contained range, exclusive
     * @return true iff the inner range is empty or lies inside the outer one
     * @throws IllegalArgumentException if either range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= outerStart && outerStart <= outerEnd && 0 <= innerStart && innerStart <= innerEnd;
      @ ensures \result <==> (innerStart == innerEnd || (outerStart <= innerStart && innerEnd <= outerEnd));
      @*/
    public static /*@ pure @*/ boolean containsRange(long outerStart, long outerEnd, long innerStart, long innerEnd) {
        checkRange("outerStart", outerStart, "outerEnd", outerEnd);
        checkRange("innerStart", innerStart, "innerEnd", innerEnd);
        return innerStart == innerEnd || (outerStart <= innerStart && innerEnd <= outerEnd);
    }

    /**
     * Whether the two ranges share at least one byte (empty ranges overlap nothing).
     *
     * @param aStart first byte of a
     * @param aEnd end of a, exclusive
     * @param bStart first byte of b
     * @param bEnd end of b, exclusive
     * @return true iff {@code max(aStart, bStart) < min(aEnd, bEnd)}
     * @throws IllegalArgumentException if either range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= aStart && aStart <= aEnd && 0 <= bStart && bStart <= bEnd;
      @ ensures \result <==> (aStart < bEnd && bStart < aEnd && aStart < aEnd && bStart < bEnd);
      @*/
    public static /*@ pure @*/ boolean overlaps(long aStart, long aEnd, long bStart, long bEnd) {
        checkRange("aStart", aStart, "aEnd", aEnd);
        checkRange("bStart", bStart, "bEnd", bEnd);
        return Math.max(aStart, bStart) < Math.min(aEnd, bEnd);
    }

    /**
     * Whether the two ranges are non-empty and touch without overlapping, so that their union is
     * one range.
     *
     * @param aStart first byte of a
     * @param aEnd end of a, exclusive
     * @param bStart first byte of b
     * @param bEnd end of b, exclusive
     * @return true iff both are non-empty and {@code aEnd == bStart || bEnd == aStart}
     * @throws IllegalArgumentException if either range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= aStart && aStart <= aEnd && 0 <= bStart && bStart <= bEnd;
      @ ensures \result <==> (aStart < aEnd && bStart < bEnd && (aEnd == bStart || bEnd == aStart));
      @*/
    public static /*@ pure @*/ boolean adjacent(long aStart, long aEnd, long bStart, long bEnd) {
        checkRange("aStart", aStart, "aEnd", aEnd);
        checkRange("bStart", bStart, "bEnd", bEnd);
        return aStart < aEnd && bStart < bEnd && (aEnd == bStart || bEnd == aStart);
    }

    /**
     * First byte of the intersection of two ranges: {@code max(aStart, bStart)}. With
     * {@link #intersectionEnd} it always forms a valid range, empty iff the ranges do not overlap.
     *
     * @param aStart first byte of a
     * @param aEnd end of a, exclusive
     * @param bStart first byte of b
     * @param bEnd end of b, exclusive
     * @return {@code max(aStart, bStart)}
     * @throws IllegalArgumentException if either range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= aStart && aStart <= aEnd && 0 <= bStart && bStart <= bEnd;
      @ ensures \result == (aStart > bStart ? aStart : bStart);
      @*/
    public static /*@ pure @*/ long intersectionStart(long aStart, long aEnd, long bStart, long bEnd) {
        checkRange("aStart", aStart, "aEnd", aEnd);
        checkRange("bStart", bStart, "bEnd", bEnd);
        return Math.max(aStart, bStart);
    }

    /**
     * End of the intersection of two ranges: {@code min(aEnd, bEnd)}, but never below
     * {@link #intersectionStart}, so that disjoint ranges give an empty range rather than an
     * inverted one.
     *
     * @param aStart first byte of a
     * @param aEnd end of a, exclusive
     * @param bStart first byte of b
     * @param bEnd end of b, exclusive
     * @return {@code max(max(aStart, bStart), min(aEnd, bEnd))}
     * @throws IllegalArgumentException if either range is not valid
     */
    /*@ public normal_behavior
      @ requires 0 <= aStart && aStart <= aEnd && 0 <= bStart && bStart <= bEnd;
      @ ensures \result == ((aStart > bStart ? aStart : bStart) > (aEnd < bEnd ? aEnd : bEnd) ? (aStart > bStart ? aStart : bStart) : (aEnd < bEnd ? aEnd : bEnd));
      @*/
    public static /*@ pure @*/ long intersectionEnd(long aStart, long aEnd, long bStart, long bEnd) {
        return Math.max(intersectionStart(aStart, aEnd, bStart, bEnd), Math.min(aEnd, bEnd));
    }

    /**
     * The bytes of {@code a} that are not in {@code b}, as 0, 1 or 2 non-empty, sorted,
     * non-adjacent ranges written to {@code outStarts[0..]}, {@code outEnds[0..]}.
     *
     * @param aStart first byte of a
     * @param aEnd end of a, exclusive
     * @param bStart first byte of b
     * @param bEnd end of b, exclusive
     * @param outStarts receives the pieces' starts; length at least 2
     * @param outEnds receives the pieces' ends; length at least 2, a different array
     * @return the number of pieces, 0 to 2
     * @throws IllegalArgumentException if a range is not valid or the output arrays are unusable
     */
    /*@ public normal_behavior
      @ requires 0 <= aStart && aStart <= aEnd && 0 <= bStart && bStart <= bEnd;
      @ requires outStarts != outEnds && outStarts.length >= 2 && outEnds.length >= 2;
      @ assignable outStarts[0 .. 1], outEnds[0 .. 1];
      @ ensures !(aStart < bEnd && bStart < aEnd && aStart < aEnd && bStart < bEnd) ==> (aStart < aEnd
      @     ? \result == 1 && outStarts[0] == aStart && outEnds[0] == aEnd : \result == 0);
      @ ensures (aStart < bEnd && bStart < aEnd && aStart < aEnd && bStart < bEnd) ==> (\result
      @     == (aStart < bStart ? 1 : 0) + (bEnd < aEnd ? 1 : 0)
      @     && (aStart < bStart ==> outStarts[0] == aStart && outEnds[0] == bStart)
      @     && (bEnd < aEnd ==> outStarts[\result - 1] == bEnd && outEnds[\result - 1] == aEnd));
      @*/
    public static int difference(long aStart, long aEnd, long bStart, long bEnd,
            long[] outStarts, long[] outEnds) {
        checkOutput(outStarts, outEnds, 2);
        if (!overlaps(aStart, aEnd, bStart, bEnd)) {
            if (aStart < aEnd) {
                return append(outStarts, outEnds, 0, aStart, aEnd);
            }
            return 0;
        }
        int count = 0;
        if (aStart < bStart) {
            count = append(outStarts, outEnds, count, aStart, bStart);
        }
        if (bEnd < aEnd) {
            count = append(outStarts, outEnds, count, bEnd, aEnd);
        }
        return count;
    }

    // ------------------------------------------------------------------ list predicates

    /**
     * Whether {@code starts}/{@code ends} is a normalized list: equal lengths, every range valid
     * and non-empty, every range ending strictly before the next one starts.
     *
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends, exclusive
     * @return true iff the list is normalized
     */
    /*@ public normal_behavior
      @ ensures \result <==> (starts.length == ends.length
      @     && (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q])
      @     && (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]));
      @*/
    public static /*@ pure @*/ boolean isNormalized(long[] starts, long[] ends) {
        return isNormalForm("list", starts, ends, false);
    }

    /**
     * Whether {@code starts}/{@code ends} is a list of valid (possibly empty) ranges sorted by
     * start, the input {@link #normalize} accepts.
     *
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends, exclusive
     * @return true iff the lengths are equal, every range is valid and the starts do not decrease
     */
    /*@ public normal_behavior
      @ ensures \result <==> (starts.length == ends.length
      @     && (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] <= ends[q])
      @     && (\forall int q, r; 0 <= q && q < r && r < starts.length; starts[q] <= starts[r]));
      @*/
    public static /*@ pure @*/ boolean isSortedByStart(long[] starts, long[] ends) {
        return isSortedForm("list", starts, ends, false);
    }

    /**
     * Throws unless {@code starts}/{@code ends} is a normalized list; the message names the list
     * and the first offending range.
     *
     * @param name the list's name, for the message
     * @param starts the list's starts
     * @param ends the list's ends
     * @throws IllegalArgumentException if the list is not {@link #isNormalized normalized}
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ assignable \nothing;
      @*/
    public static void checkNormalized(String name, long[] starts, long[] ends) {
        isNormalForm(name, starts, ends, true);
    }

    /**
     * Whether {@code starts}/{@code ends} is in normal form. A range breaks it when it is invalid,
     * empty, or does not start strictly after its predecessor's end; arrays of different lengths
     * break it. With {@code raise} the first break throws instead of returning false, with a
     * message naming {@code name}, the index and the range.
     *
     * @param name the list's name, for the message
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends
     * @param raise whether to throw at the first break
     * @return true iff the list is normalized
     */
    /*@ private normal_behavior
      @ requires !raise;
      @ ensures \result <==> (starts.length == ends.length
      @     && (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q])
      @     && (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]));
      @ also private normal_behavior
      @ requires raise && starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q]);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ ensures \result;
      @*/
    private static /*@ pure @*/ boolean isNormalForm(String name, long[] starts, long[] ends, boolean raise) {
        if (starts.length != ends.length) {
            if (raise) {
                throw new IllegalArgumentException(name + ": starts.length (" + starts.length
                        + ") != ends.length (" + ends.length + ")");
            }
            return false;
        }
        int n = Math.min(starts.length, ends.length);
        /*@ loop_invariant 0 <= i && i <= n && n == starts.length;
          @ loop_invariant (\forall int q; 0 <= q && q < i; 0 <= starts[q] && starts[q] < ends[q]);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < i; ends[q] < starts[r]);
          @ decreases n - i;
          @ assignable \nothing;
          @*/
        for (int i = 0; i < n; i++) {
            if (starts[i] < 0 || ends[i] <= starts[i] || (i > 0 && starts[i] <= ends[i - 1])) {
                if (raise) {
                    throw new IllegalArgumentException(name + ": range " + i + " [" + starts[i] + ", " + ends[i]
                            + ") is invalid, empty, or not strictly after its predecessor; the list must be"
                            + " normalized (non-empty ranges, sorted, neither overlapping nor touching)");
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code starts}/{@code ends} is a list of valid ranges sorted by start; arrays of
     * different lengths are not. With {@code raise} the first break throws instead of returning
     * false.
     *
     * @param name the list's name, for the message
     * @param starts the ranges' first bytes
     * @param ends the ranges' ends
     * @param raise whether to throw at the first break
     * @return true iff the list is sorted by start
     */
    /*@ private normal_behavior
      @ requires !raise;
      @ ensures \result <==> (starts.length == ends.length
      @     && (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] <= ends[q])
      @     && (\forall int q, r; 0 <= q && q < r && r < starts.length; starts[q] <= starts[r]));
      @ also private normal_behavior
      @ requires raise && starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] <= ends[q]);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; starts[q] <= starts[r]);
      @ ensures \result;
      @*/
    private static /*@ pure @*/ boolean isSortedForm(String name, long[] starts, long[] ends, boolean raise) {
        if (starts.length != ends.length) {
            if (raise) {
                throw new IllegalArgumentException(name + ": starts.length (" + starts.length
                        + ") != ends.length (" + ends.length + ")");
            }
            return false;
        }
        int n = Math.min(starts.length, ends.length);
        /*@ loop_invariant 0 <= i && i <= n && n == starts.length;
          @ loop_invariant (\forall int q; 0 <= q && q < i; 0 <= starts[q] && starts[q] <= ends[q]);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < i; starts[q] <= starts[r]);
          @ decreases n - i;
          @ assignable \nothing;
          @*/
        for (int i = 0; i < n; i++) {
            if (starts[i] < 0 || ends[i] < starts[i] || (i > 0 && starts[i] < starts[i - 1])) {
                if (raise) {
                    throw new IllegalArgumentException(name + ": range " + i + " [" + starts[i] + ", " + ends[i]
                            + ") is invalid or starts before its predecessor; the list must hold valid"
                            + " ranges sorted by start");
                }
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ list operations

    /**
     * Appends {@code [startByte, endByte)} to the normalized list held in
     * {@code outStarts[0 .. count)}, {@code outEnds[0 .. count)}, coalescing it with the last range
     * when they overlap or touch. Ranges must be appended in order of their starts. This is the
     * only method that writes a list.
     *
     * <p>The prefix being normalized is a precondition that is not re-checked at run time (it
     * would cost O(count) per call); everything else is.
     *
     * <p>The frame names {@code outEnds[count - 1]} only when {@code count > 0}: written as the
     * plain range {@code count - 1 .. count} it names index -1 for an empty list, which no
     * caller's frame (such as {@code outEnds[0 .. 1]}) includes, so callers' proofs stayed open.
     * The postcondition also says that a new range leaves the previous one as it was, which a
     * caller appending twice needs.
     *
     * @param outStarts the list's starts; entries from {@code count} on are free
     * @param outEnds the list's ends; a different array
     * @param count how many ranges the list holds
     * @param startByte first byte to add, not below the last range's start
     * @param endByte end of the bytes to add, exclusive, above {@code startByte}
     * @return the new count: {@code count} (coalesced) or {@code count + 1}
     * @throws IllegalArgumentException on an empty or invalid range, a start before the last
     *         range's start, aliased arrays, a count out of bounds or no room for a new range
     */
    /*@ public normal_behavior
      @ requires outStarts != outEnds;
      @ requires 0 <= count && count < outStarts.length && count < outEnds.length;
      @ requires (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
      @ requires 0 <= startByte && startByte < endByte;
      @ requires count > 0 ==> outStarts[count - 1] <= startByte;
      @ assignable outStarts[count], outEnds[(count > 0 ? count - 1 : count) .. count];
      @ ensures (count > 0 && startByte <= \old(outEnds[count - 1])) ==> (\result == count
      @     && outEnds[count - 1] == (endByte > \old(outEnds[count - 1]) ? endByte : \old(outEnds[count - 1])));
      @ ensures !(count > 0 && startByte <= \old(outEnds[count - 1])) ==> (\result == count + 1
      @     && outStarts[count] == startByte && outEnds[count] == endByte
      @     && (count > 0 ==> outEnds[count - 1] == \old(outEnds[count - 1])));
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @ ensures outStarts[\result - 1] <= startByte && endByte <= outEnds[\result - 1];
      @*/
    public static int append(long[] outStarts, long[] outEnds, int count, long startByte, long endByte) {
        if (outStarts == outEnds) {
            throw new IllegalArgumentException("append: outStarts and outEnds must be different arrays");
        }
        int capacity = Math.min(outStarts.length, outEnds.length);
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("append: count must be in [0, " + capacity + "], got " + count);
        }
        checkRange("startByte", startByte, "endByte", endByte);
        if (startByte == endByte) {
            throw new IllegalArgumentException("append: the range must be non-empty, got [" + startByte + ", "
                    + endByte + ")");
        }
        if (count > 0) {
            int last = count - 1;
            if (startByte < outStarts[last]) {
                throw new IllegalArgumentException("append: startByte " + startByte + " is below the last range's"
                        + " start " + outStarts[last] + "; ranges must be appended in start order");
            }
            if (startByte <= outEnds[last]) {
                outEnds[last] = Math.max(outEnds[last], endByte);
                return count;
            }
        }
        if (count >= capacity) {
            throw new IllegalArgumentException("append: no room for another range, count " + count
                    + " == capacity " + capacity);
        }
        outStarts[count] = startByte;
        outEnds[count] = endByte;
        return count + 1;
    }

    /**
     * Normalizes a list of valid, possibly empty or overlapping ranges sorted by start: drops the
     * empty ones and coalesces those that overlap or touch.
     *
     * @param starts the ranges' first bytes, non-decreasing
     * @param ends the ranges' ends, exclusive
     * @param outStarts receives the result's starts; length at least {@code starts.length}
     * @param outEnds receives the result's ends; length at least {@code starts.length}
     * @return the number of ranges written
     * @throws IllegalArgumentException if the input is not {@link #isSortedByStart sorted by
     *         start}, or the outputs are too small, the same array or alias an input
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] <= ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; starts[q] <= starts[r]);
      @ requires outStarts != outEnds && outStarts.length >= starts.length && outEnds.length >= starts.length;
      @ requires outStarts != starts && outStarts != ends && outEnds != starts && outEnds != ends;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= starts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    public static int normalize(long[] starts, long[] ends, long[] outStarts, long[] outEnds) {
        isSortedForm("input", starts, ends, true);
        checkOutput(outStarts, outEnds, starts.length);
        checkNoAlias("input", starts, ends, outStarts, outEnds);
        return normalizeSorted(starts, ends, outStarts, outEnds);
    }

    /**
     * The loop of {@link #normalize}, on arguments it has checked.
     *
     * <p>Split from the public method so that its proof does not carry the argument checks
     * and their message strings (KeY case-splits on whether each string literal exists) into
     * the loop; the contract is the public one, whose checks establish it.
     */
    /*@ private normal_behavior
      @ requires starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] <= ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; starts[q] <= starts[r]);
      @ requires outStarts != outEnds && outStarts.length >= starts.length && outEnds.length >= starts.length;
      @ requires outStarts != starts && outStarts != ends && outEnds != starts && outEnds != ends;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= starts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    private static int normalizeSorted(long[] starts, long[] ends, long[] outStarts, long[] outEnds) {
        int n = Math.min(starts.length, ends.length);
        int count = 0;
        /*@ loop_invariant 0 <= i && i <= n && n == starts.length && 0 <= count && count <= i;
          @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
          @ loop_invariant count > 0 && i < n ==> outStarts[count - 1] <= starts[i];
          @ decreases n - i;
          @ assignable outStarts[*], outEnds[*];
          @*/
        for (int i = 0; i < n; i++) {
            if (starts[i] < ends[i]) {
                count = append(outStarts, outEnds, count, starts[i], ends[i]);
            }
        }
        return count;
    }

    /**
     * The union of two normalized lists, normalized.
     *
     * @param aStarts first list's starts
     * @param aEnds first list's ends
     * @param bStarts second list's starts
     * @param bEnds second list's ends
     * @param outStarts receives the result's starts; length at least
     *        {@code aStarts.length + bStarts.length}
     * @param outEnds receives the result's ends; same minimum length
     * @return the number of ranges written
     * @throws IllegalArgumentException if an input is not normalized, or the outputs are too
     *         small, the same array or alias an input
     */
    /*@ public normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length && outEnds.length >= aStarts.length + bStarts.length;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= aStarts.length + bStarts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    public static int union(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        checkNormalized("a", aStarts, aEnds);
        checkNormalized("b", bStarts, bEnds);
        checkOutput(outStarts, outEnds, (long) aStarts.length + bStarts.length);
        checkNoAlias("a", aStarts, aEnds, outStarts, outEnds);
        checkNoAlias("b", bStarts, bEnds, outStarts, outEnds);
        return unionNormalized(aStarts, aEnds, bStarts, bEnds, outStarts, outEnds);
    }

    /**
     * The merge of {@link #union}, on arguments it has checked.
     *
     * <p>Split from the public method so that its proof does not carry the argument checks
     * and their message strings (KeY case-splits on whether each string literal exists) into
     * the loop; the contract is the public one, whose checks establish it.
     */
    /*@ private normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length && outEnds.length >= aStarts.length + bStarts.length;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= aStarts.length + bStarts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    private static int unionNormalized(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        int aCount = Math.min(aStarts.length, aEnds.length);
        int bCount = Math.min(bStarts.length, bEnds.length);
        int count = 0;
        int j = 0;
        /*@ loop_invariant aCount == aStarts.length && bCount == bStarts.length;
          @ loop_invariant 0 <= i && i <= aCount && 0 <= j && j <= bCount;
          @ loop_invariant 0 <= count && count <= i + j;
          @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
          @ loop_invariant count > 0 && i < aCount ==> outStarts[count - 1] <= aStarts[i];
          @ loop_invariant count > 0 && j < bCount ==> outStarts[count - 1] <= bStarts[j];
          @ decreases aCount - i;
          @ assignable outStarts[*], outEnds[*];
          @*/
        for (int i = 0; i < aCount; i++) {
            // Take every b range starting at or before a[i] first. On a tie either order gives
            // the same result because append coalesces; the test is written as an equality with
            // min so that there is no tie-breaking variant for mutation testing to flip.
            /*@ loop_invariant aCount == aStarts.length && bCount == bStarts.length;
              @ loop_invariant 0 <= i && i < aCount && 0 <= j && j <= bCount;
              @ loop_invariant 0 <= count && count <= i + j;
              @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
              @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
              @ loop_invariant count > 0 ==> outStarts[count - 1] <= aStarts[i];
              @ loop_invariant count > 0 && j < bCount ==> outStarts[count - 1] <= bStarts[j];
              @ decreases bCount - j;
              @ assignable outStarts[*], outEnds[*];
              @*/
            while (j < bCount && bStarts[j] == Math.min(bStarts[j], aStarts[i])) {
                count = append(outStarts, outEnds, count, bStarts[j], bEnds[j]);
                j = j + 1;
            }
            count = append(outStarts, outEnds, count, aStarts[i], aEnds[i]);
        }
        /*@ loop_invariant aCount == aStarts.length && bCount == bStarts.length;
          @ loop_invariant 0 <= j && j <= bCount;
          @ loop_invariant 0 <= count && count <= aCount + j;
          @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
          @ loop_invariant count > 0 && j < bCount ==> outStarts[count - 1] <= bStarts[j];
          @ decreases bCount - j;
          @ assignable outStarts[*], outEnds[*];
          @*/
        while (j < bCount) {
            count = append(outStarts, outEnds, count, bStarts[j], bEnds[j]);
            j = j + 1;
        }
        return count;
    }

    /**
     * The output length {@link #intersection} needs: {@code max(0, aCount + bCount - 1)}, since
     * every piece but the last ends where an input range ends.
     *
     * @param aCount ranges in the first list, at least 0
     * @param bCount ranges in the second list, at least 0
     * @return the capacity
     * @throws IllegalArgumentException if a count is negative
     */
    /*@ public normal_behavior
      @ requires aCount >= 0 && bCount >= 0;
      @ ensures \result == (aCount + bCount > 0 ? (\bigint) aCount + bCount - 1 : 0);
      @*/
    public static /*@ pure @*/ long intersectionCapacity(int aCount, int bCount) {
        if (aCount < 0 || bCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got aCount=" + aCount + ", bCount=" + bCount);
        }
        return Math.max(0, (long) aCount + bCount - 1);
    }

    /**
     * The intersection of two normalized lists, normalized.
     *
     * @param aStarts first list's starts
     * @param aEnds first list's ends
     * @param bStarts second list's starts
     * @param bEnds second list's ends
     * @param outStarts receives the result's starts; length at least
     *        {@link #intersectionCapacity intersectionCapacity(aStarts.length, bStarts.length)}
     * @param outEnds receives the result's ends; same minimum length
     * @return the number of ranges written
     * @throws IllegalArgumentException if an input is not normalized, or the outputs are too
     *         small, the same array or alias an input
     */
    /*@ public normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length - 1;
      @ requires outEnds.length >= aStarts.length + bStarts.length - 1;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= (aStarts.length + bStarts.length > 0 ? aStarts.length + bStarts.length - 1 : 0);
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    public static int intersection(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        checkNormalized("a", aStarts, aEnds);
        checkNormalized("b", bStarts, bEnds);
        checkOutput(outStarts, outEnds, intersectionCapacity(aStarts.length, bStarts.length));
        checkNoAlias("a", aStarts, aEnds, outStarts, outEnds);
        checkNoAlias("b", bStarts, bEnds, outStarts, outEnds);
        return intersectNormalized(aStarts, aEnds, bStarts, bEnds, outStarts, outEnds);
    }

    /**
     * The sweep of {@link #intersection}, on arguments it has checked.
     *
     * <p>Split from the public method so that its proof does not carry the argument checks
     * and their message strings (KeY case-splits on whether each string literal exists) into
     * the loop; the contract is the public one, whose checks establish it.
     */
    /*@ private normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length - 1;
      @ requires outEnds.length >= aStarts.length + bStarts.length - 1;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= (aStarts.length + bStarts.length > 0 ? aStarts.length + bStarts.length - 1 : 0);
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    private static int intersectNormalized(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        int aCount = Math.min(aStarts.length, aEnds.length);
        int bCount = Math.min(bStarts.length, bEnds.length);
        int count = 0;
        int i = 0;
        int j = 0;
        // Invariant notes. Each step appends at most one piece and advances i, j or both, so
        // count <= i + j; the step that exhausts both lists advances both, which gives the
        // capacity aCount + bCount - 1. The last piece ends strictly before the next candidate
        // starts (the list it ended in has moved on, and normalized lists do not touch), so
        // append never coalesces here, which the prover then sees at once.
        /*@ loop_invariant aCount == aStarts.length && bCount == bStarts.length;
          @ loop_invariant 0 <= i && i <= aCount && 0 <= j && j <= bCount;
          @ loop_invariant 0 <= count && count <= i + j;
          @ loop_invariant i == aCount && j == bCount && i + j > 0 ==> count < i + j;
          @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
          @ loop_invariant count > 0 && i < aCount && j < bCount
          @     ==> outEnds[count - 1] < (aStarts[i] > bStarts[j] ? aStarts[i] : bStarts[j]);
          @ decreases (aCount - i) + (bCount - j);
          @ assignable outStarts[*], outEnds[*];
          @*/
        while (i < aCount && j < bCount) {
            long startByte = Math.max(aStarts[i], bStarts[j]);
            long endByte = Math.min(aEnds[i], bEnds[j]);
            if (startByte < endByte) {
                count = append(outStarts, outEnds, count, startByte, endByte);
            }
            // Step past every range that ends at endByte: no later range of the other list can
            // meet it again. At least one does, so the loop terminates.
            boolean aDone = aEnds[i] == endByte;
            boolean bDone = bEnds[j] == endByte;
            if (aDone) {
                i = i + 1;
            }
            if (bDone) {
                j = j + 1;
            }
        }
        return count;
    }

    /**
     * The complement of a normalized list within {@code [0, MAX_LFS_FILESIZE)}, normalized: the
     * holes before its first range, between its ranges and after its last.
     *
     * @param starts the list's starts
     * @param ends the list's ends
     * @param outStarts receives the result's starts; length at least {@code starts.length + 1}
     * @param outEnds receives the result's ends; same minimum length
     * @return the number of ranges written
     * @throws IllegalArgumentException if the input is not normalized, or the outputs are too
     *         small, the same array or alias an input
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ requires outStarts != outEnds && outStarts.length > starts.length && outEnds.length > starts.length;
      @ requires outStarts != starts && outStarts != ends && outEnds != starts && outEnds != ends;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= starts.length + 1;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    public static int complement(long[] starts, long[] ends, long[] outStarts, long[] outEnds) {
        checkNormalized("input", starts, ends);
        // No aliasing check: an output at least one longer than the input cannot be an input array.
        checkOutput(outStarts, outEnds, (long) starts.length + 1);
        return complementNormalized(starts, ends, outStarts, outEnds);
    }

    /**
     * The sweep of {@link #complement}, on arguments it has checked.
     *
     * <p>Split from the public method so that its proof does not carry the argument checks
     * and their message strings (KeY case-splits on whether each string literal exists) into
     * the loop; the contract is the public one, whose checks establish it.
     */
    /*@ private normal_behavior
      @ requires starts.length == ends.length;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ requires outStarts != outEnds && outStarts.length > starts.length && outEnds.length > starts.length;
      @ requires outStarts != starts && outStarts != ends && outEnds != starts && outEnds != ends;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= starts.length + 1;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    private static int complementNormalized(long[] starts, long[] ends, long[] outStarts, long[] outEnds) {
        int n = Math.min(starts.length, ends.length);
        int count = 0;
        long holeStart = 0;
        // The invariant speaks of the last hole only (it ends strictly before holeStart): with
        // the list normalized that bounds every hole, and it tells the prover at once that append
        // never coalesces here; a bound on every hole made KeY instantiate quantifiers over the
        // heap append leaves behind and ran out of steps (80000, measured).
        /*@ loop_invariant n == starts.length && 0 <= j && j <= n && 0 <= count && count <= j;
          @ loop_invariant j == 0 ==> holeStart == 0;
          @ loop_invariant j > 0 ==> holeStart == ends[j - 1];
          @ loop_invariant 0 <= holeStart;
          @ loop_invariant (\forall int q; 0 <= q && q < count; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
          @ loop_invariant (\forall int q, r; 0 <= q && q < r && r < count; outEnds[q] < outStarts[r]);
          @ loop_invariant count > 0 ==> outEnds[count - 1] < holeStart;
          @ decreases n - j;
          @ assignable outStarts[*], outEnds[*];
          @*/
        for (int j = 0; j < n; j++) {
            if (holeStart < starts[j]) {
                count = append(outStarts, outEnds, count, holeStart, starts[j]);
            }
            holeStart = ends[j];
        }
        if (holeStart < MAX_LFS_FILESIZE) {
            count = append(outStarts, outEnds, count, holeStart, MAX_LFS_FILESIZE);
        }
        return count;
    }

    /**
     * The bytes of the normalized list {@code a} that are not in the normalized list {@code b},
     * normalized: the intersection of {@code a} with the {@link #complement} of {@code b}.
     *
     * <p>The complement needs {@code bStarts.length + 1} entries. That sum cannot overflow: a JVM
     * array never has {@code Integer.MAX_VALUE} elements (HotSpot stops a few below); the JML
     * states the bound for the prover.
     *
     * @param aStarts first list's starts
     * @param aEnds first list's ends
     * @param bStarts second list's starts
     * @param bEnds second list's ends
     * @param outStarts receives the result's starts; length at least
     *        {@code aStarts.length + bStarts.length}
     * @param outEnds receives the result's ends; same minimum length
     * @return the number of ranges written
     * @throws IllegalArgumentException if an input is not normalized, or the outputs are too
     *         small, the same array or alias an input
     */
    /*@ public normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length && bStarts.length < 2147483647;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length && outEnds.length >= aStarts.length + bStarts.length;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= aStarts.length + bStarts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    public static int difference(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        // The output bound is the same for every b of this length, whatever the size of its
        // complement. The sweep below runs on checked arguments and checks nothing itself.
        checkNormalized("a", aStarts, aEnds);
        checkNormalized("b", bStarts, bEnds);
        checkOutput(outStarts, outEnds, (long) aStarts.length + bStarts.length);
        checkNoAlias("a", aStarts, aEnds, outStarts, outEnds);
        checkNoAlias("b", bStarts, bEnds, outStarts, outEnds);
        return differenceNormalized(aStarts, aEnds, bStarts, bEnds, outStarts, outEnds);
    }

    /**
     * {@link #difference(long[], long[], long[], long[], long[], long[])} on arguments it has
     * checked: the intersection of {@code a} with the complement of {@code b}, through the
     * unchecked sweeps (their contracts are what the proof uses; no message strings, on whose
     * existence KeY would case-split).
     */
    /*@ private normal_behavior
      @ requires aStarts.length == aEnds.length;
      @ requires (\forall int q; 0 <= q && q < aStarts.length; 0 <= aStarts[q] && aStarts[q] < aEnds[q] && aEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < aStarts.length; aEnds[q] < aStarts[r]);
      @ requires bStarts.length == bEnds.length && bStarts.length < 2147483647;
      @ requires (\forall int q; 0 <= q && q < bStarts.length; 0 <= bStarts[q] && bStarts[q] < bEnds[q] && bEnds[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < bStarts.length; bEnds[q] < bStarts[r]);
      @ requires outStarts != outEnds;
      @ requires outStarts.length >= aStarts.length + bStarts.length && outEnds.length >= aStarts.length + bStarts.length;
      @ requires outStarts != aStarts && outStarts != aEnds && outEnds != aStarts && outEnds != aEnds;
      @ requires outStarts != bStarts && outStarts != bEnds && outEnds != bStarts && outEnds != bEnds;
      @ assignable outStarts[*], outEnds[*];
      @ ensures 0 <= \result && \result <= aStarts.length + bStarts.length;
      @ ensures (\forall int q; 0 <= q && q < \result; 0 <= outStarts[q] && outStarts[q] < outEnds[q] && outEnds[q] <= MAX_LFS_FILESIZE);
      @ ensures (\forall int q, r; 0 <= q && q < r && r < \result; outEnds[q] < outStarts[r]);
      @*/
    private static int differenceNormalized(long[] aStarts, long[] aEnds, long[] bStarts, long[] bEnds,
            long[] outStarts, long[] outEnds) {
        long[] holeStarts = new long[bStarts.length + 1];
        long[] holeEnds = new long[bStarts.length + 1];
        int holes = complementNormalized(bStarts, bEnds, holeStarts, holeEnds);
        // Math.max tells the Index Checker what the proof shows: holes >= 0.
        int holeCount = Math.max(0, holes);
        return intersectNormalized(aStarts, aEnds, Arrays.copyOf(holeStarts, holeCount),
                Arrays.copyOf(holeEnds, holeCount), outStarts, outEnds);
    }

    /**
     * The index of the range of a normalized list that contains byte {@code pos}, or -1.
     *
     * @param starts the list's starts
     * @param ends the list's ends
     * @param pos a byte offset, at least 0
     * @return the index q with {@code starts[q] <= pos < ends[q]}, or -1 if there is none
     * @throws IllegalArgumentException if the list is not normalized or {@code pos < 0}
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length && pos >= 0;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ ensures -1 <= \result && \result < starts.length;
      @ ensures \result >= 0 ==> (starts[\result] <= pos && pos < ends[\result]);
      @ ensures \result < 0 <==> !(\exists int q; 0 <= q && q < starts.length; starts[q] <= pos && pos < ends[q]);
      @*/
    public static /*@ pure @*/ int find(long[] starts, long[] ends, long pos) {
        checkNormalized("input", starts, ends);
        checkPosition("pos", pos);
        int n = Math.min(starts.length, ends.length);
        /*@ loop_invariant n == starts.length && 0 <= i && i <= n;
          @ loop_invariant !(\exists int q; 0 <= q && q < i; starts[q] <= pos && pos < ends[q]);
          @ decreases n - i;
          @ assignable \nothing;
          @*/
        for (int i = 0; i < n; i++) {
            if (starts[i] <= pos && pos < ends[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether every byte of {@code [startByte, endByte)} is in the normalized list (an empty
     * range is covered by every list). A non-empty range is covered iff one range of the list
     * contains it, because the list's ranges neither touch nor overlap.
     *
     * @param starts the list's starts
     * @param ends the list's ends
     * @param startByte first byte of the range
     * @param endByte end of the range, exclusive
     * @return true iff the list holds every byte of the range
     * @throws IllegalArgumentException if the list is not normalized or the range is not valid
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length && 0 <= startByte && startByte <= endByte;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ ensures \result <==> (startByte == endByte
      @     || (\exists int q; 0 <= q && q < starts.length; starts[q] <= startByte && endByte <= ends[q]));
      @*/
    public static /*@ pure @*/ boolean covers(long[] starts, long[] ends, long startByte, long endByte) {
        checkNormalized("input", starts, ends);
        checkRange("startByte", startByte, "endByte", endByte);
        if (startByte == endByte) {
            return true;
        }
        int n = Math.min(starts.length, ends.length);
        /*@ loop_invariant n == starts.length && 0 <= i && i <= n;
          @ loop_invariant !(\exists int q; 0 <= q && q < i; starts[q] <= startByte && endByte <= ends[q]);
          @ decreases n - i;
          @ assignable \nothing;
          @*/
        for (int i = 0; i < n; i++) {
            if (starts[i] <= startByte && endByte <= ends[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some byte of {@code [startByte, endByte)} is in the normalized list.
     *
     * @param starts the list's starts
     * @param ends the list's ends
     * @param startByte first byte of the range
     * @param endByte end of the range, exclusive
     * @return true iff the list and the range share a byte
     * @throws IllegalArgumentException if the list is not normalized or the range is not valid
     */
    /*@ public normal_behavior
      @ requires starts.length == ends.length && 0 <= startByte && startByte <= endByte;
      @ requires (\forall int q; 0 <= q && q < starts.length; 0 <= starts[q] && starts[q] < ends[q] && ends[q] <= MAX_LFS_FILESIZE);
      @ requires (\forall int q, r; 0 <= q && q < r && r < starts.length; ends[q] < starts[r]);
      @ ensures \result <==> (\exists int q; 0 <= q && q < starts.length;
      @     (starts[q] > startByte ? starts[q] : startByte) < (ends[q] < endByte ? ends[q] : endByte));
      @*/
    public static /*@ pure @*/ boolean overlapsAny(long[] starts, long[] ends, long startByte, long endByte) {
        checkNormalized("input", starts, ends);
        checkRange("startByte", startByte, "endByte", endByte);
        int n = Math.min(starts.length, ends.length);
        /*@ loop_invariant n == starts.length && 0 <= i && i <= n;
          @ loop_invariant !(\exists int q; 0 <= q && q < i; (starts[q] > startByte ? starts[q] : startByte) < (ends[q] < endByte ? ends[q] : endByte));
          @ decreases n - i;
          @ assignable \nothing;
          @*/
        for (int i = 0; i < n; i++) {
            if (Math.max(starts[i], startByte) < Math.min(ends[i], endByte)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ argument checks

    /**
     * Throws unless the output arrays are different arrays that both hold at least
     * {@code capacity} entries.
     *
     * @param outStarts output starts
     * @param outEnds output ends
     * @param capacity the entries the result may need
     */
    /*@ private normal_behavior
      @ requires outStarts != outEnds && outStarts.length >= capacity && outEnds.length >= capacity;
      @ assignable \nothing;
      @*/
    private static void checkOutput(long[] outStarts, long[] outEnds, long capacity) {
        if (outStarts == outEnds) {
            throw new IllegalArgumentException("outStarts and outEnds must be different arrays");
        }
        if (Math.min(outStarts.length, outEnds.length) < capacity) {
            throw new IllegalArgumentException("output arrays (lengths " + outStarts.length + ", " + outEnds.length
                    + ") are below the " + capacity + " entries the result may need");
        }
    }

    /**
     * Throws if an output array is one of the input arrays.
     *
     * @param name the input's name, for the message
     * @param inStarts input starts
     * @param inEnds input ends
     * @param outStarts output starts
     * @param outEnds output ends
     */
    /*@ private normal_behavior
      @ requires outStarts != inStarts && outStarts != inEnds && outEnds != inStarts && outEnds != inEnds;
      @ assignable \nothing;
      @*/
    private static void checkNoAlias(String name, long[] inStarts, long[] inEnds, long[] outStarts, long[] outEnds) {
        if (outStarts == inStarts || outStarts == inEnds || outEnds == inStarts || outEnds == inEnds) {
            throw new IllegalArgumentException(name + ": output arrays must not be this input's arrays");
        }
    }
}
