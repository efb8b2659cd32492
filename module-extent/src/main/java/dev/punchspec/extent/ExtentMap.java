package dev.punchspec.extent;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.lockorder.qual.RunsAt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.checkerframework.checker.lock.qual.EnsuresLockHeld;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.lock.qual.Holding;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.dataflow.qual.Pure;

/**
 * The XFS side of one file: its data and copy-on-write extent forks, the filesystem's space
 * accounting, the disk, and XFS's inode lock {@code ILOCK}, with the XFS functions the buffered
 * write, its failure cleanup (the delalloc punch), writeback and truncate call.
 *
 * <p>Implementation overview.
 *
 * <p>Goals. Be XFS where the punch algorithm meets it: which blocks a punch removes (only
 * delalloc ones, rounded outward to whole blocks, in the fork the write used), what a reservation
 * and its removal do to the free-block counter (including the indirect-block reservation and its
 * rationing when a punch splits a record), what writeback makes of a reservation (the whole
 * delalloc record it falls in, from the record's start, as an unwritten extent), and what a read
 * after a cache drop returns (the disk through written extents, zeros elsewhere). Where XFS is
 * surprising, the model is too: a misaligned punch range punches the partial blocks at both ends
 * (and the caller's broken obligation is recorded as a {@link ContractViolation}); writeback may
 * convert more than the block asked for; a reservation that merges with a neighbour gives
 * indirect blocks back; a split may steal deleted data blocks to cover its pieces' reservations.
 *
 * <p>Accounting. Four counters, as XFS keeps them: the free-block counter {@code m_fdblocks}
 * ({@link #freeBlocks()}), the mount's delalloc total {@code m_delalloc_blks} (data plus indirect
 * blocks of every delalloc record, {@link #delallocBlocks()}), and the inode's
 * {@code i_delayed_blks} and {@code i_nblocks} ({@link #delayedBlocks()}, {@link #inodeBlocks()}).
 * They balance: free + delalloc + allocated disk blocks = capacity, and each matches what the
 * forks hold ({@link #invariantViolations()}). Every operation re-checks the balance and records a
 * {@link ContractViolation#SPACE_UNBALANCED} or {@link ContractViolation#DOUBLE_FREE} when it fails:
 * a leak or a double free is a contract violation.
 *
 * <p>Locking. {@code ILOCK} ({@code ip->i_lock}) is a {@link ModelLock} of rank
 * {@link LockRank#ILOCK}, taken through the lock model so that the explorer schedules at each
 * acquire and release. Each public kernel operation takes it as the XFS function (or its XFS
 * caller) does: exclusive around the punch ({@code xfs_bmap_punch_delalloc_range()} takes it
 * itself), around each step of writeback conversion and of unwritten conversion (one transaction
 * each), around truncation and the write's mapping; shared around a lookup. Between acquire and
 * release an operation runs alone. The methods that need it held are {@code @Holding("ilock")}.
 * Every operation releases {@code ILOCK} before it returns (acquire, then {@code try} /
 * {@code finally} release) and never a lock its caller holds, so to its callers it is
 * {@code @ReleasesNoLocks}, the Lock Checker's default; the checker cannot see that a release in
 * {@code finally} balances the acquire (it would make every caller of every operation
 * {@code @MayReleaseLocks}), so the operations that pair {@link #xfsIlock} with {@link #xfsIunlock}
 * carry a {@code lock:method.guarantee.violated} suppression, and the run-time lock validator checks
 * the pairing (a task still holding {@code ILOCK} at exit is a {@code HELD_AT_EXIT} violation).
 * The fork fields are not {@code @GuardedBy}: the model is a value whose {@link #copy()},
 * {@link #equals} and specification queries read the state while no model thread runs, outside any
 * kernel lock, which the Lock Checker's {@code @GuardedBy} cannot express.
 *
 * <p>Values. {@link #copy()}, {@link #equals} and {@link #hashCode} cover the parameters, both
 * forks (records and {@code if_seq}), the disk, the counters and the holders of {@code ILOCK}. The
 * recorded contract violations and kernel warnings are diagnostics, kept by {@link #copy()} but not
 * part of equality, like the lock validator's violations.
 *
 * <p>Not modelled: the bmap btree (so no indirect block is ever consumed; conversion returns the
 * whole indirect reservation of the converted part), quotas, the reserve pool and the
 * {@code alloc_set_aside} blocks, realtime and zoned devices, the COW extent size hint (XFS
 * widens COW reservations to it, 32 blocks by default; here a COW reservation covers exactly what
 * was asked), the dynamic speculative preallocation size (only the {@code allocsize=} option, see
 * {@link XfsParams}), reflink sharing and the COW remap at I/O completion, the inode's
 * eofblocks and cowblocks tags.
 *
 * <p>Reading guide: the write's mapping ({@link #bufferedWriteIomapBegin}) and reservation
 * ({@link #reserveDelalloc}); the punch ({@link #punchDelallocRange} and the two callbacks,
 * {@link #punchCallback} and {@link #punchCallbackV61}); writeback ({@link #convertDelalloc},
 * {@link #writeDisk}, {@link #convertUnwritten}); truncate ({@link #truncateExtents}); reads
 * ({@link #readFileBlock}); then the queries and the checks.
 */
public final class ExtentMap {

    /** Name of the {@code ILOCK} model lock. */
    public static final String ILOCK_NAME = "ILOCK";

    private final XfsParams params;
    private final Fork dataFork;
    private final Fork cowFork;
    private final Disk disk;
    private final ModelLock ilock;
    /** {@code m_fdblocks}: free blocks, neither allocated nor reserved. */
    private long freeBlocks;
    /** {@code m_delalloc_blks}: data plus indirect blocks of every delalloc record. */
    private long delallocBlocks;
    /** {@code ip->i_delayed_blks}: delalloc data blocks of the data fork plus all COW fork blocks. */
    private long delayedBlocks;
    /** {@code ip->i_nblocks}: blocks allocated to the data fork. */
    private long inodeBlocks;
    private final List<ContractViolation> violations;
    private final List<String> kernelWarnings;

    /**
     * An empty file on an empty filesystem: no records, every block free.
     *
     * @param params the filesystem parameters
     */
    public ExtentMap(XfsParams params) {
        this.params = params;
        this.dataFork = new Fork(WhichFork.DATA);
        this.cowFork = new Fork(WhichFork.COW);
        this.disk = new Disk(params.capacityBlocks(), (int) params.blockSize());
        this.ilock = new ModelLock(ILOCK_NAME, LockRank.ILOCK);
        this.freeBlocks = params.capacityBlocks();
        this.violations = new ArrayList<>();
        this.kernelWarnings = new ArrayList<>();
    }

    /**
     * A model in a given state, e.g. one read from a conformance vector; nothing is checked, so
     * {@link #invariantViolations()} tells whether the state is one XFS can be in.
     */
    static ExtentMap of(XfsParams params, Fork dataFork, Fork cowFork, Disk disk, long freeBlocks,
            long delallocBlocks, long delayedBlocks, long inodeBlocks) {
        if (dataFork.which() != WhichFork.DATA || cowFork.which() != WhichFork.COW) {
            throw new IllegalArgumentException("dataFork and cowFork must be the DATA and COW forks, were "
                    + dataFork.which() + " and " + cowFork.which());
        }
        ExtentMap map = new ExtentMap(params);
        ExtentMap state = new ExtentMap(map, dataFork, cowFork, disk);
        state.freeBlocks = freeBlocks;
        state.delallocBlocks = delallocBlocks;
        state.delayedBlocks = delayedBlocks;
        state.inodeBlocks = inodeBlocks;
        return state;
    }

    private ExtentMap(ExtentMap base, Fork dataFork, Fork cowFork, Disk disk) {
        this.params = base.params;
        this.dataFork = dataFork.copy();
        this.cowFork = cowFork.copy();
        this.disk = disk.copy();
        this.ilock = base.ilock.copy();
        this.violations = new ArrayList<>();
        this.kernelWarnings = new ArrayList<>();
    }

    private ExtentMap(ExtentMap other) {
        this.params = other.params;
        this.dataFork = other.dataFork.copy();
        this.cowFork = other.cowFork.copy();
        this.disk = other.disk.copy();
        this.ilock = other.ilock.copy();
        this.freeBlocks = other.freeBlocks;
        this.delallocBlocks = other.delallocBlocks;
        this.delayedBlocks = other.delayedBlocks;
        this.inodeBlocks = other.inodeBlocks;
        this.violations = new ArrayList<>(other.violations);
        this.kernelWarnings = new ArrayList<>(other.kernelWarnings);
    }

    /** @return an equal, independent model, with the same recorded diagnostics */
    //@ ensures \result.equals(this) && \result.contractViolations().equals(contractViolations());
    public ExtentMap copy() {
        return new ExtentMap(this);
    }

    // ---------------------------------------------------------------------------------------------
    // The buffered write's mapping and its delalloc reservation

    /**
     * {@code xfs_buffered_write_iomap_begin()} (fs/xfs/xfs_iomap.c, newest generation) for a plain
     * write ({@code IOMAP_WRITE}) to a file without shared blocks: under {@code ILOCK} exclusive,
     * looks up the data fork at the write's first block; if it is mapped (delalloc, unwritten or
     * written), returns that record as the iomap, without {@code IOMAP_F_NEW}; otherwise reserves
     * delalloc blocks from there to the end of the write (capped at 1024 pages, and at the next
     * record), plus the {@code allocsize=} preallocation when the write goes past EOF with nothing
     * mapped beyond, and returns the reservation with {@code IOMAP_F_NEW}, the mark that lets this
     * write's cleanup punch the blocks out again should the write fail.
     *
     * @param task the writing task
     * @param offsetByte the write's offset
     * @param countByte the write's length, at least 1
     * @param iSizeByte the file size ({@code XFS_ISIZE(ip)}) the write sees
     * @return the mapping: its type, {@code IOMAP_F_NEW} when reserved by this call, and the byte
     *     range of the whole record or reservation (iomap trims it to the write)
     * @throws XfsError {@link XfsError#ENOSPC} when the reservation does not fit
     * @throws IllegalArgumentException naming the parameter when the range is negative, empty or
     *     ends beyond {@link XfsParams#maxFileBytes()}
     */
    /*@ public behavior
      @   requires 0 <= offsetByte && 1 <= countByte && offsetByte <= params().maxFileBytes() - countByte;
      @   requires 0 <= iSizeByte;
      @   ensures \result.offsetByte() <= offsetByte && offsetByte < \result.offsetByte() + \result.lengthByte();
      @   ensures \result.hasFlag(Iomap.IOMAP_F_NEW) ==> \result.type() == Iomap.IOMAP_DELALLOC;
      @   ensures realExtents(WhichFork.DATA).equals(\old(realExtents(WhichFork.DATA)));
      @   signals (XfsError e) e.errno() == XfsError.ENOSPC;
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public Iomap bufferedWriteIomapBegin(TaskContext task, long offsetByte, long countByte, long iSizeByte)
            throws XfsError {
        checkByteRange("offsetByte", offsetByte, countByte);
        if (iSizeByte < 0) {
            throw new IllegalArgumentException("iSizeByte must be >= 0, was " + iSizeByte);
        }
        long maxFsb = params.toFsb(params.maxFileBytes());
        long offsetFsb = params.toFsbt(offsetByte);
        xfsIlock(task, LockMode.EXCLUSIVE);
        try {
            Extent imap = dataFork.mappingAt(offsetFsb);
            if (imap.state() != ExtentState.HOLE) {
                return toIomap(imap, 0);
            }
            boolean eof = dataFork.lookup(offsetFsb) == dataFork.count();
            long count = Math.min(countByte, 1024L << params.pageShift());
            long endFsb = Math.min(params.toFsb(offsetByte + count), maxFsb);
            long prealloc = 0;
            if (eof && offsetByte + count > iSizeByte && params.allocsizeBlocks() > 0) {
                // XFS_ALLOC_ALIGN(mp, offset + count - 1): round the last byte down to allocsize.
                long endOffset = ((offsetByte + count - 1) >> params.allocsizeLog()) << params.allocsizeLog();
                long pEndFsb = Math.min(params.toFsbt(endOffset) + params.allocsizeBlocks(), maxFsb);
                prealloc = pEndFsb - endFsb;
            }
            Extent got = reserveDelallocLocked(WhichFork.DATA, offsetFsb, endFsb - offsetFsb, prealloc);
            return toIomap(got, Iomap.IOMAP_F_NEW);
        } finally {
            xfsIunlock(task);
        }
    }

    /**
     * {@code xfs_bmapi_reserve_delalloc()} (newest generation; in fs/xfs/xfs_iomap.c since the
     * zoned-XFS rework, with the retry without preallocation on {@code -ENOSPC}) under
     * {@code ILOCK} exclusive, which its callers hold: reserves
     * {@code min(lenFsb + preallocFsb, maxExtentBlocks)} blocks from {@code offFsb}, cut short at
     * the next record, plus their worst-case indirect reservation, from the free-block counter, and
     * inserts a delalloc record there (merged with delalloc neighbours it touches).
     *
     * @param task the task
     * @param fork which fork
     * @param offFsb first block; must not be mapped in that fork
     * @param lenFsb blocks wanted, at least 1
     * @param preallocFsb extra blocks of speculative preallocation, at least 0; dropped if the
     *     reservation would not fit with them
     * @return the reservation as inserted ({@code got}), before any merge with neighbours
     * @throws XfsError {@link XfsError#ENOSPC} when even the reservation without preallocation does
     *     not fit in the free-block counter
     * @throws IllegalArgumentException naming the parameter when a number is out of range or
     *     {@code offFsb} is mapped
     */
    /*@ public behavior
      @   requires 0 <= offFsb && offFsb < IndlenPolicy.MAX_FSB && mappingAt(fork, offFsb).state() == ExtentState.HOLE;
      @   requires 1 <= lenFsb && lenFsb <= IndlenPolicy.MAX_FSB && 0 <= preallocFsb && preallocFsb <= IndlenPolicy.MAX_FSB;
      @   ensures \result.isDelalloc() && \result.fileOffFsb() == offFsb;
      @   ensures 1 <= \result.lengthFsb() && \result.lengthFsb() <= lenFsb + preallocFsb;
      @   ensures \result.indlenFsb() == params().indlen().worstIndlen(\result.lengthFsb());
      @   ensures allIn(fork, \result.fileOffFsb(), \result.endFsb(), ExtentState.DELALLOC);
      @   ensures realExtents(fork).equals(\old(realExtents(fork)));
      @   ensures spaceBalanced() || !\old(spaceBalanced());
      @   signals (XfsError e) e.errno() == XfsError.ENOSPC && freeBlocks() == \old(freeBlocks());
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public Extent reserveDelalloc(TaskContext task, WhichFork fork, long offFsb, long lenFsb, long preallocFsb)
            throws XfsError {
        xfsIlock(task, LockMode.EXCLUSIVE);
        try {
            return reserveDelallocLocked(fork, offFsb, lenFsb, preallocFsb);
        } finally {
            xfsIunlock(task);
        }
    }

    @Holding("this.ilock")
    private Extent reserveDelallocLocked(WhichFork which, long offFsb, long lenFsb, long preallocFsb)
            throws XfsError {
        if (lenFsb < 1 || lenFsb > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("lenFsb must be 1.." + IndlenPolicy.MAX_FSB + ", was " + lenFsb);
        }
        if (preallocFsb < 0 || preallocFsb > IndlenPolicy.MAX_FSB) {
            throw new IllegalArgumentException("preallocFsb must be 0.." + IndlenPolicy.MAX_FSB + ", was " + preallocFsb);
        }
        Fork f = fork(which);
        // mappingAt rejects an offFsb outside [0, MAX_FSB).
        Extent at = f.mappingAt(offFsb);
        if (at.state() != ExtentState.HOLE) {
            throw new IllegalArgumentException("offFsb " + offFsb + " is mapped in the " + which + " fork by " + at
                    + ": xfs_bmapi_reserve_delalloc reserves into a hole");
        }
        long prealloc = preallocFsb;
        while (true) {
            // alen = min(len + prealloc, XFS_MAX_BMBT_EXTLEN); if (!eof) alen = min(alen, got.br_startoff - aoff)
            // The hole ends at the next record or at MAX_FSB, so alen also stays below MAX_FSB.
            long alen = Math.min(Math.min(lenFsb + prealloc, params.maxExtentBlocks()), at.lengthFsb());
            long indlen = params.indlen().worstIndlen(alen);
            if (freeBlocks >= alen + indlen) {
                // xfs_dec_fdblocks(mp, alen + indlen); ip->i_delayed_blks += alen; xfs_mod_delalloc()
                freeBlocks -= alen + indlen;
                delallocBlocks += alen + indlen;
                delayedBlocks += alen;
                Extent got = Extent.delalloc(offFsb, alen, indlen);
                long released = f.addHoleDelay(got, params.indlen(), params.maxExtentBlocks());
                freeBlocks += released;
                delallocBlocks -= released;
                checkSpace("xfs_bmapi_reserve_delalloc");
                return got;
            }
            if (prealloc == 0) {
                throw new XfsError(XfsError.ENOSPC, "xfs_bmapi_reserve_delalloc: " + (alen + indlen)
                        + " blocks (" + alen + " data + " + indlen + " indirect) wanted at offFsb " + offFsb
                        + " in the " + which + " fork, " + freeBlocks + " free");
            }
            // Out of space with preallocation: try once more for just the blocks the write needs.
            prealloc = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The punch

    /**
     * {@code xfs_bmap_punch_delalloc_range(ip, whichfork, start_byte, end_byte)} (fs/xfs/
     * xfs_bmap_util.c, newest generation; the 6.1 generation, data fork only, removes the same
     * blocks): converts the byte range to blocks as XFS does, the start rounded down
     * ({@code XFS_B_TO_FSBT}) and the end rounded up ({@code XFS_B_TO_FSB}), so partial blocks at
     * either end are punched whole; then, under {@code ILOCK} exclusive, removes every delalloc
     * block of that block range from the fork and leaves every other record untouched. Delalloc
     * records cut in two share their indirect reservation as {@code xfs_bmap_del_extent_delay()}
     * rules ({@link DelallocPunchLoop}); the rest goes back to the free-block counter.
     *
     * <p>XFS documents that callers must not pass partial blocks; this method does not check it
     * (XFS's own {@code xfs_free_eofblocks()} passes {@code LLONG_MAX} as the end on purpose). The
     * punch callbacks check it for the write path.
     *
     * @param task the task; it takes {@code ILOCK}
     * @param fork the fork to punch
     * @param startByte first byte, at least 0
     * @param endByte byte just past the range, at least {@code startByte}
     * @throws IllegalArgumentException naming the parameter when the range is negative, inverted,
     *     or ends beyond {@link XfsParams#maxFileBytes()}
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte <= endByte && endByte <= params().maxFileBytes();
      @   ensures delallocBlocksIn(fork, params().toFsbt(startByte), params().toFsb(endByte)) == 0;
      @   ensures delallocBlocksIn(fork, 0, params().toFsbt(startByte))
      @           == \old(delallocBlocksIn(fork, 0, params().toFsbt(startByte)));
      @   ensures delallocBlocksIn(fork, params().toFsb(endByte), IndlenPolicy.MAX_FSB)
      @           == \old(delallocBlocksIn(fork, params().toFsb(endByte), IndlenPolicy.MAX_FSB));
      @   ensures realExtents(fork).equals(\old(realExtents(fork)));
      @   ensures spaceBalanced() || !\old(spaceBalanced());
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public void punchDelallocRange(TaskContext task, WhichFork fork, long startByte, long endByte) {
        if (startByte < 0) {
            throw new IllegalArgumentException("startByte must be >= 0, was " + startByte);
        }
        if (endByte < startByte) {
            throw new IllegalArgumentException("endByte must be >= startByte " + startByte + ", was " + endByte);
        }
        if (endByte > params.maxFileBytes()) {
            throw new IllegalArgumentException("endByte must be <= maxFileBytes " + params.maxFileBytes() + ", was "
                    + endByte);
        }
        long startFsb = params.toFsbt(startByte);
        long endFsb = params.toFsb(endByte);
        xfsIlock(task, LockMode.EXCLUSIVE);
        try {
            punchLocked(fork, startFsb, endFsb, "xfs_bmap_punch_delalloc_range");
        } finally {
            xfsIunlock(task);
        }
    }

    @Holding("this.ilock")
    private void punchLocked(WhichFork which, long startFsb, long endFsb, String function) {
        Fork.PunchResult result = fork(which).punchDelalloc(startFsb, endFsb, params.indlen());
        // xfs_add_fdblocks(mp, da_diff + del - stolen); xfs_mod_delalloc(); i_delayed_blks -= del
        freeBlocks += result.returnedFsb;
        delallocBlocks -= result.returnedFsb;
        delayedBlocks -= result.punchedFsb;
        checkSpace(function);
    }

    /**
     * The XFS punch callback of the newest generation (v6.12 on),
     * {@code xfs_buffered_write_delalloc_punch(inode, offset, length, iomap)} (fs/xfs/xfs_iomap.c):
     * punches {@code [offset, offset + length)} from the COW fork when the write's iomap has
     * {@code IOMAP_F_SHARED}, else from the data fork.
     *
     * <p>The returned callback checks the callback's preconditions ({@link IomapPunchIomap#punch}:
     * a non-negative offset, a positive length, no overflow, and whole blocks, which XFS's comment
     * makes the caller's duty). A broken one is recorded as a {@link ContractViolation} with the
     * values involved, and then the callback does what XFS does with such input: a misaligned or
     * empty range is rounded out to whole blocks and punched (so a misaligned caller loses the
     * delalloc blocks under the partial blocks, as on XFS); a negative or overflowing range, on
     * which XFS would compute a wrapped block range, is not punched.
     *
     * <p>Lock order: the callback runs at level {@link LockRank#PUNCH} of the order (entered on the
     * task for the duration of the call, so that a folio lock taken inside is reported, and a
     * call made while holding {@code ILOCK} is an inversion) and takes {@code ILOCK} inside.
     *
     * @param task the task the algorithm runs in; the callback is bound to it, as kernel code runs
     *     in {@code current}
     * @return the callback
     */
    public IomapPunchIomap punchCallback(TaskContext task) {
        return new PunchCallback(task);
    }

    /**
     * The XFS punch callback of the 6.1 to 6.11 generations,
     * {@code xfs_buffered_write_delalloc_punch(inode, offset, length)} (fs/xfs/xfs_iomap.c at the
     * seed, f43dc4dc3eff, and its 6.1.y backport): punches the data fork (the COW fork was not
     * punched before 8fe3b21efa07 and f6f91d290c8b) and returns 0 (the model's punch cannot fail;
     * the kernel's could, from quota accounting, which is not modelled). Preconditions are checked
     * and broken ones recorded as for {@link #punchCallback}.
     *
     * @param task the task the algorithm runs in
     * @return the callback
     */
    public IomapPunch punchCallbackV61(TaskContext task) {
        return new PunchCallbackV61(task);
    }

    /** {@link #punchCallback}'s callback object. */
    private final class PunchCallback implements IomapPunchIomap {
        private final TaskContext task;

        PunchCallback(TaskContext task) {
            this.task = task;
        }

        /** {@code xfs_buffered_write_delalloc_punch(inode, offset, length, iomap)}, v6.12+. */
        @Override
        @RunsAt(LockRank.PUNCH)
        public void punch(Inode inode, long offsetByte, long lengthByte, Iomap iomap) {
            WhichFork which = iomap.hasFlag(Iomap.IOMAP_F_SHARED) ? WhichFork.COW : WhichFork.DATA;
            callbackPunch(task, inode, offsetByte, lengthByte, which);
        }

        @Override
        public String toString(@GuardSatisfied PunchCallback this) {
            return "xfs_buffered_write_delalloc_punch (v6.12+) for " + task.label();
        }
    }

    /** {@link #punchCallbackV61}'s callback object. */
    private final class PunchCallbackV61 implements IomapPunch {
        private final TaskContext task;

        PunchCallbackV61(TaskContext task) {
            this.task = task;
        }

        /** {@code xfs_buffered_write_delalloc_punch(inode, offset, length)}, v6.1 to v6.11. */
        @Override
        @RunsAt(LockRank.PUNCH)
        public int punch(Inode inode, long offsetByte, long lengthByte) {
            callbackPunch(task, inode, offsetByte, lengthByte, WhichFork.DATA);
            return 0;
        }

        @Override
        public String toString(@GuardSatisfied PunchCallbackV61 this) {
            return "xfs_buffered_write_delalloc_punch (v6.1-v6.11) for " + task.label();
        }
    }

    /** Both callbacks: the inode must be this file system's, then the shared body. */
    private void callbackPunch(TaskContext task, Inode inode, long offsetByte, long lengthByte, WhichFork which) {
        if (inode.blkbits() != params.blockLog()) {
            throw new IllegalArgumentException("inode.blkbits() must be the extent map's blockLog "
                    + params.blockLog() + ", was " + inode.blkbits());
        }
        bufferedWriteDelallocPunch(task, which, offsetByte, lengthByte);
    }

    /**
     * The body of {@code xfs_buffered_write_delalloc_punch()} once the fork is chosen, for callers
     * that choose it themselves (an adapter behind another callback object): enters level
     * {@link LockRank#PUNCH} of the lock order on the task, checks the callback's preconditions
     * and records each broken one as a {@link ContractViolation}, then punches
     * {@code [offsetByte, offsetByte + lengthByte)} as {@link #punchDelallocRange} does, unless the
     * range is negative or overflows (see {@link #punchCallback}).
     *
     * @param task the task the algorithm runs in
     * @param fork the fork to punch
     * @param offsetByte the callback's {@code offset}
     * @param lengthByte the callback's {@code length}
     */
    /*@ public normal_behavior
      @   ensures punchArgumentsValid(offsetByte, lengthByte)
      @           <==> contractViolations().size() == \old(contractViolations().size());
      @   ensures realExtents(fork).equals(\old(realExtents(fork)));
      @*/
    @RunsAt(LockRank.PUNCH)
    public void bufferedWriteDelallocPunch(TaskContext task, WhichFork fork, long offsetByte, long lengthByte) {
        task.enterLevel(LockRank.PUNCH);
        try {
            if (checkPunchArguments(offsetByte, lengthByte, "xfs_buffered_write_delalloc_punch")) {
                punchDelallocRange(task, fork, offsetByte, offsetByte + lengthByte);
            }
        } finally {
            task.exitLevel(LockRank.PUNCH);
        }
    }

    /**
     * Checks the punch callback's preconditions, recording each broken one.
     *
     * @return whether the range can be punched as XFS would (false for a negative or overflowing
     *     range)
     */
    private boolean checkPunchArguments(long offsetByte, long lengthByte, String function) {
        Map<String, Long> fields = new LinkedHashMap<>();
        fields.put("offsetByte", offsetByte);
        fields.put("lengthByte", lengthByte);
        fields.put("blockSize", params.blockSize());
        if (!punchRangeRepresentable(offsetByte, lengthByte)) {
            fields.put("maxFileBytes", params.maxFileBytes());
            violations.add(new ContractViolation(ContractViolation.PUNCH_BAD_RANGE, function, fields,
                    "the punch range must have offsetByte >= 0, lengthByte > 0 and end at most at maxFileBytes;"
                            + " XFS would compute a wrapped block range, the model punches nothing"));
            return false;
        }
        fields.put("startFsb", params.toFsbt(offsetByte));
        fields.put("endFsb", params.toFsb(offsetByte + lengthByte));
        if (lengthByte == 0) {
            violations.add(new ContractViolation(ContractViolation.PUNCH_EMPTY, function, fields,
                    "the punch length must be > 0; XFS punches [XFS_B_TO_FSBT(offset), XFS_B_TO_FSB(offset)),"
                            + " a whole block when the offset is misaligned"));
        }
        if (!punchRangeWholeBlocks(offsetByte, lengthByte)) {
            violations.add(new ContractViolation(ContractViolation.PUNCH_PARTIAL_BLOCK, function, fields,
                    "xfs_bmap_punch_delalloc_range: \"it is up to the caller to ensure that partial blocks are"
                            + " not passed in\"; XFS punches blocks [startFsb, endFsb), the partial ones included"));
        }
        return true;
    }

    /**
     * Specification query, the punch callback's precondition ({@link IomapPunchIomap#punch}): a
     * non-negative offset, a positive length, an end within the largest file, and whole blocks.
     *
     * @param offsetByte the callback's {@code offset}
     * @param lengthByte the callback's {@code length}
     * @return whether a callback call with them keeps XFS's obligations
     */
    /*@ public normal_behavior
      @   ensures \result <==> (0 <= offsetByte && 0 < lengthByte && offsetByte <= params().maxFileBytes() - lengthByte
      @                         && offsetByte % params().blockSize() == 0 && lengthByte % params().blockSize() == 0);
      @*/
    public /*@ pure @*/ boolean punchArgumentsValid(long offsetByte, long lengthByte) {
        return punchRangeRepresentable(offsetByte, lengthByte) && lengthByte > 0
                && punchRangeWholeBlocks(offsetByte, lengthByte);
    }

    /** Whether {@code [offsetByte, offsetByte + lengthByte)} is a range of the model's file (possibly empty). */
    private boolean punchRangeRepresentable(long offsetByte, long lengthByte) {
        return offsetByte >= 0 && lengthByte >= 0 && offsetByte <= params.maxFileBytes() - lengthByte;
    }

    /** Whether both ends of a representable range fall on block boundaries. */
    private boolean punchRangeWholeBlocks(long offsetByte, long lengthByte) {
        long mask = params.blockSize() - 1;
        return (offsetByte & mask) == 0 && (lengthByte & mask) == 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Writeback

    /**
     * {@code xfs_bmapi_convert_delalloc(ip, whichfork, offset, iomap, seq)} (fs/xfs/libxfs/
     * xfs_bmap.c, newest generation), the writeback allocation: allocates real blocks for the
     * delalloc record backing {@code offsetByte}, from the record's start (even when that lies
     * before the range asked for, so that the disk gets large contiguous extents), repeating while
     * the allocation, which fragmented free space can cut short, ends before the offset. Each
     * attempt is one transaction under {@code ILOCK} exclusive
     * ({@code xfs_bmapi_convert_one_delalloc()}). New blocks are unwritten in both forks
     * ({@code XFS_BMAPI_PREALLOC}): a new data fork extent becomes written only after the data
     * write succeeds, so that a crash in between cannot expose the disk's stale contents.
     *
     * <p>The allocation consumes the reservation: the free-block counter does not change for the
     * data blocks, and the indirect reservation of the converted part comes back (no bmap btree
     * is modelled, so none of it is used). For the data fork {@code i_delayed_blks} drops and
     * {@code i_nblocks} grows; COW fork blocks stay counted in {@code i_delayed_blks} until
     * remapped, as in {@code xfs_bmap_alloc_account()}.
     *
     * @param task the writeback task
     * @param fork the fork (COW when the folio's blocks are being copied on write)
     * @param offsetByte a byte of the block being written back
     * @return the real record mapping {@code offsetByte} after conversion (if another thread had
     *     converted it already, the record found)
     * @throws XfsError {@link XfsError#EAGAIN} when no record maps the offset (for the COW fork,
     *     another thread moved it to the data fork; for the data fork a kernel warning is recorded
     *     too), {@link XfsError#ENOSPC} when the disk has no free block
     * @throws IllegalArgumentException if {@code offsetByte} is negative or beyond
     *     {@link XfsParams#maxFileBytes()}
     */
    /*@ public behavior
      @   requires 0 <= offsetByte && offsetByte < params().maxFileBytes();
      @   ensures \result.isReal() && \result.contains(params().toFsbt(offsetByte));
      @   ensures \result.equals(mappingAt(fork, params().toFsbt(offsetByte)));
      @   ensures spaceBalanced() || !\old(spaceBalanced());
      @   signals (XfsError e) e.errno() == XfsError.EAGAIN || e.errno() == XfsError.ENOSPC;
      @*/
    public Extent convertDelalloc(TaskContext task, WhichFork fork, long offsetByte) throws XfsError {
        checkByteRange("offsetByte", offsetByte, 1);
        long offsetFsb = params.toFsbt(offsetByte);
        Extent mapping;
        do {
            mapping = convertOneDelalloc(task, fork, offsetFsb);
        } while (mapping.endFsb() <= offsetFsb);
        return mapping;
    }

    /** {@code xfs_bmapi_convert_one_delalloc()}: one transaction of {@link #convertDelalloc}. */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    private Extent convertOneDelalloc(TaskContext task, WhichFork which, long offsetFsb) throws XfsError {
        xfsIlock(task, LockMode.EXCLUSIVE);
        try {
            Fork f = fork(which);
            int index = f.lookup(offsetFsb);
            if (index == f.count() || f.get(index).fileOffFsb() > offsetFsb) {
                // No record here: expected only in the COW fork, whose extent another thread may
                // have moved to the data fork meanwhile; in the data fork XFS warns.
                warnOnOnce(which != WhichFork.COW, "xfs_bmapi_convert_one_delalloc: whichfork != XFS_COW_FORK");
                throw new XfsError(XfsError.EAGAIN, "xfs_bmapi_convert_one_delalloc: no " + which
                        + " fork record at offsetFsb " + offsetFsb);
            }
            Extent got = f.get(index);
            if (!got.isDelalloc()) {
                // Already real: another thread converted this record first.
                return got;
            }
            long @Nullable [] run = disk.allocate(got.lengthFsb());
            if (run == null) {
                throw new XfsError(XfsError.ENOSPC, "xfs_bmapi_convert_one_delalloc: no free disk block for "
                        + got + " in the " + which + " fork");
            }
            Extent neu = Extent.real(got.fileOffFsb(), run[1], run[0], ExtentState.UNWRITTEN);
            long released = f.addDelayReal(index, neu, params.indlen(), params.maxExtentBlocks());
            // xfs_bmap_add_extent_delay_real: xfs_add_fdblocks(da_old - da_new), xfs_mod_delalloc();
            // xfs_bmap_alloc_account: the data blocks leave the delalloc counts.
            freeBlocks += released;
            delallocBlocks -= released + neu.lengthFsb();
            if (which == WhichFork.DATA) {
                delayedBlocks -= neu.lengthFsb();
                inodeBlocks += neu.lengthFsb();
            }
            checkSpace("xfs_bmapi_convert_one_delalloc");
            return f.mappingAt(neu.fileOffFsb());
        } finally {
            xfsIunlock(task);
        }
    }

    /**
     * Writes a block of data to the disk, as writeback's bio does. No lock: the mapping was looked
     * up before.
     *
     * @param diskFsb the disk block
     * @param data exactly one block of bytes
     * @throws IllegalArgumentException if the block is not on the disk or the data is not one block
     */
    public void writeDisk(long diskFsb, byte[] data) {
        disk.write(diskFsb, data);
    }

    /**
     * {@code xfs_iomap_write_unwritten(ip, offset, count, false)} (fs/xfs/xfs_iomap.c, newest
     * generation), run at I/O completion: converts the unwritten blocks of
     * {@code [XFS_B_TO_FSBT(offset), XFS_B_TO_FSB(offset + count))} in the data fork to written, one
     * record piece per transaction under {@code ILOCK} exclusive ({@code xfs_bmapi_write()} with
     * {@code XFS_BMAPI_CONVERT}, one mapping at a time), merging with written neighbours contiguous
     * on disk. Written blocks in the range stay as they are.
     *
     * @param task the completing task
     * @param offsetByte first byte written
     * @param countByte bytes written, at least 1
     * @throws IllegalStateException if a block of the range is a hole or delalloc: I/O completion
     *     only runs over blocks writeback mapped, which truncate cannot remove while the folio is
     *     under writeback, so the caller broke the model's protocol
     * @throws IllegalArgumentException naming the parameter when the range is negative, empty or
     *     ends beyond {@link XfsParams#maxFileBytes()}
     */
    /*@ public behavior
      @   requires 0 <= offsetByte && 1 <= countByte && offsetByte <= params().maxFileBytes() - countByte;
      @   ensures allIn(WhichFork.DATA, params().toFsbt(offsetByte), params().toFsb(offsetByte + countByte),
      @                 ExtentState.WRITTEN);
      @   ensures freeBlocks() == \old(freeBlocks()) && delallocBlocks() == \old(delallocBlocks());
      @   signals (IllegalStateException e) true;
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public void convertUnwritten(TaskContext task, long offsetByte, long countByte) {
        checkByteRange("offsetByte", offsetByte, countByte);
        long fsb = params.toFsbt(offsetByte);
        long endFsb = params.toFsb(offsetByte + countByte);
        while (fsb < endFsb) {
            xfsIlock(task, LockMode.EXCLUSIVE);
            try {
                fsb = convertOneUnwritten(fsb, endFsb);
            } finally {
                xfsIunlock(task);
            }
        }
    }

    /** One transaction of {@link #convertUnwritten}: returns the next block to convert. */
    @Holding("this.ilock")
    private long convertOneUnwritten(long fsb, long endFsb) {
        Extent got = dataFork.mappingAt(fsb);
        if (!got.isReal()) {
            throw new IllegalStateException("xfs_iomap_write_unwritten: file block " + fsb + " is " + got
                    + " in the data fork; I/O completion only converts blocks writeback allocated");
        }
        Extent piece = got.trim(fsb, endFsb);
        if (got.state() == ExtentState.UNWRITTEN) {
            Extent written = Extent.real(piece.fileOffFsb(), piece.lengthFsb(), piece.diskFsb(), ExtentState.WRITTEN);
            dataFork.addUnwrittenReal(dataFork.lookup(fsb), written, params.maxExtentBlocks());
            checkSpace("xfs_iomap_write_unwritten");
        }
        return piece.endFsb();
    }

    // ---------------------------------------------------------------------------------------------
    // Truncate

    /**
     * {@code xfs_itruncate_extents_flags(tp, ip, XFS_DATA_FORK, new_size, flags)} (fs/xfs/
     * xfs_inode.c, newest generation) under {@code ILOCK} exclusive, which {@code xfs_setattr_size()}
     * holds: removes every record, of any type, from {@code XFS_B_TO_FSB(newSize)} on, in the data
     * fork ({@code xfs_bunmapi_range()}) and then in the COW fork
     * ({@code xfs_reflink_cancel_cow_blocks()}). A delalloc record is deleted as the punch deletes
     * it ({@code xfs_bmap_del_extent_delay()}); real blocks are freed and their contents stay on
     * disk.
     *
     * @param task the truncating task
     * @param newSizeByte the new file size
     * @throws IllegalArgumentException if {@code newSizeByte} is negative or beyond
     *     {@link XfsParams#maxFileBytes()}
     */
    /*@ public normal_behavior
      @   requires 0 <= newSizeByte && newSizeByte <= params().maxFileBytes();
      @   ensures allIn(WhichFork.DATA, params().toFsb(newSizeByte), IndlenPolicy.MAX_FSB, ExtentState.HOLE);
      @   ensures allIn(WhichFork.COW, params().toFsb(newSizeByte), IndlenPolicy.MAX_FSB, ExtentState.HOLE);
      @   ensures spaceBalanced() || !\old(spaceBalanced());
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public void truncateExtents(TaskContext task, long newSizeByte) {
        if (newSizeByte < 0 || newSizeByte > params.maxFileBytes()) {
            throw new IllegalArgumentException("newSizeByte must be 0.." + params.maxFileBytes() + ", was "
                    + newSizeByte);
        }
        long firstUnmapFsb = params.toFsb(newSizeByte);
        xfsIlock(task, LockMode.EXCLUSIVE);
        try {
            for (WhichFork which : WhichFork.values()) {
                punchLocked(which, firstUnmapFsb, IndlenPolicy.MAX_FSB, "xfs_itruncate_extents_flags");
                for (Extent gone : fork(which).unmapRealFrom(firstUnmapFsb)) {
                    // xfs_free_extent_later(): the blocks go back to the free-block counter.
                    if (disk.free(gone.diskFsb(), gone.lengthFsb())) {
                        freeBlocks += gone.lengthFsb();
                    } else {
                        Map<String, Long> fields = new LinkedHashMap<>();
                        fields.put("diskFsb", gone.diskFsb());
                        fields.put("lengthFsb", gone.lengthFsb());
                        violations.add(new ContractViolation(ContractViolation.DOUBLE_FREE,
                                "xfs_itruncate_extents_flags", fields,
                                "freeing disk blocks of " + gone + " that are not all allocated"));
                    }
                    // xfs_bmap_del_extent_real: i_nblocks -= del; xfs_bmap_del_extent_cow: i_delayed_blks -= del
                    if (which == WhichFork.DATA) {
                        inodeBlocks -= gone.lengthFsb();
                    } else {
                        delayedBlocks -= gone.lengthFsb();
                    }
                }
                checkSpace("xfs_itruncate_extents_flags");
            }
        } finally {
            xfsIunlock(task);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reads and lookups

    /**
     * What a read of file block {@code fileFsb} returns once the page cache is dropped
     * ({@code xfs_read_iomap_begin()} then the bio): the disk block of a written data-fork record,
     * zeros for a hole, a delalloc reservation (no data on disk yet) or an unwritten record. No
     * lock: a specification query, as the explorer calls it between steps.
     *
     * @param fileFsb a file block
     * @return one block of bytes
     * @throws IllegalArgumentException if {@code fileFsb} is out of range
     */
    /*@ public normal_behavior
      @   requires 0 <= fileFsb && fileFsb < IndlenPolicy.MAX_FSB;
      @   ensures \result.length == params().blockSize();
      @   ensures mappingAt(WhichFork.DATA, fileFsb).state() != ExtentState.WRITTEN
      @           ==> (\forall int i; 0 <= i && i < \result.length; \result[i] == 0);
      @*/
    public byte[] readFileBlock(long fileFsb) {
        Extent got = dataFork.mappingAt(fileFsb);
        if (got.state() != ExtentState.WRITTEN) {
            return new byte[(int) params.blockSize()];
        }
        return disk.read(got.diskFsb() + (fileFsb - got.fileOffFsb()));
    }

    /**
     * A lookup under {@code ILOCK} shared ({@code xfs_ilock_data_map_shared()} around
     * {@code xfs_bmapi_read()}), for model threads that map blocks (reads, writeback).
     *
     * @param task the task
     * @param fork the fork
     * @param fsb a file block
     * @return the record containing {@code fsb}, or the hole from {@code fsb} to the next record
     */
    /*@ public normal_behavior
      @   requires 0 <= fsb && fsb < IndlenPolicy.MAX_FSB;
      @   ensures \result.equals(mappingAt(fork, fsb));
      @*/
    @SuppressWarnings("lock:method.guarantee.violated") // balanced ILOCK, see the class comment
    public Extent lookup(TaskContext task, WhichFork fork, long fsb) {
        xfsIlock(task, LockMode.SHARED);
        try {
            return fork(fork).mappingAt(fsb);
        } finally {
            xfsIunlock(task);
        }
    }

    /**
     * Specification query, no lock: the mapping of {@code fsb} in a fork.
     *
     * @param fork the fork
     * @param fsb a file block in {@code [0, MAX_FSB)}
     * @return the record containing {@code fsb}, or the hole from {@code fsb} to the next record
     */
    /*@ public normal_behavior
      @   requires 0 <= fsb && fsb < IndlenPolicy.MAX_FSB;
      @   ensures \result.contains(fsb);
      @   ensures \result.state() == ExtentState.HOLE ==> \result.fileOffFsb() == fsb;
      @*/
    public /*@ pure @*/ Extent mappingAt(WhichFork fork, long fsb) {
        return fork(fork).mappingAt(fsb);
    }

    /**
     * @param fork the fork
     * @return its records in file order
     */
    //@ ensures (\forall int i; 0 <= i && i < \result.size(); ((Extent) \result.get(i)).state() != ExtentState.HOLE);
    public /*@ pure @*/ List<Extent> extents(WhichFork fork) {
        return fork(fork).extents();
    }

    /**
     * @param fork the fork
     * @return its {@code if_seq}, the change counter XFS puts in the iomap validity cookie
     */
    public /*@ pure @*/ long forkSeq(WhichFork fork) {
        return fork(fork).seq();
    }

    /** @return the filesystem parameters */
    public /*@ pure @*/ XfsParams params() {
        return params;
    }

    /** @return {@code ILOCK}, for the explorer's views of who holds it */
    @Pure
    public ModelLock ilock() {
        return ilock;
    }

    /** @return a copy of the disk, for reading its allocation and contents */
    //@ ensures \result.usedBlocks() + freeBlocks() + delallocBlocks() == params().capacityBlocks() || !spaceBalanced();
    public /*@ pure @*/ Disk disk() {
        return disk.copy();
    }

    /** @return {@code m_fdblocks}: blocks neither allocated nor reserved */
    public /*@ pure @*/ long freeBlocks() {
        return freeBlocks;
    }

    /** @return {@code m_delalloc_blks}: data plus indirect blocks of all delalloc records */
    public /*@ pure @*/ long delallocBlocks() {
        return delallocBlocks;
    }

    /** @return {@code ip->i_delayed_blks}: delalloc data blocks of the data fork plus all COW fork blocks */
    public /*@ pure @*/ long delayedBlocks() {
        return delayedBlocks;
    }

    /** @return {@code ip->i_nblocks}: blocks allocated to the data fork */
    public /*@ pure @*/ long inodeBlocks() {
        return inodeBlocks;
    }

    /** @return the contract violations recorded so far, in order */
    public /*@ pure @*/ List<ContractViolation> contractViolations() {
        return Collections.unmodifiableList(new ArrayList<>(violations));
    }

    /** @return the {@code WARN_ON_ONCE} conditions that became true, in order (property {@code KERNEL_WARN}) */
    public /*@ pure @*/ List<String> kernelWarnings() {
        return Collections.unmodifiableList(new ArrayList<>(kernelWarnings));
    }

    /**
     * Specification query: the delalloc blocks of a fork in {@code [fromFsb, toFsb)}.
     *
     * @param fork the fork
     * @param fromFsb first block
     * @param toFsb block just past the range
     * @return how many blocks of the range are delalloc
     */
    /*@ public normal_behavior
      @   ensures \result >= 0 && (fromFsb >= toFsb ==> \result == 0);
      @*/
    public /*@ pure @*/ long delallocBlocksIn(WhichFork fork, long fromFsb, long toFsb) {
        long count = 0;
        for (Extent e : fork(fork).extents()) {
            if (e.isDelalloc() && e.fileOffFsb() < toFsb && fromFsb < e.endFsb()) {
                count += Math.min(e.endFsb(), toFsb) - Math.max(e.fileOffFsb(), fromFsb);
            }
        }
        return count;
    }

    /**
     * Specification query: the real (unwritten and written) records of a fork, which a punch and
     * a reservation must leave exactly as they are.
     *
     * @param fork the fork
     * @return its real records in file order
     */
    /*@ public normal_behavior
      @   ensures (\forall int i; 0 <= i && i < \result.size(); ((Extent) \result.get(i)).isReal());
      @*/
    public /*@ pure @*/ List<Extent> realExtents(WhichFork fork) {
        List<Extent> real = new ArrayList<>();
        for (Extent e : fork(fork).extents()) {
            if (e.isReal()) {
                real.add(e);
            }
        }
        return real;
    }

    /**
     * Specification query: whether every block of {@code [fromFsb, toFsb)} is in the given state
     * in a fork (a hole for {@link ExtentState#HOLE}).
     *
     * @param fork the fork
     * @param fromFsb first block
     * @param toFsb block just past the range, at most {@link IndlenPolicy#MAX_FSB}
     * @param state the state
     * @return whether the whole range is in that state; true for an empty range
     */
    public /*@ pure @*/ boolean allIn(WhichFork fork, long fromFsb, long toFsb, ExtentState state) {
        long fsb = fromFsb;
        while (fsb < toFsb) {
            Extent at = fork(fork).mappingAt(fsb);
            if (at.state() != state) {
                return false;
            }
            fsb = at.endFsb();
        }
        return true;
    }

    /**
     * Specification query: whether the counters balance: the free-block counter is not negative
     * and free + delalloc (data and indirect) + allocated disk blocks equal the capacity.
     *
     * @return whether no block is leaked or counted twice
     */
    /*@ public normal_behavior
      @   ensures \result <==> (freeBlocks() >= 0
      @                         && freeBlocks() + delallocBlocks() + disk().usedBlocks() == params().capacityBlocks());
      @*/
    public /*@ pure @*/ boolean spaceBalanced() {
        return freeBlocks >= 0 && freeBlocks + delallocBlocks + disk.usedBlocks() == params.capacityBlocks();
    }

    // ---------------------------------------------------------------------------------------------
    // Invariants

    /**
     * The model's invariants, for checking after every step: each fork well formed
     * ({@link Fork#invariantViolations}); no disk block mapped twice and every allocated block
     * mapped; the counters equal what the forks hold; and free + delalloc + allocated = capacity.
     *
     * @return a description of each violation, empty when all hold
     */
    /*@ public normal_behavior
      @   ensures \result.isEmpty() <==> invariantsHold();
      @   assignable \nothing;
      @*/
    public List<String> invariantViolations() {
        List<String> problems = new ArrayList<>();
        problems.addAll(dataFork.invariantViolations(params.maxExtentBlocks(), params.capacityBlocks()));
        problems.addAll(cowFork.invariantViolations(params.maxExtentBlocks(), params.capacityBlocks()));
        long delalloc = 0;
        long delayed = 0;
        long nblocks = 0;
        long mapped = 0;
        TreeMap<Long, Extent> byDisk = new TreeMap<>();
        for (Fork f : List.of(dataFork, cowFork)) {
            for (Extent e : f.extents()) {
                if (e.isDelalloc()) {
                    delalloc += e.lengthFsb() + e.indlenFsb();
                    delayed += e.lengthFsb();
                    continue;
                }
                mapped += e.lengthFsb();
                if (f.which() == WhichFork.DATA) {
                    nblocks += e.lengthFsb();
                } else {
                    delayed += e.lengthFsb();
                }
                if (!disk.isAllocated(e.diskFsb(), e.lengthFsb())) {
                    problems.add(e + " in the " + f.which() + " fork maps disk blocks that are not all allocated");
                }
                @Nullable Extent clash = byDisk.put(e.diskFsb(), e);
                if (clash != null) {
                    problems.add("disk block " + e.diskFsb() + " is mapped by " + clash + " and " + e);
                }
            }
        }
        @Nullable Extent previous = null;
        for (Extent e : byDisk.values()) {
            if (previous != null && previous.diskFsb() + previous.lengthFsb() > e.diskFsb()) {
                problems.add("disk blocks are mapped twice, by " + previous + " and " + e);
            }
            previous = e;
        }
        if (mapped != disk.usedBlocks()) {
            problems.add("the forks map " + mapped + " disk blocks but " + disk.usedBlocks() + " are allocated");
        }
        if (delalloc != delallocBlocks) {
            problems.add("m_delalloc_blks is " + delallocBlocks + " but the delalloc records hold " + delalloc);
        }
        if (delayed != delayedBlocks) {
            problems.add("i_delayed_blks is " + delayedBlocks + " but the forks hold " + delayed);
        }
        if (nblocks != inodeBlocks) {
            problems.add("i_nblocks is " + inodeBlocks + " but the data fork maps " + nblocks);
        }
        if (!spaceBalanced()) {
            problems.add("free " + freeBlocks + " + delalloc " + delallocBlocks + " + allocated "
                    + disk.usedBlocks() + " != capacity " + params.capacityBlocks());
        }
        return problems;
    }

    /** @return whether {@link #invariantViolations()} is empty */
    public /*@ pure @*/ boolean invariantsHold() {
        return invariantViolations().isEmpty();
    }

    /** Records a {@link ContractViolation#SPACE_UNBALANCED} if the counters do not balance. */
    private void checkSpace(String function) {
        if (spaceBalanced()) {
            return;
        }
        Map<String, Long> fields = new LinkedHashMap<>();
        fields.put("freeBlocks", freeBlocks);
        fields.put("delallocBlocks", delallocBlocks);
        fields.put("allocatedBlocks", disk.usedBlocks());
        fields.put("capacityBlocks", params.capacityBlocks());
        violations.add(new ContractViolation(ContractViolation.SPACE_UNBALANCED, function, fields,
                "free + delalloc + allocated blocks must equal the capacity"));
    }

    /**
     * {@code xfs_ilock(ip, XFS_ILOCK_EXCL)} or {@code xfs_ilock(ip, XFS_ILOCK_SHARED)}: takes
     * {@code ILOCK} through the lock model, a scheduling point for the explorer.
     */
    @Acquires(LockRank.ILOCK)
    @EnsuresLockHeld("this.ilock")
    private void xfsIlock(TaskContext task, LockMode mode) {
        ilock.lock(task, mode);
    }

    /** {@code xfs_iunlock(ip, lockmode)}: releases {@code ILOCK}, a scheduling point for the explorer. */
    @Releases(LockRank.ILOCK)
    @MayReleaseLocks
    private void xfsIunlock(TaskContext task) {
        ilock.unlock(task);
    }

    /** {@code WARN_ON_ONCE(condition)}: records the warning when the condition holds. */
    private void warnOnOnce(boolean condition, String site) {
        if (condition) {
            kernelWarnings.add(site);
        }
    }

    private Fork fork(WhichFork which) {
        return which == WhichFork.DATA ? dataFork : cowFork;
    }

    private Iomap toIomap(Extent e, int flags) {
        return new Iomap(e.state().iomapType(), flags, params.toBytes(e.fileOffFsb()), params.toBytes(e.lengthFsb()));
    }

    private void checkByteRange(String name, long startByte, long lengthByte) {
        if (startByte < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + startByte);
        }
        if (lengthByte < 1 || startByte > params.maxFileBytes() - lengthByte) {
            throw new IllegalArgumentException(name + " " + startByte + " + length " + lengthByte
                    + " must end at most at maxFileBytes " + params.maxFileBytes() + " with length >= 1");
        }
    }

    /** Same parameters, forks, disk, counters and {@code ILOCK} holders; diagnostics excluded. */
    @Override
    public boolean equals(@GuardSatisfied ExtentMap this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ExtentMap)) {
            return false;
        }
        ExtentMap that = (ExtentMap) other;
        return params.equals(that.params) && dataFork.equals(that.dataFork) && cowFork.equals(that.cowFork)
                && disk.equals(that.disk) && ilock.equals(that.ilock) && freeBlocks == that.freeBlocks
                && delallocBlocks == that.delallocBlocks && delayedBlocks == that.delayedBlocks
                && inodeBlocks == that.inodeBlocks;
    }

    @Override
    public int hashCode(@GuardSatisfied ExtentMap this) {
        // Deterministic across JVM runs: every part hashes by value.
        return Objects.hash(params, dataFork, cowFork, disk, ilock, freeBlocks, delallocBlocks, delayedBlocks,
                inodeBlocks);
    }

    @Override
    public String toString(@GuardSatisfied ExtentMap this) {
        return "extents{" + dataFork + "; " + cowFork + "; free " + freeBlocks + ", delalloc " + delallocBlocks
                + ", i_delayed_blks " + delayedBlocks + ", i_nblocks " + inodeBlocks + "; " + disk + "}";
    }
}
