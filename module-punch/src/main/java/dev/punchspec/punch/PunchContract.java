package dev.punchspec.punch;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Iomap;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import java.util.Arrays;

/**
 * The contracts of the punch algorithm as executable predicates: what each generation must punch,
 * what it must keep, and what it owes the punch callback. Tests run them over every small case,
 * module-verify's explorer runs them after every punch, and the JML contracts of the generation
 * classes name them.
 *
 * <h2>What each generation keeps</h2>
 *
 * <p>Let {@code [start, end)} be the range the release was asked to clean up (block aligned, from
 * {@link WriteEndRange}) and {@code scanEnd = min(i_size, end)} ({@code end} for
 * {@code no-eof-clamp}). With the cache unchanged during the call (which the invalidate_lock is
 * meant to ensure; direct-I/O invalidation, reclaim and writeback can still change it, and that is
 * the explorer's business), byte {@code x} of {@code [start, end)} is kept, that is not punched,
 * exactly when {@link #mustKeep} holds:
 * <ul>
 *   <li>{@code truncate}: never; the whole range is punched (and its cached data truncated);</li>
 *   <li>{@code seed-6.1} and its variants: {@code x < scanEnd}, {@code x} is cached data
 *       ({@link AddressSpace#dataAt}: an uptodate block, or a value entry) and its folio is dirty
 *       ({@link AddressSpace#folioDirtyAt}). This is "whole dirty folios as the code rounds them":
 *       the scan keeps the part of each dirty folio inside each data range, and the data ranges
 *       are exactly the maximal runs of data bytes below {@code scanEnd};</li>
 *   <li>{@code ifs-6.6} and {@code newest}: as the seed, but the block of {@code x} must be dirty
 *       ({@link AddressSpace#blockDirtyAt}: its ifs dirty bit where the folio has per-block state,
 *       the folio's dirty flag where it has none).</li>
 * </ul>
 * At EOF: bytes at or past {@code i_size} are never kept (the final punch runs from the last kept
 * byte to {@code end}, through EOF), except by {@code no-eof-clamp}.
 *
 * <h2>What the callback is owed</h2>
 *
 * <p>Every call is non-empty and inside {@code [start, end)}; offset and length are multiples of
 * the block size (XFS rounds a partial block outwards, and its comment makes passing whole blocks
 * the caller's duty); the invalidate_lock is held exclusively and at most one folio lock. Calls
 * are ascending and disjoint, with one documented exception from v6.6 on: when
 * {@code i_size} is not block aligned and its block is a clean block of a dirty folio, that block is
 * punched whole and the final punch, which starts at {@code i_size}, overlaps it.
 *
 * <p>The kernel does not meet the alignment obligation in one case, and the check reports it as an
 * {@link Kind#UNALIGNED} violation rather than hiding it: when {@code i_size} is not block aligned,
 * lies inside {@code (start, end)}, and the byte before it is cached data of a dirty folio, the scan
 * bounds {@code *punch_start_byte} by the data range's end, which the seek clamped to
 * {@code i_size}, so the final punch starts at {@code i_size}. XFS then rounds that start down and
 * punches the whole EOF block, dirty data and all.
 *
 * <p>Granularity assumption: the spec queries are constant within a block (uptodate and dirty
 * state are per block, folios and value entries are whole pages), so the checks evaluate them once
 * per block-sized segment.
 */
public final class PunchContract {

    /** What a generation keeps; see the class comment. */
    public enum Keep {
        /** {@code truncate}: nothing. */
        NOTHING,
        /** {@code seed-6.1} and its variants: cached data of dirty folios. */
        DIRTY_FOLIOS,
        /** {@code ifs-6.6}, {@code newest}: cached data of dirty blocks. */
        DIRTY_BLOCKS
    }

    /** The kind of a contract violation. */
    public enum Kind {
        /** A call with a negative offset, a non-positive length, or an overflowing end. */
        EMPTY_OR_NEGATIVE,
        /** A call reaching outside the range to clean up. */
        OUT_OF_RANGE,
        /** A call whose offset or length is not a multiple of the block size. */
        UNALIGNED,
        /** A call starting before the previous one. */
        NOT_ASCENDING,
        /** A call overlapping the previous one, other than the documented EOF-block overlap. */
        OVERLAP,
        /** A byte that must be kept was punched. */
        PUNCHED_KEPT,
        /** A byte that must be punched was not. */
        NOT_PUNCHED,
        /** A call without the invalidate_lock held exclusively, or with more than one folio lock. */
        LOCK_STATE,
        /** A call although the entry must not punch at all. */
        UNEXPECTED_CALL
    }

    /** One violation: its kind and a message naming the call or the bytes. */
    public record Violation(Kind kind, String message) {
    }

    /**
     * One punch call as a recorder saw it, converted to a half-open range.
     *
     * @param offsetByte the call's offset
     * @param lengthByte the call's length
     * @param invalidateLockHeld whether the calling thread held the invalidate_lock exclusively
     * @param foliosLocked how many folio locks the calling thread held
     */
    public record PunchCall(long offsetByte, long lengthByte, boolean invalidateLockHeld,
            int foliosLocked) {

        /** {@code offsetByte + lengthByte}. */
        public long endByte() {
            return offsetByte + lengthByte;
        }
    }

    private PunchContract() {
    }

    /** {@code min(i_size, end)}, or {@code end} for a generation that does not stop at EOF. */
    public static long scanEndByte(boolean stopsAtEof, long iSizeByte, long endByte) {
        return stopsAtEof ? Math.min(iSizeByte, endByte) : endByte;
    }

    /**
     * Whether byte {@code pos} of the range must be kept, for a generation keeping {@code keep}
     * with the scan ending at {@code scanEndByte}.
     */
    public static boolean mustKeep(Keep keep, AddressSpace mapping, long scanEndByte, long pos) {
        if (keep == Keep.NOTHING || pos >= scanEndByte || !mapping.dataAt(pos)) {
            return false;
        }
        return keep == Keep.DIRTY_FOLIOS ? mapping.folioDirtyAt(pos) : mapping.blockDirtyAt(pos);
    }

    /**
     * Whether an {@code ->iomap_end} call of generation {@code g} must run the release at all: a
     * delalloc mapping this write reserved ({@code no-f-new} ignores who reserved it), not a write
     * fault, and a non-empty cleanup range.
     */
    public static boolean releases(Generation g, int blkbits, Iomap iomap, int flags, long posByte,
            long lengthByte, long writtenByte) {
        if (iomap.type() != Iomap.IOMAP_DELALLOC) {
            return false;
        }
        if (g != Generation.NO_F_NEW && (iomap.flags() & Iomap.IOMAP_F_NEW) == 0) {
            return false;
        }
        if ((flags & Iomap.IOMAP_FAULT) != 0) {
            return false;
        }
        return WriteEndRange.lastWrittenBlock(blkbits, posByte, writtenByte)
                < WriteEndRange.endByte(blkbits, posByte, lengthByte);
    }

    /**
     * Checks the calls an {@code ->iomap_end} of generation {@code g} made: none when it must not
     * release, else those {@link #checkRelease} accepts.
     */
    public static List<Violation> checkIomapEnd(Generation g, AddressSpace mapping, int blkbits,
            long iSizeByte, Iomap iomap, int flags, long posByte, long lengthByte,
            long writtenByte, List<PunchCall> calls) {
        if (!releases(g, blkbits, iomap, flags, posByte, lengthByte, writtenByte)) {
            List<Violation> out = new ArrayList<>();
            for (PunchCall c : calls) {
                out.add(new Violation(Kind.UNEXPECTED_CALL, "punch " + describe(c)
                        + " although " + g.kernelName() + " must not punch here"));
            }
            return out;
        }
        return checkRelease(g, mapping, blkbits, iSizeByte,
                WriteEndRange.lastWrittenBlock(blkbits, posByte, writtenByte),
                WriteEndRange.endByte(blkbits, posByte, lengthByte), calls);
    }

    /**
     * Checks the punch calls of one release of {@code [startByte, endByte)} by generation {@code g}
     * against the cache state {@code mapping} shows and {@code i_size}: every obligation of the
     * class comment.
     *
     * @return the violations, in the order found; empty when the calls meet the contract
     * @throws IllegalArgumentException when {@code [startByte, endByte)} is not a range of
     *     {@link WriteEndRange#checkRange}
     */
    public static List<Violation> checkRelease(Generation g, AddressSpace mapping, int blkbits,
            long iSizeByte, long startByte, long endByte, List<PunchCall> calls) {
        WriteEndRange.checkRange(startByte, endByte);
        List<Violation> out = new ArrayList<>();
        long blockSize = 1L << blkbits;
        long scanEnd = scanEndByte(g.scanStopsAtEof(), iSizeByte, endByte);

        // Only well-formed calls count as punching bytes: a negative length could wrap the end.
        List<PunchCall> wellFormed = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            PunchCall c = calls.get(i);
            if (c.offsetByte() < 0 || c.lengthByte() <= 0
                    || c.offsetByte() > Long.MAX_VALUE - c.lengthByte()) {
                out.add(new Violation(Kind.EMPTY_OR_NEGATIVE, "call " + i + " " + describe(c)));
                continue;
            }
            wellFormed.add(c);
            if (c.offsetByte() < startByte || c.endByte() > endByte) {
                out.add(new Violation(Kind.OUT_OF_RANGE, "call " + i + " " + describe(c)
                        + " outside [" + startByte + ", " + endByte + ")"));
            }
            if (c.offsetByte() % blockSize != 0 || c.lengthByte() % blockSize != 0) {
                out.add(new Violation(Kind.UNALIGNED, "call " + i + " " + describe(c)
                        + " not aligned to the block size " + blockSize));
            }
            if (!c.invalidateLockHeld() || c.foliosLocked() > 1) {
                out.add(new Violation(Kind.LOCK_STATE, "call " + i + " " + describe(c)
                        + " with invalidate_lock " + (c.invalidateLockHeld() ? "held" : "not held")
                        + " and " + c.foliosLocked() + " folio locks"));
            }
            if (i > 0) {
                PunchCall p = calls.get(i - 1);
                if (c.offsetByte() < p.offsetByte()) {
                    out.add(new Violation(Kind.NOT_ASCENDING, "call " + i + " " + describe(c)
                            + " starts before call " + (i - 1) + " " + describe(p)));
                } else if (c.offsetByte() < p.endByte()
                        && !eofBlockOverlap(g, calls, i, scanEnd, blockSize)) {
                    out.add(new Violation(Kind.OVERLAP, "call " + i + " " + describe(c)
                            + " overlaps call " + (i - 1) + " " + describe(p)));
                }
            }
        }
        checkCoverage(g.keep(), mapping, blkbits, scanEnd, startByte, endByte, wellFormed, out);
        return out;
    }

    /**
     * The documented v6.6+ overlap: call {@code i} is the last, starts at an unaligned
     * {@code scanEnd}, and call {@code i - 1} is the one-block punch of the block holding it.
     */
    private static boolean eofBlockOverlap(Generation g, List<PunchCall> calls, int i,
            long scanEnd, long blockSize) {
        PunchCall c = calls.get(i);
        PunchCall p = calls.get(i - 1);
        return g.keep() == Keep.DIRTY_BLOCKS && i == calls.size() - 1
                && c.offsetByte() == scanEnd && scanEnd % blockSize != 0
                && p.lengthByte() == blockSize && p.offsetByte() == scanEnd - scanEnd % blockSize;
    }

    /**
     * Compares the bytes the calls cover with the bytes of {@code [startByte, endByte)} that must
     * be punched, segment by segment: the segment bounds are every block boundary, {@code scanEnd}
     * and every call's bounds, so both sides are constant within a segment.
     */
    private static void checkCoverage(Keep keep, AddressSpace mapping, int blkbits, long scanEnd,
            long startByte, long endByte, List<PunchCall> calls, List<Violation> out) {
        long blocks = (endByte - startByte) >> blkbits;
        if (blocks > MAX_SEGMENTS) {
            throw new IllegalArgumentException("range [" + startByte + ", " + endByte
                    + ") has more than " + MAX_SEGMENTS + " blocks to check");
        }
        // at most blocks + 1 block boundaries lie inside the range
        long[] bounds = new long[(int) blocks + 4 + 2 * calls.size()];
        int n = 0;
        bounds[n++] = startByte;
        bounds[n++] = endByte;
        bounds[n++] = Math.max(startByte, Math.min(scanEnd, endByte));
        for (PunchCall c : calls) {
            bounds[n++] = Math.max(startByte, Math.min(c.offsetByte(), endByte));
            bounds[n++] = Math.max(startByte, Math.min(c.endByte(), endByte));
        }
        for (long b = ((startByte >> blkbits) + 1) << blkbits; b < endByte; b += 1L << blkbits) {
            bounds[n++] = b;
        }
        Arrays.sort(bounds, 0, n);
        // walk the segments, merging neighbours with the same verdict into one violation
        @Nullable Kind open = null;
        long openStart = startByte;
        for (int i = 0; i + 1 < n; i++) {
            long a = bounds[i];
            if (a == bounds[i + 1]) {
                continue;
            }
            boolean kept = mustKeep(keep, mapping, scanEnd, a);
            boolean punched = covered(calls, a);
            @Nullable Kind verdict = kept && punched ? Kind.PUNCHED_KEPT
                    : !kept && !punched ? Kind.NOT_PUNCHED : null;
            if (verdict != open) {
                flush(open, openStart, a, out);
                open = verdict;
                openStart = a;
            }
        }
        flush(open, openStart, endByte, out);
    }

    private static void flush(@Nullable Kind kind, long startByte, long endByte, List<Violation> out) {
        if (kind == Kind.PUNCHED_KEPT) {
            out.add(new Violation(kind, "bytes [" + startByte + ", " + endByte
                    + ") must be kept but were punched"));
        } else if (kind == Kind.NOT_PUNCHED) {
            out.add(new Violation(kind, "bytes [" + startByte + ", " + endByte
                    + ") must be punched but were not"));
        }
    }

    /** Bound on the blocks one coverage check walks: a model's ranges are a few pages. */
    static final long MAX_SEGMENTS = 1L << 20;

    private static boolean covered(List<PunchCall> calls, long pos) {
        for (PunchCall c : calls) {
            if (c.offsetByte() <= pos && pos < c.endByte()) {
                return true;
            }
        }
        return false;
    }

    private static String describe(PunchCall c) {
        return "punch(" + c.offsetByte() + ", " + c.lengthByte() + ")";
    }
}
