package dev.punchspec.extent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The in-core extent list of one fork ({@code struct xfs_ifork} with its iext tree,
 * fs/xfs/libxfs/xfs_iext_tree.c and the record edits of fs/xfs/libxfs/xfs_bmap.c, newest
 * generation): records sorted by file offset and disjoint, each a delalloc, unwritten or written
 * {@link Extent}, plus the fork's change counter {@code if_seq}.
 *
 * <p>Implementation overview.
 *
 * <p>Goal: the record edits XFS makes, case by case, so that record boundaries, merges and the
 * indirect reservations of delalloc records come out as in XFS. Each edit method names the XFS
 * function it mirrors and returns the accounting delta the caller ({@link ExtentMap}) applies to
 * the free-block counter; a fork knows nothing of counters or the disk.
 *
 * <p>Invariants ({@link #invariantViolations}), checked after every edit by the tests and the
 * explorer: records sorted and disjoint, each of 1 to {@code maxExtentBlocks} blocks, no hole
 * records, real records inside the disk. Adjacent compatible records are merged where XFS merges
 * them and only there (a merge that would pass the longest record length is refused), so
 * "no two adjacent mergeable records" is not an invariant, as it is not one in XFS.
 *
 * <p>Rejected alternative: the kernel's b+tree of records. A sorted list gives the same lookups;
 * the model's forks hold a handful of records.
 *
 * <p>Reading guide: lookups ({@link #lookup}, {@link #mappingAt}); delalloc reservation
 * ({@link #addHoleDelay}); punch ({@link #punchDelalloc}, whose loop is {@link DelallocPunchLoop});
 * conversion of part of a record to a real record with merges ({@link #addDelayReal},
 * {@link #addUnwrittenReal}, both through {@link #replacePart}); truncation
 * ({@link #unmapRealFrom}).
 *
 * <p>Not thread-safe: the model runs one task at a time, and the extent map takes ILOCK around
 * every edit.
 */
//@ public invariant isSortedAndDisjoint();
public final class Fork {

    private final WhichFork which;
    private final List<Extent> records;
    /** {@code if_seq}: changes whenever a record is inserted, removed or updated. */
    private long seq;

    /**
     * An empty fork.
     *
     * @param which which fork this is
     */
    public Fork(WhichFork which) {
        this.which = which;
        this.records = new ArrayList<>();
    }

    private Fork(Fork other) {
        this.which = other.which;
        this.records = new ArrayList<>(other.records);
        this.seq = other.seq;
    }

    /**
     * A fork holding the given records as they are, e.g. a state read from a conformance vector;
     * nothing is checked, so {@link #invariantViolations} tells whether it is a state XFS can be in.
     *
     * @param which which fork
     * @param records the records, meant to be in file order and disjoint
     * @return the fork, with {@code if_seq} 0
     */
    static Fork of(WhichFork which, List<Extent> records) {
        Fork fork = new Fork(which);
        fork.records.addAll(records);
        return fork;
    }

    /** @return an equal, independent fork */
    public Fork copy() {
        return new Fork(this);
    }

    /** @return which fork this is */
    public WhichFork which() {
        return which;
    }

    /** @return the number of records ({@code xfs_iext_count()}) */
    //@ ensures \result >= 0;
    public /*@ pure @*/ int count() {
        return records.size();
    }

    /**
     * @param index a record index
     * @return the record
     * @throws IndexOutOfBoundsException if there is no such record
     */
    //@ requires 0 <= index && index < count();
    public /*@ pure @*/ Extent get(int index) {
        return records.get(index);
    }

    /** @return the records in file order, as an unmodifiable snapshot */
    //@ ensures \result.size() == count();
    public /*@ pure @*/ List<Extent> extents() {
        return List.copyOf(records);
    }

    /**
     * {@code ifp->if_seq}: the fork's change counter, which XFS folds into the iomap validity
     * cookie ({@code xfs_iomap_inode_sequence()}) so that a write can tell its cached mapping went
     * stale.
     *
     * @return the counter
     */
    //@ ensures \result >= 0;
    public /*@ pure @*/ long seq() {
        return seq;
    }

    /**
     * {@code xfs_iext_lookup_extent(ip, ifp, fsb, &icur, &got)}: the first record that ends after
     * {@code fsb}, i.e. the one containing it or else the next one.
     *
     * @param fsb a file block
     * @return its index, or {@link #count()} when no record ends after {@code fsb}
     */
    /*@ public normal_behavior
      @   ensures 0 <= \result && \result <= count();
      @   ensures (\forall int i; 0 <= i && i < \result; get(i).endFsb() <= fsb);
      @   ensures \result < count() ==> fsb < get(\result).endFsb();
      @*/
    public /*@ pure @*/ int lookup(long fsb) {
        int i = 0;
        while (i < records.size() && records.get(i).endFsb() <= fsb) {
            i++;
        }
        return i;
    }

    /**
     * The mapping at file block {@code fsb}, as {@code xfs_bmapi_read()} reports it for a one-block
     * request extended to the whole record: the record containing it, or a hole from {@code fsb}
     * up to the next record (up to {@link IndlenPolicy#MAX_FSB} if there is none).
     *
     * @param fsb a file block in {@code [0, MAX_FSB)}
     * @return the record containing {@code fsb}, or the hole around it from {@code fsb} on
     * @throws IllegalArgumentException if {@code fsb} is out of range
     */
    /*@ public normal_behavior
      @   requires 0 <= fsb && fsb < IndlenPolicy.MAX_FSB;
      @   ensures \result.contains(fsb);
      @   ensures \result.state() == ExtentState.HOLE ==> \result.fileOffFsb() == fsb;
      @*/
    public /*@ pure @*/ Extent mappingAt(long fsb) {
        if (fsb < 0 || fsb >= IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("fsb must be 0.." + (IndlenPolicy.MAX_FSB - 1) + ", was " + fsb);
        }
        int i = lookup(fsb);
        if (i == records.size()) {
            return Extent.hole(fsb, IndlenPolicy.MAX_FSB - fsb);
        }
        Extent got = records.get(i);
        if (got.fileOffFsb() <= fsb) {
            return got;
        }
        return Extent.hole(fsb, got.fileOffFsb() - fsb);
    }

    /**
     * {@code xfs_bmap_add_extent_hole_delay(ip, whichfork, icur, new)}: inserts a new delalloc
     * record into a hole, merging it with a delalloc neighbour that touches it as long as the
     * merged record stays within {@code maxExtentBlocks} (both neighbours when all three fit). A
     * merged record's reservation is the worst case for its new length, but never more than the
     * reservations merged ({@code min(worst_indlen(len), oldlen)}); the difference is returned to
     * the free-block counter.
     *
     * @param neu the new delalloc record; it must lie in a hole of this fork
     * @param policy the indirect-reservation rules
     * @param maxExtentBlocks the longest record allowed
     * @return the indirect blocks released by merging ({@code oldlen - newlen}), to add to the
     *     free-block counter
     * @throws IllegalArgumentException if {@code neu} is not delalloc or overlaps a record
     */
    long addHoleDelay(Extent neu, IndlenPolicy policy, long maxExtentBlocks) {
        if (!neu.isDelalloc()) {
            throw new IllegalArgumentException("neu must be a delalloc extent, was " + neu);
        }
        int at = lookup(neu.fileOffFsb());
        if (at < records.size() && records.get(at).fileOffFsb() < neu.endFsb()) {
            throw new IllegalArgumentException("neu " + neu + " overlaps record " + records.get(at) + " of the "
                    + which + " fork: a delalloc reservation goes into a hole");
        }
        boolean leftDelay = at > 0 && records.get(at - 1).isDelalloc();
        boolean rightDelay = at < records.size() && records.get(at).isDelalloc();
        long leftLen = leftDelay ? records.get(at - 1).lengthFsb() : 0;
        long rightLen = rightDelay ? records.get(at).lengthFsb() : 0;
        boolean leftContig = leftDelay && records.get(at - 1).endFsb() == neu.fileOffFsb()
                && leftLen + neu.lengthFsb() <= maxExtentBlocks;
        boolean rightContig = rightDelay && neu.endFsb() == records.get(at).fileOffFsb()
                && neu.lengthFsb() + rightLen <= maxExtentBlocks
                && (!leftContig || leftLen + neu.lengthFsb() + rightLen <= maxExtentBlocks);
        long oldlen;
        long newlen;
        seq++;
        if (leftContig && rightContig) {
            Extent left = records.get(at - 1);
            Extent right = records.get(at);
            long temp = left.lengthFsb() + neu.lengthFsb() + right.lengthFsb();
            oldlen = left.indlenFsb() + neu.indlenFsb() + right.indlenFsb();
            newlen = Math.min(policy.worstIndlen(temp), oldlen);
            records.remove(at);
            records.set(at - 1, Extent.delalloc(left.fileOffFsb(), temp, newlen));
        } else if (leftContig) {
            Extent left = records.get(at - 1);
            long temp = left.lengthFsb() + neu.lengthFsb();
            oldlen = left.indlenFsb() + neu.indlenFsb();
            newlen = Math.min(policy.worstIndlen(temp), oldlen);
            records.set(at - 1, Extent.delalloc(left.fileOffFsb(), temp, newlen));
        } else if (rightContig) {
            Extent right = records.get(at);
            long temp = neu.lengthFsb() + right.lengthFsb();
            oldlen = neu.indlenFsb() + right.indlenFsb();
            newlen = Math.min(policy.worstIndlen(temp), oldlen);
            records.set(at, Extent.delalloc(neu.fileOffFsb(), temp, newlen));
        } else {
            oldlen = 0;
            newlen = 0;
            records.add(at, neu);
        }
        return oldlen - newlen;
    }

    /**
     * The record edits of {@code xfs_bmap_punch_delalloc_range()} (newest generation; the 6.1
     * generation computes the same records and counts): runs {@link DelallocPunchLoop} over the
     * records and rebuilds them from its outcome, so that only delalloc blocks inside
     * {@code [startFsb, endFsb)} go.
     *
     * @param startFsb first block to punch
     * @param endFsb block just past the range; an empty range punches nothing
     * @param policy the indirect-reservation rules
     * @return what was punched and returned
     * @throws IllegalArgumentException if the range is negative or ends beyond
     *     {@link IndlenPolicy#MAX_FSB}
     */
    PunchResult punchDelalloc(long startFsb, long endFsb, IndlenPolicy policy) {
        if (startFsb < 0 || endFsb > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("punch range must lie in [0, " + IndlenPolicy.MAX_FSB + "), was ["
                    + startFsb + ", " + endFsb + ")");
        }
        if (startFsb >= endFsb) {
            return PunchResult.NOTHING;
        }
        int n = records.size();
        long[] off = new long[n];
        long[] len = new long[n];
        long[] ind = new long[n];
        boolean[] delalloc = new boolean[n];
        for (int i = 0; i < n; i++) {
            Extent e = records.get(i);
            off[i] = e.fileOffFsb();
            len[i] = e.lengthFsb();
            delalloc[i] = e.isDelalloc();
            ind[i] = e.isDelalloc() ? e.indlenFsb() : 0;
        }
        long[] headLen = new long[n];
        long[] headInd = new long[n];
        long[] tailLen = new long[n];
        long[] tailInd = new long[n];
        long[] returnedFsb = new long[n];
        DelallocPunchLoop.punch(off, len, ind, delalloc, n, startFsb, endFsb, policy,
                headLen, headInd, tailLen, tailInd, returnedFsb);
        List<Extent> rebuilt = new ArrayList<>(n + 1);
        long punched = 0;
        long returned = 0;
        int touched = 0;
        for (int i = 0; i < n; i++) {
            if (headLen[i] == len[i]) {
                // Untouched: the loop keeps every block of a record it does not punch as its head.
                rebuilt.add(records.get(i));
                continue;
            }
            touched++;
            punched += len[i] - headLen[i] - tailLen[i];
            returned += returnedFsb[i];
            if (headLen[i] > 0) {
                rebuilt.add(Extent.delalloc(off[i], headLen[i], headInd[i]));
            }
            if (tailLen[i] > 0) {
                rebuilt.add(Extent.delalloc(off[i] + len[i] - tailLen[i], tailLen[i], tailInd[i]));
            }
        }
        records.clear();
        records.addAll(rebuilt);
        seq += touched;
        return new PunchResult(punched, returned, touched);
    }

    /**
     * {@code xfs_bmap_add_extent_delay_real()} in the cases {@code xfs_bmapi_convert_delalloc()}
     * reaches (it always allocates from the start of the delalloc record, so the new real record
     * fills the record's left end: {@code BMAP_LEFT_FILLING}, with or without
     * {@code BMAP_RIGHT_FILLING}): the first {@code neu.lengthFsb()} blocks of delalloc record
     * {@code index} become the real record {@code neu}, merged with a real neighbour that is
     * contiguous in the file and on disk and in the same state (within the longest record
     * length). The delalloc rest, if any, keeps {@code min(worst_indlen(rest), old reservation)}.
     * No bmap btree is modelled, so no reservation is consumed by btree blocks
     * ({@code bma->cur->bc_bmap.allocated} is 0).
     *
     * @param index the delalloc record being converted
     * @param neu the real record replacing its first blocks
     * @param policy the indirect-reservation rules
     * @param maxExtentBlocks the longest record allowed
     * @return the indirect blocks no longer reserved ({@code da_old - da_new}), to add to the
     *     free-block counter
     * @throws IllegalArgumentException if record {@code index} is not delalloc or {@code neu} is
     *     not a real record starting at its start and ending within it
     */
    long addDelayReal(int index, Extent neu, IndlenPolicy policy, long maxExtentBlocks) {
        Extent prev = records.get(index);
        if (!prev.isDelalloc() || !neu.isReal() || neu.fileOffFsb() != prev.fileOffFsb()
                || neu.endFsb() > prev.endFsb()) {
            throw new IllegalArgumentException("neu must be a real extent filling the start of delalloc record "
                    + prev + " (index " + index + "), was " + neu);
        }
        long daOld = prev.indlenFsb();
        @Nullable Extent tail = null;
        long daNew = 0;
        if (neu.endFsb() < prev.endFsb()) {
            long temp = prev.endFsb() - neu.endFsb();
            daNew = Math.min(policy.worstIndlen(temp), daOld);
            tail = Extent.delalloc(neu.endFsb(), temp, daNew);
        }
        replacePart(index, null, neu, tail, maxExtentBlocks);
        return daOld - daNew;
    }

    /**
     * {@code xfs_bmap_add_extent_unwritten_real()} for an unwritten-to-written conversion:
     * blocks {@code [neu.fileOffFsb(), neu.endFsb())} of unwritten record {@code index} become
     * written, splitting the record into up to three and merging the written part with a
     * neighbour contiguous in the file and on disk and in the same state (all nine cases of the
     * kernel's switch come out of {@link #replacePart}).
     *
     * @param index the unwritten record
     * @param neu the written part, with the disk blocks record {@code index} maps there
     * @param maxExtentBlocks the longest record allowed
     * @throws IllegalArgumentException if record {@code index} is not unwritten or {@code neu}
     *     is not its written part
     */
    void addUnwrittenReal(int index, Extent neu, long maxExtentBlocks) {
        Extent prev = records.get(index);
        if (prev.state() != ExtentState.UNWRITTEN || neu.state() != ExtentState.WRITTEN
                || neu.fileOffFsb() < prev.fileOffFsb() || neu.endFsb() > prev.endFsb()
                || neu.diskFsb() != prev.diskFsb() + (neu.fileOffFsb() - prev.fileOffFsb())) {
            throw new IllegalArgumentException("neu must be the written part of unwritten record " + prev
                    + " (index " + index + "), was " + neu);
        }
        @Nullable Extent head = neu.fileOffFsb() > prev.fileOffFsb() ? prev.trim(prev.fileOffFsb(), neu.fileOffFsb()) : null;
        @Nullable Extent tail = neu.endFsb() < prev.endFsb() ? prev.trim(neu.endFsb(), prev.endFsb()) : null;
        replacePart(index, head, neu, tail, maxExtentBlocks);
    }

    /**
     * The common shape of {@code xfs_bmap_add_extent_delay_real()} and
     * {@code xfs_bmap_add_extent_unwritten_real()}: record {@code index} (PREV) becomes
     * {@code head}, {@code neu}, {@code tail} (either end optional). {@code neu} merges into the
     * left neighbour when it fills PREV's left end ({@code BMAP_LEFT_FILLING}) and they are
     * contiguous ({@code BMAP_LEFT_CONTIG}), and likewise on the right; the right merge is refused
     * when the three together would pass the longest record length, as in the kernel's
     * {@code BMAP_RIGHT_CONTIG} test.
     */
    private void replacePart(int index, @Nullable Extent head, Extent neu, @Nullable Extent tail,
            long maxExtentBlocks) {
        // BMAP_LEFT_CONTIG implies BMAP_LEFT_FILLING: a left neighbour ends at or before PREV's start,
        // so it can only touch neu when neu starts where PREV does (no head); likewise on the right.
        // So the kernel's FILLING tests add nothing to the CONTIG ones, and the combinations it
        // rules out with ASSERT(0) cannot arise.
        boolean leftValid = index > 0;
        boolean rightValid = index + 1 < records.size();
        long leftLen = leftValid ? records.get(index - 1).lengthFsb() : 0;
        long rightLen = rightValid ? records.get(index + 1).lengthFsb() : 0;
        boolean leftContig = leftValid && realContiguous(records.get(index - 1), neu)
                && leftLen + neu.lengthFsb() <= maxExtentBlocks;
        boolean rightContig = rightValid && realContiguous(neu, records.get(index + 1))
                && neu.lengthFsb() + rightLen <= maxExtentBlocks
                && (!leftContig || leftLen + neu.lengthFsb() + rightLen <= maxExtentBlocks);
        Extent core = neu;
        int from = index;
        int to = index + 1;
        if (leftContig) {
            Extent left = records.get(index - 1);
            core = Extent.real(left.fileOffFsb(), left.lengthFsb() + core.lengthFsb(), left.diskFsb(), core.state());
            from = index - 1;
        }
        if (rightContig) {
            core = Extent.real(core.fileOffFsb(), core.lengthFsb() + rightLen, core.diskFsb(), core.state());
            to = index + 2;
        }
        List<Extent> middle = new ArrayList<>(3);
        if (head != null) {
            middle.add(head);
        }
        middle.add(core);
        if (tail != null) {
            middle.add(tail);
        }
        records.subList(from, to).clear();
        records.addAll(from, middle);
        seq++;
    }

    /**
     * Whether {@code b} can be merged onto the end of {@code a}: both real, adjacent in the file
     * and on disk, and in the same state (the {@code BMAP_*_CONTIG} tests without the length
     * limit).
     */
    private static boolean realContiguous(Extent a, Extent b) {
        return a.isReal() && b.isReal() && a.endFsb() == b.fileOffFsb()
                && a.diskFsb() + a.lengthFsb() == b.diskFsb() && a.state() == b.state();
    }

    /**
     * The real-record part of {@code xfs_bunmapi()} over {@code [fsb, MAX)} (truncate) and of
     * {@code xfs_reflink_cancel_cow_blocks()} (COW fork): removes every real block at or beyond
     * {@code fsb}, trimming a record that straddles it ({@code xfs_bmap_del_extent_real()} and
     * {@code xfs_bmap_del_extent_cow()}, right-filling or whole cases). Delalloc records are left
     * to {@link #punchDelalloc}, which deletes them as {@code xfs_bunmapi()} does.
     *
     * @param fsb the first file block to unmap
     * @return the removed real pieces, whose disk blocks the caller frees
     */
    List<Extent> unmapRealFrom(long fsb) {
        List<Extent> removed = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            Extent e = records.get(i);
            if (!e.isReal() || e.endFsb() <= fsb) {
                continue;
            }
            if (e.fileOffFsb() >= fsb) {
                records.remove(i);
                removed.add(0, e);
            } else {
                records.set(i, e.trim(e.fileOffFsb(), fsb));
                removed.add(0, e.trim(fsb, e.endFsb()));
            }
            seq++;
        }
        return removed;
    }

    /**
     * The fork's invariants, for run-time checking: records sorted and disjoint, at most
     * {@code maxExtentBlocks} long, no hole records, real records within the disk.
     *
     * @param maxExtentBlocks the longest record allowed
     * @param capacityBlocks the disk's size in blocks
     * @return a description of each violation, empty when the fork is well formed
     */
    //@ ensures \result.isEmpty() ==> isSortedAndDisjoint();
    public /*@ pure @*/ List<String> invariantViolations(long maxExtentBlocks, long capacityBlocks) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Extent e = records.get(i);
            if (e.state() == ExtentState.HOLE) {
                problems.add(which + " fork record " + i + " is a hole record: " + e);
            }
            if (e.lengthFsb() > maxExtentBlocks) {
                problems.add(which + " fork record " + i + " is longer than maxExtentBlocks " + maxExtentBlocks
                        + ": " + e);
            }
            if (e.isReal() && e.diskFsb() + e.lengthFsb() > capacityBlocks) {
                problems.add(which + " fork record " + i + " maps beyond the disk's " + capacityBlocks + " blocks: " + e);
            }
            if (i > 0 && overlapsPrevious(i)) {
                problems.add(which + " fork records " + (i - 1) + " and " + i + " are unsorted or overlap: "
                        + records.get(i - 1) + ", " + e);
            }
        }
        return problems;
    }

    /**
     * Whether the records are sorted by file offset and disjoint: the invariant every operation
     * keeps (the XFS extent list's; {@link DelallocPunchLoop}'s proof does not need it, since
     * each record's outcome there depends on that record alone).
     *
     * @return whether each record ends at or before the next one starts
     */
    public /*@ pure @*/ boolean isSortedAndDisjoint() {
        for (int i = 1; i < records.size(); i++) {
            if (overlapsPrevious(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether record {@code i} starts before record {@code i - 1} ends. */
    private boolean overlapsPrevious(int i) {
        return records.get(i - 1).endFsb() > records.get(i).fileOffFsb();
    }

    /** Same fork, records and {@code if_seq}. */
    @Override
    public boolean equals(@GuardSatisfied Fork this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof Fork)) {
            return false;
        }
        Fork that = (Fork) other;
        return which == that.which && seq == that.seq && records.equals(that.records);
    }

    @Override
    public int hashCode(@GuardSatisfied Fork this) {
        return Objects.hash(which.ordinal(), seq, records);
    }

    /** @return e.g. {@code DATA fork seq 3 [[0, 4) DELALLOC ind 2, [4, 6) WRITTEN @9]} */
    @Override
    public String toString(@GuardSatisfied Fork this) {
        return which + " fork seq " + seq + " " + records;
    }

    /** What a punch did: blocks punched, blocks returned to the free-block counter, records touched. */
    static final class PunchResult {
        /** A punch of an empty range. */
        static final PunchResult NOTHING = new PunchResult(0, 0, 0);

        final long punchedFsb;
        final long returnedFsb;
        final int recordsTouched;

        PunchResult(long punchedFsb, long returnedFsb, int recordsTouched) {
            this.punchedFsb = punchedFsb;
            this.returnedFsb = returnedFsb;
            this.recordsTouched = recordsTouched;
        }
    }
}
