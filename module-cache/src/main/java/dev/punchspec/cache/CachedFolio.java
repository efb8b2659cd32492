package dev.punchspec.cache;

import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.lock.qual.Holding;
import org.checkerframework.checker.lock.qual.LockingFree;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One folio of the page cache ({@code struct folio} of a file mapping), with the per-block state
 * iomap keeps for it ({@code struct iomap_folio_state}, "ifs", v6.6+: an uptodate and a dirty bit
 * per block) and its bytes.
 *
 * <p>Flags: {@code PG_uptodate}, {@code PG_dirty}, {@code PG_writeback}; {@code PG_locked} is the
 * folio's {@link ModelLock} ({@link #lock}, rank {@link LockRank#FOLIO_LOCK}); whether the folio
 * is still in its mapping is {@code folio->mapping == mapping}, cleared when truncation or
 * invalidation removes it while another thread still holds a reference.
 *
 * <p>When the ifs exists (the kernel's rules, fs/iomap/buffered-io.c, v6.6+): only for a folio of
 * more than one block ({@code ifs_alloc()} returns early for {@code nr_blocks <= 1}); allocated
 * by a read of the folio ({@code iomap_read_folio_iter()}), by a write that does not cover the
 * whole of a folio that is not uptodate ({@code __iomap_write_begin()}), and by
 * {@code iomap_dirty_folio()} (mkwrite); a fresh ifs copies the folio flags (all blocks uptodate
 * if the folio is, all dirty if it is); freed when the whole folio is invalidated
 * ({@code iomap_invalidate_folio()}).
 *
 * <p>State changes the kernel makes under the folio lock are annotated {@link Holding} the lock
 * (the Lock Checker checks the callers in this module; {@link PageCache} checks at run time that
 * the calling task holds it, as the kernel's {@code VM_BUG_ON_FOLIO(!folio_test_locked())} does).
 * {@link #endWriteback} ({@code folio_end_writeback()} runs from I/O completion) and byte stores
 * through a mapping are not locked in the kernel either.
 *
 * <p>Class invariant ({@link #invariantViolation} checks it; tests run it after every mutation):
 * <pre>
 *   index &gt;= 0, 0 &lt;= order, index a multiple of 2^order         (natural alignment)
 *   ifs present  ==&gt;  nrBlocks &gt; 1
 *   ifs: a dirty block is uptodate                             (only uptodate data is written)
 *   ifs: folio uptodate  &lt;==&gt;  every block uptodate             (ifs_set_range_uptodate marks the
 *                                                               folio when the last block is)
 *   ifs: a dirty block  ==&gt;  folio dirty                        (writeback clears both together)
 *   no ifs: dirty  ==&gt;  uptodate                               (all-or-nothing folio)
 *   dirty or writeback  ==&gt;  in the mapping                    (removal cancels dirty, waits for
 *                                                               writeback)
 *   bytes, when allocated, are exactly the folio's size
 * </pre>
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
public final class CachedFolio implements CacheEntry {

    /*@ private invariant 0 <= index && 0 <= order && order <= MAX_ORDER && index % (1L << order) == 0;
      @ private invariant (ifsUptodate == null) == (ifsDirty == null);
      @ private invariant ifsUptodate != null ==> nrBlocks > 1 && ifsUptodate.length == nrBlocks
      @                                        && ifsDirty.length == nrBlocks;
      @ private invariant ifsUptodate != null ==>
      @     (\forall int b; 0 <= b && b < nrBlocks; ifsDirty[b] ==> ifsUptodate[b]);
      @ private invariant ifsUptodate != null ==>
      @     (uptodate <==> (\forall int b; 0 <= b && b < nrBlocks; ifsUptodate[b]));
      @ private invariant ifsUptodate != null ==>
      @     ((\exists int b; 0 <= b && b < nrBlocks; ifsDirty[b]) ==> dirty);
      @ private invariant ifsUptodate == null ==> (dirty ==> uptodate);
      @ private invariant (dirty || writeback) ==> inMapping;
      @ private invariant data == null || data.length == size();
      @ // The same clauses as one executable predicate, which the tests run after every mutation:
      @ public invariant invariantViolation() == null;
      @*/

    /** The largest order accepted: a folio of 2^62 pages would already overflow a byte offset. */
    static final int MAX_ORDER = 62;

    private final long index;
    private final int order;
    private final int pageShift;
    private final int blkbits;
    private final int nrBlocks;
    /** {@code PG_locked}: the folio lock of the model (holders are part of the state). */
    final ModelLock lock;
    private boolean uptodate;
    private boolean dirty;
    private boolean writeback;
    private boolean inMapping;
    /** ifs uptodate bits, or null without ifs; non-null exactly when {@link #ifsDirty} is. */
    private boolean @Nullable [] ifsUptodate;
    /** ifs dirty bits, or null without ifs. */
    private boolean @Nullable [] ifsDirty;
    /** The folio's bytes; null while they are all zero (saves memory for large caches). */
    private byte @Nullable [] data;

    /**
     * A new folio, not uptodate, clean, not under writeback, unlocked, in the mapping, without
     * ifs; as {@code filemap_alloc_folio()} + {@code filemap_add_folio()} leave it (the folio
     * lock is taken by the caller through {@link #lock}).
     */
    CachedFolio(long index, int order, int pageShift, int blkbits, String mappingName) {
        checkPlacement(index, order);
        this.index = index;
        this.order = order;
        this.pageShift = pageShift;
        this.blkbits = blkbits;
        this.nrBlocks = 1 << (pageShift + order - blkbits);
        this.lock = new ModelLock(mappingName + " folio " + index, LockRank.FOLIO_LOCK);
        this.inMapping = true;
    }

    private CachedFolio(CachedFolio from) {
        this.index = from.index;
        this.order = from.order;
        this.pageShift = from.pageShift;
        this.blkbits = from.blkbits;
        this.nrBlocks = from.nrBlocks;
        this.lock = from.lock.copy();
        this.uptodate = from.uptodate;
        this.dirty = from.dirty;
        this.writeback = from.writeback;
        this.inMapping = from.inMapping;
        this.ifsUptodate = from.ifsUptodate == null ? null : from.ifsUptodate.clone();
        this.ifsDirty = from.ifsDirty == null ? null : from.ifsDirty.clone();
        this.data = from.data == null ? null : from.data.clone();
    }

    /** A deep copy: flags, ifs, bytes and the lock's holders. */
    CachedFolio copy() {
        return new CachedFolio(this);
    }

    /**
     * Rejects an entry that is not naturally aligned.
     *
     * @throws IllegalArgumentException naming the field and the value
     */
    static void checkPlacement(long index, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be in [0, " + MAX_ORDER + "], was " + order);
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        if (index % (1L << order) != 0) {
            throw new IllegalArgumentException("index " + index + " is not a multiple of 2^order = "
                    + (1L << order) + ": folios are naturally aligned");
        }
    }

    // ---------------------------------------------------------------- geometry

    /** {@code folio->index}. */
    @Override
    public long index() {
        return index;
    }

    /** {@code folio_order(folio)}. */
    @Override
    public int order() {
        return order;
    }

    /** {@code folio_pos(folio)}: {@code index << PAGE_SHIFT}. */
    //@ public normal_behavior ensures \result == index() << pageShift;
    public /*@ pure @*/ long pos() {
        return index << pageShift;
    }

    /** {@code folio_size(folio)}: {@code PAGE_SIZE << order}. */
    //@ public normal_behavior ensures \result > 0 && \result == 1L << (pageShift + order());
    public /*@ pure @*/ long size() {
        return 1L << (pageShift + order);
    }

    /** {@code folio_pos(folio) + folio_size(folio)} ({@code folio_next_pos()}). */
    //@ public normal_behavior ensures \result == pos() + size();
    public /*@ pure @*/ long endByte() {
        return pos() + size();
    }

    /**
     * {@code offset_in_folio(folio, pos)}: {@code pos} modulo the folio size.
     *
     * @param posByte a file offset, {@code >= 0}
     * @return the offset of {@code posByte} within a folio of this size
     */
    /*@ public normal_behavior
      @   requires 0 <= posByte;
      @   ensures 0 <= \result && \result < size() && (posByte - \result) % size() == 0;
      @*/
    public /*@ pure @*/ long offsetInFolio(long posByte) {
        if (posByte < 0) {
            throw new IllegalArgumentException("posByte must be >= 0, was " + posByte);
        }
        return posByte & (size() - 1);
    }

    /** {@code i_blocks_per_folio(inode, folio)}. */
    public int nrBlocks() {
        return nrBlocks;
    }

    /** {@code i_blkbits} of the mapping's inode. */
    public int blkbits() {
        return blkbits;
    }

    // ---------------------------------------------------------------- flags

    /** {@code folio_test_uptodate(folio)}. */
    public boolean testUptodate() {
        return uptodate;
    }

    /** {@code folio_test_dirty(folio)}. */
    public boolean testDirty() {
        return dirty;
    }

    /** {@code folio_test_writeback(folio)}. */
    public boolean testWriteback() {
        return writeback;
    }

    /** {@code folio_test_locked(folio)}: whether any task holds the folio lock. */
    public boolean testLocked() {
        return lock.heldMode() != null;
    }

    /** {@code folio->mapping == mapping}: false once truncation or invalidation removed it. */
    public boolean inMapping() {
        return inMapping;
    }

    /** Whether the folio has an {@code iomap_folio_state} ({@code folio->private}). */
    public boolean hasBlockState() {
        return ifsUptodate != null;
    }

    /**
     * {@code ifs_block_is_uptodate(ifs, block)}.
     *
     * @throws IllegalStateException if the folio has no ifs
     * @throws IllegalArgumentException if {@code block} is outside {@code [0, nrBlocks)}
     */
    /*@ public normal_behavior
      @   requires hasBlockState() && 0 <= block && block < nrBlocks();
      @*/
    public /*@ pure @*/ boolean testBlockUptodate(int block) {
        return ifs("testBlockUptodate", block, ifsUptodate)[block];
    }

    /**
     * {@code ifs_block_is_dirty(folio, ifs, block)}.
     *
     * @throws IllegalStateException if the folio has no ifs
     * @throws IllegalArgumentException if {@code block} is outside {@code [0, nrBlocks)}
     */
    /*@ public normal_behavior
      @   requires hasBlockState() && 0 <= block && block < nrBlocks();
      @   ensures \result ==> testBlockUptodate(block) && testDirty();
      @*/
    public /*@ pure @*/ boolean testBlockDirty(int block) {
        return ifs("testBlockDirty", block, ifsDirty)[block];
    }

    /** {@code bits} (one of the two ifs bitmaps, which exist together), checked to hold {@code block}. */
    private boolean[] ifs(String what, int block, boolean @Nullable [] bits) {
        if (bits == null) {
            throw new IllegalStateException(what + ": folio " + index + " has no per-block state (ifs)");
        }
        if (block < 0 || block >= nrBlocks) {
            throw new IllegalArgumentException("block must be in [0, " + nrBlocks + "), was " + block);
        }
        return bits;
    }

    /**
     * What {@code iomap_is_partially_uptodate()} answers per block: the ifs uptodate bits, or
     * all false without ifs. The returned array is shared and must not be changed.
     */
    boolean[] partiallyUptodateBits(boolean[] noIfs) {
        boolean[] bits = ifsUptodate;
        return bits != null ? bits : noIfs;
    }

    /**
     * Whether {@code mapping_seek_hole_data()} counts the byte at {@code offsetByte} in this folio
     * as data: the folio is uptodate, or its ifs says the block is.
     */
    boolean dataAtOffset(long offsetByte) {
        boolean[] bits = ifsUptodate;
        return uptodate || (bits != null && bits[(int) (offsetByte >> blkbits)]);
    }

    /** Whether the block holding {@code offsetByte} is dirty (ifs bit, else the folio flag). */
    boolean blockDirtyAtOffset(long offsetByte) {
        boolean[] bits = ifsDirty;
        return bits != null ? bits[(int) (offsetByte >> blkbits)] : dirty;
    }

    // ---------------------------------------------------------------- state changes

    /**
     * {@code ifs_alloc(inode, folio, flags)}: gives a folio of more than one block its ifs, the
     * bits copied from the folio flags; no-op if it has one or has a single block.
     */
    @Holding("lock")
    void ifsAlloc() {
        if (ifsUptodate != null || nrBlocks <= 1) {
            return;
        }
        boolean[] up = new boolean[nrBlocks];
        boolean[] dt = new boolean[nrBlocks];
        Arrays.fill(up, uptodate);
        Arrays.fill(dt, dirty);
        ifsUptodate = up;
        ifsDirty = dt;
    }

    /**
     * {@code iomap_set_range_uptodate(folio, off, len)}: marks the blocks of
     * {@code [offsetByte, offsetByte + lengthByte)} uptodate in the ifs, and the folio uptodate
     * when that makes every block uptodate, or at once without ifs.
     */
    @Holding("lock")
    void setRangeUptodate(long offsetByte, long lengthByte) {
        checkRange("setRangeUptodate", offsetByte, lengthByte);
        if (lengthByte == 0) {
            throw new IllegalArgumentException("setRangeUptodate: lengthByte must be > 0, was 0");
        }
        boolean[] bits = ifsUptodate;
        if (bits == null) {
            uptodate = true;
            return;
        }
        int first = (int) (offsetByte >> blkbits);
        int last = (int) ((offsetByte + lengthByte - 1) >> blkbits);
        Arrays.fill(bits, first, last + 1, true);
        boolean all = true;
        for (boolean b : bits) {
            all &= b;
        }
        if (all) {
            uptodate = true;
        }
    }

    /**
     * {@code iomap_set_range_dirty(folio, off, len)}: marks the blocks of
     * {@code [offsetByte, offsetByte + lengthByte)} dirty in the ifs; nothing without ifs (the
     * folio flag is {@link #markDirtyFlag}'s). For {@code lengthByte == 0} this follows the
     * kernel's unsigned arithmetic in {@code ifs_set_range_dirty()}: {@code last_blk = (off + len
     * - 1) >> blkbits}, {@code nr_blks = last_blk - first_blk + 1} as {@code unsigned int}, which
     * marks the block holding {@code off} when {@code off} is not block aligned and nothing
     * otherwise (at {@code off == 0} the count wraps to 0). Here a block-aligned {@code off} with
     * {@code len == 0} gives {@code last == first - 1}, so the fill below is empty.
     */
    @Holding("lock")
    void setRangeDirty(long offsetByte, long lengthByte) {
        checkRange("setRangeDirty", offsetByte, lengthByte);
        boolean[] bits = ifsDirty;
        if (bits == null) {
            return;
        }
        int first = (int) (offsetByte >> blkbits);
        int last = (int) ((offsetByte + lengthByte - 1) >> blkbits);
        Arrays.fill(bits, first, last + 1, true);
    }

    /**
     * {@code filemap_dirty_folio(mapping, folio)}: sets the folio's dirty flag.
     *
     * @return whether it was clean before
     */
    @Holding("lock")
    boolean markDirtyFlag() {
        boolean wasClean = !dirty;
        dirty = true;
        return wasClean;
    }

    /**
     * {@code iomap_dirty_folio(mapping, folio)} (v6.6+; {@code folio_mark_dirty()} from mkwrite):
     * allocates the ifs if needed, marks every block dirty, then the folio.
     */
    @Holding("lock")
    void dirtyWholeFolio() {
        ifsAlloc();
        setRangeDirty(0, size());
        markDirtyFlag();
    }

    /**
     * Writeback of a locked dirty folio as {@code iomap_writepage_map()} (v6.6+) starts it:
     * {@code folio_clear_dirty_for_io()}, every ifs dirty bit of the folio cleared, not only those
     * of the ranges written (a write fault on the last, partial folio can leave dirty bits past
     * EOF, which writeback does not write), then {@code folio_start_writeback()}.
     *
     * @return the folio-relative byte ranges that were dirty, as {@code [start, end)} pairs: the
     *     runs of dirty blocks with ifs ({@code ifs_find_dirty_range()}), else the whole folio
     */
    @Holding("lock")
    List<long[]> startWriteback() {
        List<long[]> ranges = new ArrayList<>();
        boolean[] bits = ifsDirty;
        if (bits == null) {
            ranges.add(new long[] {0, size()});
        } else {
            int block = 0;
            while (block < nrBlocks) {
                if (!bits[block]) {
                    block++;
                    continue;
                }
                int runEnd = block;
                while (runEnd < nrBlocks && bits[runEnd]) {
                    runEnd++;
                }
                ranges.add(new long[] {(long) block << blkbits, (long) runEnd << blkbits});
                block = runEnd;
            }
            Arrays.fill(bits, false);
        }
        dirty = false;
        writeback = true;
        return ranges;
    }

    /** {@code folio_end_writeback(folio)}: from I/O completion, without the folio lock. */
    void endWriteback() {
        writeback = false;
    }

    /**
     * {@code folio_invalidate(folio, 0, folio_size(folio))} through
     * {@code iomap_invalidate_folio()}: cancels the dirty state and frees the ifs.
     */
    @Holding("lock")
    void invalidateWhole() {
        dirty = false;
        ifsUptodate = null;
        ifsDirty = null;
    }

    /** {@code folio->mapping = NULL} as {@code __filemap_remove_folio()} leaves it. */
    @Holding("lock")
    void removeFromMapping() {
        inMapping = false;
    }

    /**
     * Sets the whole state of a new folio for {@link PageCache#installFolio}; the caller checks
     * the invariant afterwards, which rejects a single bitmap and bytes of the wrong length.
     *
     * @throws IllegalArgumentException if a bitmap has the wrong length (the invariant's loop
     *     over the blocks needs both to have one bit per block)
     */
    void install(boolean uptodateFlag, boolean dirtyFlag, boolean @Nullable [] blockUptodate,
            boolean @Nullable [] blockDirty, byte @Nullable [] bytes) {
        if (blockUptodate != null && blockUptodate.length != nrBlocks) {
            throw new IllegalArgumentException("blockUptodate has length " + blockUptodate.length + ", the folio has "
                    + nrBlocks + " blocks");
        }
        if (blockDirty != null && blockDirty.length != nrBlocks) {
            throw new IllegalArgumentException("blockDirty has length " + blockDirty.length + ", the folio has "
                    + nrBlocks + " blocks");
        }
        this.uptodate = uptodateFlag;
        this.dirty = dirtyFlag;
        this.ifsUptodate = blockUptodate == null ? null : blockUptodate.clone();
        this.ifsDirty = blockDirty == null ? null : blockDirty.clone();
        this.data = bytes == null ? null : bytes.clone();
    }

    // ---------------------------------------------------------------- bytes

    /**
     * The bytes at {@code [offsetByte, offsetByte + lengthByte)} of the folio.
     *
     * @throws IllegalArgumentException if the range is not inside the folio
     */
    /*@ public normal_behavior
      @   requires 0 <= offsetByte && 0 <= lengthByte && offsetByte <= size() - lengthByte;
      @   ensures \result.length == lengthByte;
      @*/
    public /*@ pure @*/ byte[] readBytes(long offsetByte, int lengthByte) {
        checkRange("readBytes", offsetByte, lengthByte);
        byte[] out = new byte[lengthByte];
        byte[] bytes = data;
        if (bytes != null) {
            System.arraycopy(bytes, (int) offsetByte, out, 0, lengthByte);
        }
        return out;
    }

    /** Copies {@code src[srcOffset, srcOffset + lengthByte)} to the folio at {@code offsetByte}. */
    void writeBytes(long offsetByte, byte[] src, int srcOffset, int lengthByte) {
        checkRange("writeBytes", offsetByte, lengthByte);
        System.arraycopy(src, srcOffset, bytes(), (int) offsetByte, lengthByte);
    }

    /** {@code folio_zero_range(folio, offset, length)}. */
    void zeroBytes(long offsetByte, long lengthByte) {
        checkRange("zeroBytes", offsetByte, lengthByte);
        byte[] bytes = data;
        if (bytes != null) {
            Arrays.fill(bytes, (int) offsetByte, (int) (offsetByte + lengthByte), (byte) 0);
        }
    }

    /** Reads {@code [offsetByte, offsetByte + lengthByte)} of the folio from the backing store. */
    void fillFrom(BackingStore store, long offsetByte, long lengthByte) {
        checkRange("fillFrom", offsetByte, lengthByte);
        store.read(pos() + offsetByte, bytes(), (int) offsetByte, (int) lengthByte);
    }

    private byte[] bytes() {
        byte[] bytes = data;
        if (bytes == null) {
            bytes = new byte[(int) size()];
            data = bytes;
        }
        return bytes;
    }

    private void checkRange(String what, long offsetByte, long lengthByte) {
        if (offsetByte < 0 || lengthByte < 0 || offsetByte > size() - lengthByte) {
            throw new IllegalArgumentException(what + ": [offsetByte " + offsetByte + ", + lengthByte "
                    + lengthByte + ") is not inside folio " + index + " of size " + size());
        }
    }

    // ---------------------------------------------------------------- invariant and value

    /**
     * The class invariant (see the class comment).
     *
     * @return null if it holds, else which clause fails
     */
    public /*@ pure @*/ @Nullable String invariantViolation() {
        boolean[] up = ifsUptodate;
        boolean[] dt = ifsDirty;
        if (up == null || dt == null) {
            if (up != dt) {
                return "folio " + index + ": ifs uptodate and dirty bitmaps must exist together";
            }
            if (dirty && !uptodate) {
                return "folio " + index + ": dirty but not uptodate without per-block state";
            }
        } else {
            if (nrBlocks <= 1) {
                return "folio " + index + ": ifs on a folio of " + nrBlocks + " block";
            }
            boolean all = true;
            boolean anyDirty = false;
            for (int b = 0; b < nrBlocks; b++) {
                if (dt[b] && !up[b]) {
                    return "folio " + index + ": block " + b + " is dirty but not uptodate";
                }
                all &= up[b];
                anyDirty |= dt[b];
            }
            if (all != uptodate) {
                return "folio " + index + ": uptodate flag " + uptodate + " but every-block-uptodate " + all;
            }
            if (anyDirty && !dirty) {
                return "folio " + index + ": a block is dirty but the folio is clean";
            }
        }
        if ((dirty || writeback) && !inMapping) {
            return "folio " + index + ": dirty or under writeback after removal from the mapping";
        }
        byte[] bytes = data;
        if (bytes != null && bytes.length != size()) {
            return "folio " + index + ": " + bytes.length + " bytes for a folio of size " + size();
        }
        return null;
    }

    /**
     * Value equality: placement, flags, ifs, bytes (unallocated equals all zero) and the lock's
     * holders. The index is compared through the lock, whose name is "{@code <mapping> folio
     * <index>}" (a separate comparison could never decide the outcome).
     */
    @Override
    public boolean equals(@GuardSatisfied CachedFolio this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof CachedFolio)) {
            return false;
        }
        CachedFolio that = (CachedFolio) other;
        return order == that.order && pageShift == that.pageShift
                && blkbits == that.blkbits && uptodate == that.uptodate && dirty == that.dirty
                && writeback == that.writeback && inMapping == that.inMapping
                && Arrays.equals(ifsUptodate, that.ifsUptodate) && Arrays.equals(ifsDirty, that.ifsDirty)
                && bytesEqual(data, that.data) && lock.equals(that.lock);
    }

    @LockingFree
    private static boolean bytesEqual(byte @Nullable [] a, byte @Nullable [] b) {
        if (a == null || b == null) {
            return isZero(a) && isZero(b);
        }
        return Arrays.equals(a, b);
    }

    @LockingFree
    private static boolean isZero(byte @Nullable [] bytes) {
        if (bytes != null) {
            for (byte b : bytes) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode(@GuardSatisfied CachedFolio this) {
        // Unallocated bytes equal all-zero ones, so both hash as 0.
        return Objects.hash(order, pageShift, blkbits, uptodate, dirty, writeback, inMapping,
                Arrays.hashCode(ifsUptodate), Arrays.hashCode(ifsDirty), isZero(data) ? 0 : Arrays.hashCode(data), lock);
    }

    @Override
    public String toString(@GuardSatisfied CachedFolio this) {
        return "folio{index=" + index + ", order=" + order + (uptodate ? ", uptodate" : "") + (dirty ? ", dirty" : "")
                + (writeback ? ", writeback" : "") + (inMapping ? "" : ", truncated")
                + ifsString(ifsUptodate, ifsDirty) + "}";
    }

    /** The ifs as one letter per block: D dirty, U uptodate, - neither; empty without ifs. */
    @LockingFree
    private static String ifsString(boolean @Nullable [] up, boolean @Nullable [] dt) {
        if (up == null || dt == null) {
            return "";
        }
        char[] letters = new char[up.length];
        for (int b = 0; b < up.length; b++) {
            letters[b] = dt[b] ? 'D' : up[b] ? 'U' : '-';
        }
        return ", ifs=" + String.valueOf(letters);
    }
}
