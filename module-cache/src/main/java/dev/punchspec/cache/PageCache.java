package dev.punchspec.cache;

import dev.punchspec.api.ByteRange;
import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.checkerframework.checker.lock.qual.EnsuresLockHeld;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.lock.qual.Holding;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The page cache of one file ({@code struct address_space} of an iomap filesystem such as XFS):
 * its folios of any order up to the geometry's largest, value (shadow) entries, the
 * {@code invalidate_lock}, and the kernel operations on them that the delalloc punch path and the
 * filesystem operations around it use.
 *
 * <p>Every operation takes the model thread ({@link TaskContext}) that runs it: locks are taken
 * through the lock model ({@link ModelLock}, so the explorer can schedule at every acquire and
 * release), and each lock-free lookup (a seek, a folio lookup: RCU in the kernel) is a scheduling
 * point of its own. {@link CacheAddressSpace} and {@link LockedFolio} bind this to one task as the
 * algorithm's {@link AddressSpace} and {@code Folio}.
 */
// The Checker Framework warns when one class takes long to type-check (time, not a finding);
// with -Werror that warning fails the build on a loaded machine, so this large class opts out of it.
@SuppressWarnings("slow.typechecking")
public final class PageCache {

    /*
     * Implementation overview
     *
     * Goals. Be the page cache as far as the punch algorithm's behaviour depends on it, and be a
     * value: the explorer copies, compares and hashes model states, so all state is in fields
     * compared by equals (entries, their flags, ifs bits, bytes and lock holders, and the
     * invalidate_lock's holders), copy() is deep, and nothing is static.
     *
     * State. entries: the xarray, as a TreeMap from first page index to entry (a CachedFolio or
     * a ShadowEntry), so a lookup is O(log n) (floorEntry) and a walk visits entries in index
     * order at O(1) each after an O(log n) start. Derived per-order tables (block boundaries,
     * an all-false "no ifs" bitmap) are not state and are shared by copies.
     *
     * Invariants (invariantViolation() checks them; tests run it after every operation):
     *  - entries are of order <= the geometry's largest, filed under their index, and never
     *    overlap (natural alignment is not checked here: both entry types reject a misaligned
     *    index in their constructors and never change it);
     *  - every entry ends at or below MAX_BYTE (2^62), so no byte offset computed here overflows;
     *  - each folio satisfies CachedFolio's invariant and is in the mapping (removal takes it out
     *    of the map and clears its mapping pointer together).
     *
     * Locking, as the kernel does it. Folio state changes happen under the folio lock
     * (CachedFolio's @Holding methods); an operation handed a folio checks at run time that its
     * task holds that lock (assertFolioLocked, the model's VM_BUG_ON_FOLIO(!folio_test_locked)),
     * which also tells the Lock Checker. The invalidate_lock is taken shared by the read path
     * (page_cache_ra_unbounded, filemap_fault) and exclusive by the punch walk's caller;
     * truncation and invalidation do not check it, as the kernel does not (XFS holds it exclusive
     * around truncation; direct-I/O invalidation and drop_caches hold neither it nor i_rwsem,
     * which is why the newest release walk tolerates folios vanishing between two seeks).
     *
     * Sleeping waits (a contended folio lock, folio_wait_writeback) go through the task's
     * scheduling hook: under a sequential hook a wait that cannot end is reported, not hung.
     *
     * Rejected alternatives. A sorted array of entries: O(n) insertion and removal. Entries per
     * page: O(bytes) walks and no large folios. Folio state in immutable values replaced on each
     * change: every handle a task holds would go stale; the explorer copies whole states instead.
     *
     * Not modelled: folio splitting (truncating part of a large folio zeroes it and keeps it, the
     * kernel's outcome when split_folio() fails), reference counts (a folio another task merely
     * references can be evicted), page tables (a store needs a folio dirtied by mkwrite),
     * readahead windows (a read creates the one folio asked for), IOMAP_UNSHARE, DAX and swap
     * value entries, the writeback error state.
     *
     * Reading guide: lookups and locks; the seek (mapping_seek_hole_data and
     * folio_seek_hole_data, with FolioBlockWalk and SeekRules, which KeY proves); folio creation
     * for writes and reads (__filemap_get_folio, __iomap_write_begin and iomap_adjust_read_range,
     * __iomap_write_end); dirtying and writeback; truncation and invalidation; specification
     * queries; value methods.
     */

    /**
     * Largest byte offset an entry may reach (exclusive end): 2^62, so that every offset and
     * every sum of an offset and a folio size computed here fits a {@code long}; the KeY proofs
     * assume the same bound.
     */
    public static final long MAX_BYTE = 1L << 62;

    /**
     * Largest number of blocks per folio accepted, so the per-block tables stay small: 2^16
     * (e.g. 2 MiB folios of 512-byte blocks need 4096).
     */
    public static final long MAX_BLOCKS_PER_FOLIO = 1L << 16;

    /*@ // Entries naturally aligned, of order <= maxFolioOrder, non-overlapping, below MAX_BYTE,
      @ // every folio in the mapping and satisfying its own invariant; executable as one predicate:
      @ public invariant invariantViolation() == null;
      @*/

    private final String name;
    private final Geometry geometry;
    private final int pageShift;
    private final int blkbits;
    /**
     * The xarray. Package-private only so that same-package tests can build the broken states
     * that {@link #invariantViolation} reports and no operation reaches.
     */
    final TreeMap<Long, CacheEntry> entries;
    /** {@code mapping->invalidate_lock} (XFS_MMAPLOCK), a rw-semaphore. */
    final ModelLock invalidateLock;
    /** Per order: the block boundaries of a folio, {@code k * blocksize} for k in [0, nrBlocks]. */
    private final long[][] blockOffsetByte;
    /** Per order: what {@code iomap_is_partially_uptodate()} says for a folio without ifs. */
    private final boolean[][] noIfsBits;

    /**
     * An empty page cache.
     *
     * @param name the file's name in lock names and reports (e.g. "file")
     * @param geometry page size, block size and largest folio order of the model instance
     * @throws IllegalArgumentException naming the field when the name is blank or a folio of the
     *     largest order would have more than {@link #MAX_BLOCKS_PER_FOLIO} blocks
     */
    /*@ public normal_behavior
      @   requires !name.isBlank();
      @   requires geometry.blocksPerFolio(geometry.maxFolioOrder()) <= MAX_BLOCKS_PER_FOLIO;
      @   ensures name() == name && geometry() == geometry && entryCount() == 0;
      @*/
    public PageCache(String name, Geometry geometry) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name = \"" + name + "\": must not be blank");
        }
        long blocks = geometry.blocksPerFolio(geometry.maxFolioOrder());
        if (blocks > MAX_BLOCKS_PER_FOLIO) {
            throw new IllegalArgumentException("geometry " + geometry + " gives " + blocks
                    + " blocks per folio of the largest order; at most " + MAX_BLOCKS_PER_FOLIO
                    + " are modelled (lower maxFolioOrder or raise the block size)");
        }
        this.name = name;
        this.geometry = geometry;
        this.pageShift = geometry.pageShift();
        this.blkbits = geometry.blockBits();
        this.entries = new TreeMap<>();
        this.invalidateLock = new ModelLock(name + " invalidate_lock", LockRank.INVALIDATE_LOCK);
        int orders = geometry.maxFolioOrder() + 1;
        this.blockOffsetByte = new long[orders][];
        this.noIfsBits = new boolean[orders][];
        for (int order = 0; order < orders; order++) {
            int nrBlocks = (int) geometry.blocksPerFolio(order);
            long[] table = new long[nrBlocks + 1];
            for (int k = 0; k <= nrBlocks; k++) {
                table[k] = (long) k << blkbits;
            }
            blockOffsetByte[order] = table;
            noIfsBits[order] = new boolean[nrBlocks];
        }
    }

    private PageCache(PageCache from) {
        this.name = from.name;
        this.geometry = from.geometry;
        this.pageShift = from.pageShift;
        this.blkbits = from.blkbits;
        this.entries = new TreeMap<>();
        for (Map.Entry<Long, CacheEntry> e : from.entries.entrySet()) {
            CacheEntry entry = e.getValue();
            entries.put(e.getKey(), entry instanceof CachedFolio ? ((CachedFolio) entry).copy() : entry);
        }
        this.invalidateLock = from.invalidateLock.copy();
        this.blockOffsetByte = from.blockOffsetByte;
        this.noIfsBits = from.noIfsBits;
    }

    /**
     * A deep copy: every folio (flags, ifs, bytes, lock holders), every value entry and the
     * invalidate_lock's holders. Handles bound to the original keep pointing at the original.
     */
    /*@ public normal_behavior
      @   ensures \result.equals(this) && \result != this;
      @*/
    public PageCache copy() {
        return new PageCache(this);
    }

    /** The name used in lock names and reports. */
    //@ public normal_behavior ensures \result != null;
    public /*@ pure @*/ String name() {
        return name;
    }

    /** The model instance's geometry. */
    public Geometry geometry() {
        return geometry;
    }

    /** {@code PAGE_SHIFT}. */
    public int pageShift() {
        return pageShift;
    }

    /** The block boundaries of a folio of {@code order} (shared; do not modify). */
    long[] blockOffsets(int order) {
        return blockOffsetByte[order];
    }

    /** A handle on this cache for {@code task}: the algorithm's view, {@link AddressSpace}. */
    public CacheAddressSpace forTask(TaskContext task) {
        return new CacheAddressSpace(this, task);
    }

    // ================================================================ lookups and locks

    /**
     * The entry covering page {@code index}, or null: {@code xa_load(&mapping->i_pages, index)}.
     * A pure query (no scheduling point).
     */
    /*@ public normal_behavior
      @   requires 0 <= index;
      @   ensures \result != null ==> \result.index() <= index && index < \result.nextIndex();
      @*/
    public /*@ pure @*/ @Nullable CacheEntry entryAt(long index) {
        checkIndex("index", index);
        Map.Entry<Long, CacheEntry> e = entries.floorEntry(index);
        if (e == null || e.getValue().nextIndex() <= index) {
            return null;
        }
        return e.getValue();
    }

    /** The folio covering page {@code index}, or null (none, or a value entry). A pure query. */
    /*@ public normal_behavior
      @   requires 0 <= index;
      @   ensures \result != null ==> \result.index() <= index && index < \result.nextIndex()
      @       && \result.inMapping();
      @*/
    public /*@ pure @*/ @Nullable CachedFolio folioAt(long index) {
        CacheEntry e = entryAt(index);
        return e instanceof CachedFolio ? (CachedFolio) e : null;
    }

    /** The entries in index order (a snapshot list; the entries are live). */
    public List<CacheEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The number of folios and value entries. */
    public int entryCount() {
        return entries.size();
    }

    /**
     * {@code filemap_lock_folio(mapping, index)}: the folio covering page {@code index}, locked by
     * {@code task}, or null where the kernel returns {@code ERR_PTR(-ENOENT)} (no entry, or a
     * value entry). The lookup is a scheduling point; locking sleeps while another task holds the
     * folio; a folio truncated while this task slept is dropped and the lookup repeated, as
     * {@code __filemap_get_folio()} does ("folio->mapping != mapping: goto repeat").
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    /*@ public normal_behavior
      @   requires 0 <= index;
      @   ensures \result != null ==> \result.index() <= index && index < \result.nextIndex()
      @       && \result.inMapping() && \result.lock.isHeldExclusiveBy(task);
      @*/
    @MayReleaseLocks
    public @Nullable CachedFolio lockFolio(TaskContext task, long index) {
        // folioAt() rejects a negative index (entryAt's checkIndex).
        while (true) {
            task.schedulingPoint("find folio " + index + " of " + name);
            CachedFolio folio = folioAt(index);
            if (folio == null) {
                return null;
            }
            folio.lock.lock(task, LockMode.EXCLUSIVE);
            if (folio.inMapping()) {
                return folio;
            }
            folio.lock.unlock(task);
        }
    }

    /**
     * {@code folio_unlock(folio)}.
     *
     * @throws dev.punchspec.api.lock.LockViolation (recorded, and thrown under the THROW policy)
     *     if {@code task} does not hold the folio lock
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task);
      @   ensures !folio.lock.isHeldBy(task);
      @*/
    @MayReleaseLocks
    public void unlockFolio(TaskContext task, CachedFolio folio) {
        folio.lock.unlock(task);
    }

    /**
     * The model's {@code VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio)} for operations the
     * kernel runs under the folio lock: reports through the task's validator when the task does
     * not hold it. The Lock Checker cannot see the holder list, so, as for {@link ModelLock#lock}
     * itself, the postcondition is trusted here: it holds whenever this returns under the THROW
     * policy, and under RECORD the violation is on record for the explorer.
     */
    @SuppressWarnings("lock:contracts.postcondition")
    @EnsuresLockHeld("#2.lock")
    private static void assertFolioLocked(TaskContext task, CachedFolio folio) {
        task.validator().assertHeld(task, folio.lock);
        if (!folio.inMapping()) {
            throw new IllegalStateException("folio " + folio.index() + " is no longer in the mapping");
        }
    }

    /** {@code filemap_invalidate_lock(mapping)}: the invalidate_lock, exclusive. */
    //@ public normal_behavior ensures invalidateLockHeldWrite(task);
    public void invalidateLock(TaskContext task) {
        invalidateLock.lock(task, LockMode.EXCLUSIVE);
    }

    /** {@code filemap_invalidate_lock_shared(mapping)}: the invalidate_lock, shared (faults, reads). */
    //@ public normal_behavior ensures invalidateLock.isHeldBy(task) && !invalidateLockHeldWrite(task);
    public void invalidateLockShared(TaskContext task) {
        invalidateLock.lock(task, LockMode.SHARED);
    }

    /** {@code filemap_invalidate_unlock(mapping)} or {@code filemap_invalidate_unlock_shared()}. */
    /*@ public normal_behavior
      @   requires invalidateLock.isHeldBy(task);
      @   ensures !invalidateLock.isHeldBy(task);
      @*/
    @MayReleaseLocks
    public void invalidateUnlock(TaskContext task) {
        invalidateLock.unlock(task);
    }

    /** Whether {@code task} holds the invalidate_lock exclusive ({@code lockdep_assert_held_write}). */
    public boolean invalidateLockHeldWrite(TaskContext task) {
        return invalidateLock.isHeldExclusiveBy(task);
    }

    /** The invalidate_lock itself, for validators and the explorer. */
    public ModelLock invalidateLockModel() {
        return invalidateLock;
    }

    /**
     * Sleeps until the folio's writeback ends: {@code folio_wait_writeback(folio)}.
     *
     * @throws IllegalStateException when no other task can end the writeback (a sequential run)
     */
    private static void waitWriteback(TaskContext task, CachedFolio folio) {
        if (folio.testWriteback()
                && !task.scheduler().blockUntil("writeback of folio " + folio.index(), () -> !folio.testWriteback())) {
            throw new IllegalStateException(task.name() + " waits for the writeback of folio " + folio.index()
                    + " and no other task can end it");
        }
    }

    // ================================================================ seek

    /**
     * {@code mapping_seek_hole_data(mapping, start, end, whence)} (mm/filemap.c, v5.13 on, with
     * the 64-bit block mask of f505e6c91e7a), for an iomap mapping (whose
     * {@code is_partially_uptodate} is {@code iomap_is_partially_uptodate()}).
     *
     * <p>The lookup is a scheduling point; the walk then visits the entries that meet pages
     * {@code [start >> PAGE_SHIFT, (end - 1) >> PAGE_SHIFT]} in order: a gap before an entry is a
     * hole; a value entry or an uptodate folio is data as a whole; a folio that is not uptodate is
     * locked (a sleeping lock, so another scheduling point) and walked block by block
     * ({@link FolioBlockWalk}), unless it was truncated meanwhile, in which case the current
     * start is the answer for either whence. Answers are formed and clamped by {@link SeekRules}.
     * Cost: O(log n) to find the first entry, then O(1) per entry visited (plus the blocks of a
     * folio walked block by block, and an O(log n) restart after each such folio, as the kernel's
     * {@code xas_pause()}), never O(bytes or pages) of the range.
     *
     * @param task the model thread seeking
     * @param startByte first byte, {@code >= 0}
     * @param endByte exclusive limit
     * @param whence {@link AddressSpace#SEEK_DATA} or {@link AddressSpace#SEEK_HOLE}
     * @return the offset found, in {@code [startByte, endByte]}, or {@code -ENXIO}
     * @throws IllegalArgumentException naming the field for a negative start or an unknown whence
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   requires whence == AddressSpace.SEEK_DATA || whence == AddressSpace.SEEK_HOLE;
      @   ensures endByte <= startByte ==> \result == -AddressSpace.ENXIO;
      @   ensures \result == -AddressSpace.ENXIO || (startByte <= \result && \result <= endByte);
      @   ensures whence == AddressSpace.SEEK_HOLE && startByte < endByte ==> \result != -AddressSpace.ENXIO;
      @*/
    @MayReleaseLocks
    public long seekHoleData(TaskContext task, long startByte, long endByte, int whence) {
        if (startByte < 0) {
            throw new IllegalArgumentException("startByte must be >= 0, was " + startByte);
        }
        if (whence != AddressSpace.SEEK_DATA && whence != AddressSpace.SEEK_HOLE) {
            throw new IllegalArgumentException("whence must be SEEK_DATA (" + AddressSpace.SEEK_DATA
                    + ") or SEEK_HOLE (" + AddressSpace.SEEK_HOLE + "), was " + whence);
        }
        boolean seekData = whence == AddressSpace.SEEK_DATA;
        task.schedulingPoint("seek " + (seekData ? "data" : "hole") + " [" + startByte + ", " + endByte
                + ") of " + name);
        if (SeekRules.isEmptyRange(startByte, endByte)) {
            return SeekRules.NO_DATA;
        }
        long maxIndex = (endByte - 1) >> pageShift;
        long cursorIndex = startByte >> pageShift;
        long start = startByte;
        boolean found = false;
        Iterator<CacheEntry> it = iteratorFrom(cursorIndex);
        while (it.hasNext()) {
            CacheEntry entry = it.next();
            if (entry.index() > maxIndex) {
                break;
            }
            long posByte = Math.max(entry.index(), cursorIndex) << pageShift;
            if (SeekRules.holeBeforeEntry(start, posByte, seekData)) {
                found = true;
                break;
            }
            start = SeekRules.startAtEntry(start, posByte);
            long entryEndByte = entry.nextIndex() << pageShift;
            if (entry instanceof ShadowEntry || ((CachedFolio) entry).testUptodate()) {
                // folio_seek_hole_data(): a value entry or an uptodate folio is data as a whole.
                start = seekData ? start : entryEndByte;
            } else {
                start = seekInLockedFolio(task, (CachedFolio) entry, start, seekData);
                // The folio lock was a scheduling point: resume after the entry (xas_pause()).
                it = iteratorFrom(entry.nextIndex());
            }
            if (start < entryEndByte) {
                found = true;
                break;
            }
            if (start >= endByte) {
                break;
            }
            cursorIndex = entry.nextIndex();
        }
        return SeekRules.answer(found, start, endByte, seekData);
    }

    /**
     * The part of {@code folio_seek_hole_data()} after {@code rcu_read_unlock()}: lock the folio,
     * check it is still in the mapping, walk its blocks, unlock.
     */
    @MayReleaseLocks
    private long seekInLockedFolio(TaskContext task, CachedFolio folio, long startByte, boolean seekData) {
        folio.lock.lock(task, LockMode.EXCLUSIVE);
        long result;
        if (!folio.inMapping()) {
            // Truncated while this task slept on the lock: the kernel returns start unchanged.
            result = startByte;
        } else {
            result = FolioBlockWalk.seekInFolio(startByte, folio.pos(), blockOffsetByte[folio.order()],
                    folio.partiallyUptodateBits(noIfsBits[folio.order()]), seekData);
        }
        folio.lock.unlock(task);
        return result;
    }

    /** Entries in index order starting with the one covering {@code index} (if any). */
    private Iterator<CacheEntry> iteratorFrom(long index) {
        Map.Entry<Long, CacheEntry> floor = entries.floorEntry(index);
        long from = floor != null && floor.getValue().nextIndex() > index ? floor.getKey() : index;
        return entries.tailMap(from, true).values().iterator();
    }

    // ================================================================ folio creation

    /**
     * {@code __filemap_get_folio(mapping, index, FGP_WRITEBEGIN | fgf_set_order(len))} as
     * {@code iomap_get_folio()} calls it for a buffered write: the folio covering page
     * {@code index}, locked; created when absent, of the largest order not above
     * {@code order} at which page {@code index} is aligned, the order fits the geometry and no
     * folio lies in the way (the kernel lowers the order on {@code -EEXIST}); value entries in
     * its range are replaced. A concurrent insertion while this task slept on a lock makes it look
     * again ({@code goto repeat}).
     *
     * @throws IllegalArgumentException for a negative index or order, or a folio reaching
     *     {@link #MAX_BYTE}
     */
    /*@ public normal_behavior
      @   requires 0 <= index && 0 <= order;
      @   ensures \result.index() <= index && index < \result.nextIndex() && \result.inMapping();
      @   ensures \result.lock.isHeldExclusiveBy(task);
      @   ensures \result.order() <= geometry().maxFolioOrder();
      @*/
    @MayReleaseLocks
    public CachedFolio getFolioForWrite(TaskContext task, long index, int order) {
        return getOrCreateFolio(task, index, order);
    }

    @MayReleaseLocks
    private CachedFolio getOrCreateFolio(TaskContext task, long index, int order) {
        // A negative index is rejected by lockFolio's lookup.
        if (order < 0) {
            throw new IllegalArgumentException("order must be >= 0, was " + order);
        }
        while (true) {
            CachedFolio existing = lockFolio(task, index);
            if (existing != null) {
                return existing;
            }
            int createOrder = Math.min(order, geometry.maxFolioOrder());
            // Page 0 is aligned at every order: numberOfTrailingZeros(0) is 64, above any order.
            createOrder = Math.min(createOrder, Long.numberOfTrailingZeros(index));
            while (createOrder > 0 && overlapsFolio(index, index + (1L << createOrder))) {
                createOrder--;
            }
            CachedFolio folio = newFolio(index, createOrder);
            // __folio_set_locked() on the private new folio, then filemap_add_folio().
            folio.lock.lock(task, LockMode.EXCLUSIVE);
            if (overlapsFolio(index, folio.nextIndex())) {
                // Another task inserted a folio meanwhile: -EEXIST, look again.
                folio.lock.unlock(task);
                continue;
            }
            insert(folio);
            return folio;
        }
    }

    private CachedFolio newFolio(long index, int order) {
        // Callers bound order by maxFolioOrder; the constructor checks index and alignment.
        if (index + (1L << order) > (MAX_BYTE >> pageShift)) {
            throw new IllegalArgumentException("a folio at index " + index + " of order " + order
                    + " would end beyond MAX_BYTE = 2^62");
        }
        return new CachedFolio(index, order, pageShift, blkbits, name);
    }

    /** Whether a folio (not a value entry) meets pages {@code [fromIndex, toIndex)}. */
    private boolean overlapsFolio(long fromIndex, long toIndex) {
        for (CacheEntry e : entriesMeeting(fromIndex, toIndex)) {
            if (e instanceof CachedFolio) {
                return true;
            }
        }
        return false;
    }

    /** The entries meeting pages {@code [fromIndex, toIndex)}, in order. */
    private List<CacheEntry> entriesMeeting(long fromIndex, long toIndex) {
        List<CacheEntry> out = new ArrayList<>();
        Iterator<CacheEntry> it = iteratorFrom(fromIndex);
        while (it.hasNext()) {
            CacheEntry e = it.next();
            if (e.index() >= toIndex) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** {@code filemap_add_folio()}: puts the folio in, replacing value entries in its range. */
    private void insert(CacheEntry entry) {
        for (CacheEntry e : entriesMeeting(entry.index(), entry.nextIndex())) {
            if (e instanceof CachedFolio) {
                throw new IllegalStateException("entry " + entry + " overlaps " + e);
            }
            entries.remove(e.index());
        }
        entries.put(entry.index(), entry);
    }

    /**
     * {@code __iomap_write_begin(iter, pos, len, folio)} (v6.6+, without {@code IOMAP_UNSHARE}):
     * prepares a locked folio for a write of {@code [posByte, posByte + lengthByte)}. Nothing to
     * do for an uptodate folio or a write covering it whole; else the folio gets its ifs and each
     * run of blocks that are not uptodate and only partly covered by the write is read, or
     * zeroed outside the write where {@code iomap_block_needs_zeroing()} says so (the mapping is
     * not {@code IOMAP_MAPPED}, is {@code IOMAP_F_NEW}, or the block starts at or beyond EOF), and
     * marked uptodate.
     *
     * @param srcmap the source mapping of the write iteration
     * @param iSizeByte {@code i_size_read(inode)}
     * @param store where reads come from
     * @throws IllegalArgumentException if the range is empty or not inside the folio
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task) && folio.inMapping();
      @   requires folio.pos() <= posByte && 0 < lengthByte && posByte <= folio.endByte() - lengthByte;
      @   ensures \old(folio.testUptodate()) ==> folio.testUptodate();
      @   ensures folio.testDirty() == \old(folio.testDirty());
      @   ensures invariantViolation() == null;
      @*/
    public void writeBegin(TaskContext task, CachedFolio folio, long posByte, long lengthByte, Iomap srcmap,
            long iSizeByte, BackingStore store) {
        assertFolioLocked(task, folio);
        checkInFolio(folio, posByte, lengthByte);
        if (lengthByte == 0) {
            throw new IllegalArgumentException("lengthByte must be > 0, was 0");
        }
        if (folio.testUptodate()) {
            return;
        }
        long folioPos = folio.pos();
        if (posByte <= folioPos && posByte + lengthByte >= folio.endByte()) {
            return;
        }
        folio.ifsAlloc();
        long blockSize = 1L << blkbits;
        long blockStart = (posByte >> blkbits) << blkbits;
        long blockEnd = ((posByte + lengthByte + blockSize - 1) >> blkbits) << blkbits;
        long from = posByte - folioPos;
        long to = from + lengthByte;
        do {
            long[] adjusted = adjustReadRange(folio, blockStart, blockEnd - blockStart, iSizeByte);
            blockStart = adjusted[0];
            long poff = adjusted[1];
            long plen = adjusted[2];
            if (plen == 0) {
                break;
            }
            if ((from <= poff || from >= poff + plen) && (to <= poff || to >= poff + plen)) {
                // The write covers this run whole, or misses it: the copy fills it.
                blockStart += plen;
                continue;
            }
            boolean needsZeroing = srcmap.type() != Iomap.IOMAP_MAPPED || srcmap.hasFlag(Iomap.IOMAP_F_NEW)
                    || blockStart >= iSizeByte;
            if (needsZeroing) {
                // folio_zero_segments(folio, poff, from, to, poff + plen): [poff, from) and
                // [to, poff + plen), each empty when the write reaches past that end of the run.
                folio.zeroBytes(poff, Math.max(0, from - poff));
                folio.zeroBytes(to, Math.max(0, poff + plen - to));
            } else {
                folio.fillFrom(store, poff, plen);
            }
            folio.setRangeUptodate(poff, plen);
            blockStart += plen;
        } while (blockStart < blockEnd);
    }

    /**
     * {@code iomap_adjust_read_range(inode, folio, &pos, length, &poff, &plen)} (v6.6+): skips
     * leading uptodate blocks (moving {@code pos}), stops the run at the next uptodate block, and
     * splits a run that spans the block holding EOF so the blocks beyond EOF are handled
     * separately.
     *
     * @return {@code {pos, poff, plen}} after adjustment
     */
    private long[] adjustReadRange(CachedFolio folio, long posByte, long lengthByte, long iSizeByte) {
        long origPos = posByte;
        long pos = posByte;
        long poff = folio.offsetInFolio(pos);
        long plen = Math.min(folio.size() - poff, lengthByte);
        long origPlen = plen;
        long blockSize = 1L << blkbits;
        long first = poff >> blkbits;
        long last = (poff + plen - 1) >> blkbits;
        if (folio.hasBlockState()) {
            long i = first;
            for (; i <= last; i++) {
                if (!folio.testBlockUptodate((int) i)) {
                    break;
                }
                pos += blockSize;
                poff += blockSize;
                plen -= blockSize;
                first++;
            }
            for (; i <= last; i++) {
                if (folio.testBlockUptodate((int) i)) {
                    plen -= (last - i + 1) * blockSize;
                    last = i - 1;
                    break;
                }
            }
        }
        // The kernel tests orig_pos <= isize. Both callers pass a block-aligned pos, so at
        // orig_pos == isize the block of isize - 1 lies before the run's first block and nothing
        // is split; at isize == 0 offset_in_folio()
        // of -1 wraps to the folio's last block, again splitting nothing. The strict test gives
        // the same runs without asking offsetInFolio about a negative offset (an empty file's
        // first partial write used to fail here).
        if (origPos < iSizeByte && origPos + origPlen > iSizeByte) {
            long end = folio.offsetInFolio(iSizeByte - 1) >> blkbits;
            if (first <= end && last > end) {
                plen -= (last - end) * blockSize;
            }
        }
        return new long[] {pos, poff, plen};
    }

    /**
     * {@code copy_folio_from_iter_atomic(folio, offset, bytes, iter)}: copies the
     * {@code copiedByte} bytes a short or full copy got from user memory into the locked folio at
     * {@code posByte}. The bytes land even if {@link #writeEnd} then rejects the write, as in the
     * kernel.
     *
     * @throws IllegalArgumentException if the range is not inside the folio or {@code src}
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task) && folio.inMapping();
      @   requires folio.pos() <= posByte && 0 <= copiedByte && posByte <= folio.endByte() - copiedByte;
      @   requires 0 <= srcOffset && copiedByte <= src.length - srcOffset;
      @   ensures folio.testUptodate() == \old(folio.testUptodate()) && folio.testDirty() == \old(folio.testDirty());
      @*/
    public void copyFromUser(TaskContext task, CachedFolio folio, long posByte, byte[] src, int srcOffset,
            int copiedByte) {
        assertFolioLocked(task, folio);
        checkInFolio(folio, posByte, copiedByte);
        if (srcOffset < 0 || copiedByte > src.length - srcOffset) {
            throw new IllegalArgumentException("src[" + srcOffset + ", +" + copiedByte + ") is outside src of length "
                    + src.length);
        }
        folio.writeBytes(posByte - folio.pos(), src, srcOffset, copiedByte);
    }

    /**
     * {@code __iomap_write_end(inode, pos, len, copied, folio)} (v6.6+): a short copy into a folio
     * that is not uptodate is treated as a zero-length write (returns false, nothing marked);
     * else {@code [pos, pos + len)} is marked uptodate, {@code [pos, pos + copied)} dirty in the
     * ifs, and the folio dirty ({@code filemap_dirty_folio()}).
     *
     * @return whether the copied bytes count as written
     * @throws IllegalArgumentException if {@code copiedByte} is outside {@code [0, lengthByte]} or
     *     the range is not inside the folio
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task) && folio.inMapping();
      @   requires folio.pos() <= posByte && 0 < lengthByte && posByte <= folio.endByte() - lengthByte;
      @   requires 0 <= copiedByte && copiedByte <= lengthByte;
      @   ensures \result <==> (copiedByte == lengthByte || \old(folio.testUptodate()));
      @   ensures \result ==> folio.testDirty();
      @   ensures !\result ==> folio.testDirty() == \old(folio.testDirty());
      @   ensures invariantViolation() == null;
      @*/
    public boolean writeEnd(TaskContext task, CachedFolio folio, long posByte, long lengthByte, long copiedByte) {
        assertFolioLocked(task, folio);
        checkInFolio(folio, posByte, lengthByte);
        if (copiedByte < 0 || copiedByte > lengthByte) {
            throw new IllegalArgumentException("copiedByte must be in [0, lengthByte = " + lengthByte + "], was "
                    + copiedByte);
        }
        if (lengthByte == 0) {
            throw new IllegalArgumentException("lengthByte must be > 0, was 0");
        }
        if (copiedByte < lengthByte && !folio.testUptodate()) {
            return false;
        }
        long off = posByte - folio.pos();
        folio.setRangeUptodate(off, lengthByte);
        folio.setRangeDirty(off, copiedByte);
        folio.markDirtyFlag();
        return true;
    }

    /**
     * A read of page {@code index} through the page cache ({@code filemap_read()} /
     * {@code filemap_fault()}; the folio is created by {@code page_cache_ra_unbounded()} or
     * {@code filemap_create_folio()}): takes the invalidate_lock shared as those do, creates the
     * folio if absent (order as {@link #getFolioForWrite}), and makes it uptodate: every block
     * that is not uptodate is read from {@code store} ({@code iomap_read_folio_iter()}, which
     * gives a folio of more than one block its ifs).
     *
     * @return the folio, unlocked, uptodate
     */
    /*@ public normal_behavior
      @   requires 0 <= index && 0 <= order;
      @   ensures \result.index() <= index && index < \result.nextIndex();
      @   ensures \result.testUptodate() && !\result.lock.isHeldBy(task);
      @   ensures !invalidateLock.isHeldBy(task);
      @*/
    @MayReleaseLocks
    public CachedFolio readFolio(TaskContext task, long index, int order, BackingStore store) {
        CachedFolio folio;
        invalidateLock.lock(task, LockMode.SHARED);
        folio = getOrCreateFolio(task, index, order);
        assertFolioLocked(task, folio);
        fillNotUptodate(folio, store);
        folio.lock.unlock(task);
        invalidateLock.unlock(task);
        return folio;
    }

    /** {@code iomap_read_folio_iter()}: reads every run of blocks that is not uptodate. */
    @Holding("#1.lock")
    private void fillNotUptodate(CachedFolio folio, BackingStore store) {
        if (folio.testUptodate()) {
            return;
        }
        folio.ifsAlloc();
        long pos = folio.pos();
        long end = folio.endByte();
        while (pos < end) {
            // No EOF split here: the store already answers zeros beyond EOF.
            long[] adjusted = adjustReadRange(folio, pos, end - pos, Long.MAX_VALUE);
            pos = adjusted[0];
            long poff = adjusted[1];
            long plen = adjusted[2];
            if (plen == 0) {
                break;
            }
            folio.fillFrom(store, poff, plen);
            folio.setRangeUptodate(poff, plen);
            pos += plen;
        }
    }

    // ================================================================ dirtying and writeback

    /**
     * {@code iomap_dirty_folio()} as {@code folio_mark_dirty()} calls it from
     * {@code iomap_page_mkwrite()} (v6.6+): the whole locked, uptodate folio becomes dirty, every
     * block of it in the ifs (allocated if needed).
     *
     * @throws IllegalStateException if the folio is not uptodate (a mapped folio always is)
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task) && folio.inMapping() && folio.testUptodate();
      @   ensures folio.testDirty();
      @   ensures folio.hasBlockState() ==> (\forall int b; 0 <= b && b < folio.nrBlocks(); folio.testBlockDirty(b));
      @*/
    public void dirtyFolio(TaskContext task, CachedFolio folio) {
        assertFolioLocked(task, folio);
        if (!folio.testUptodate()) {
            throw new IllegalStateException("folio " + folio.index() + " is not uptodate: a page fault maps only"
                    + " uptodate folios");
        }
        folio.dirtyWholeFolio();
    }

    /**
     * A store through a shared writable mapping: the bytes change in place, without any lock
     * (after {@link #dirtyFolio} made the page writable; writeback makes it read-only again, so a
     * store needs every block it touches dirty).
     *
     * @throws IllegalStateException naming the byte when a touched block has no folio or is not
     *     dirty (the store would fault first)
     */
    /*@ public normal_behavior
      @   requires 0 <= posByte && posByte <= MAX_BYTE - src.length;
      @   requires (\forall long p; posByte <= p && p < posByte + src.length; blockDirtyAt(p));
      @*/
    public void storeBytes(TaskContext task, long posByte, byte[] src) {
        if (posByte < 0 || posByte > MAX_BYTE - src.length) {
            throw new IllegalArgumentException("posByte must be in [0, 2^62 - length], was " + posByte);
        }
        task.schedulingPoint("store [" + posByte + ", " + (posByte + src.length) + ") of " + name);
        for (long p = posByte; p < posByte + src.length; p++) {
            if (!blockDirtyAt(p)) {
                throw new IllegalStateException("store at byte " + p + " of " + name
                        + " hits no dirty folio block: the page fault (dirtyFolio) must come first");
            }
        }
        long p = posByte;
        int done = 0;
        while (done < src.length) {
            CachedFolio folio = folioAt(p >> pageShift);
            if (folio == null) {
                throw new IllegalStateException("no folio at byte " + p);
            }
            int n = (int) Math.min(src.length - done, folio.endByte() - p);
            folio.writeBytes(p - folio.pos(), src, done, n);
            done += n;
            p += n;
        }
    }

    /**
     * Starts writeback of a locked dirty folio as {@code iomap_writepage_map()} does (v6.6+):
     * {@code folio_clear_dirty_for_io()}, every ifs dirty bit cleared, {@code folio_start_writeback()}.
     *
     * @return the file byte ranges to write: the runs of dirty blocks, or the whole folio without
     *     ifs (the caller trims them at EOF and reads the bytes with {@link CachedFolio#readBytes})
     * @throws IllegalStateException if the folio is clean or already under writeback
     */
    /*@ public normal_behavior
      @   requires folio.lock.isHeldBy(task) && folio.inMapping();
      @   requires folio.testDirty() && !folio.testWriteback();
      @   ensures !folio.testDirty() && folio.testWriteback() && !\result.isEmpty();
      @   ensures folio.hasBlockState() ==> (\forall int b; 0 <= b && b < folio.nrBlocks(); !folio.testBlockDirty(b));
      @*/
    public List<ByteRange> writebackStart(TaskContext task, CachedFolio folio) {
        assertFolioLocked(task, folio);
        if (!folio.testDirty()) {
            throw new IllegalStateException("folio " + folio.index() + " is clean: nothing to write back");
        }
        if (folio.testWriteback()) {
            throw new IllegalStateException("folio " + folio.index() + " is already under writeback");
        }
        List<ByteRange> out = new ArrayList<>();
        for (long[] r : folio.startWriteback()) {
            out.add(new ByteRange(folio.pos() + r[0], folio.pos() + r[1]));
        }
        return out;
    }

    /**
     * {@code folio_end_writeback(folio)}, from I/O completion (no folio lock needed); a scheduling
     * point, since completion runs in another context.
     *
     * @throws IllegalStateException if the folio is not under writeback
     */
    /*@ public normal_behavior
      @   requires folio.testWriteback();
      @   ensures !folio.testWriteback();
      @*/
    public void writebackEnd(TaskContext task, CachedFolio folio) {
        task.schedulingPoint("end writeback of folio " + folio.index() + " of " + name);
        if (!folio.testWriteback()) {
            throw new IllegalStateException("folio " + folio.index() + " is not under writeback");
        }
        folio.endWriteback();
    }

    // ================================================================ truncation and invalidation

    /**
     * {@code truncate_pagecache_range(inode, startByte, endByte - 1)} (mm/truncate.c through
     * {@code truncate_inode_pages_range()}): removes every entry within the whole pages of the
     * range (value entries meeting them, folios lying inside them, dirty or not, after waiting for
     * writeback), and zeroes the range inside the folios at either edge
     * ({@code truncate_inode_partial_folio()}, which removes such a folio when the range covers
     * it whole). Each folio is locked while it is handled.
     *
     * @throws IllegalArgumentException unless {@code 0 <= startByte < endByte <= 2^62}
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte && endByte <= MAX_BYTE;
      @   ensures invariantViolation() == null;
      @*/
    @MayReleaseLocks
    public void truncatePagecacheRange(TaskContext task, long startByte, long endByte) {
        if (startByte < 0 || endByte <= startByte || endByte > MAX_BYTE) {
            throw new IllegalArgumentException("[startByte " + startByte + ", endByte " + endByte
                    + ") must satisfy 0 <= startByte < endByte <= 2^62");
        }
        truncateInodePagesRange(task, startByte, endByte);
    }

    /**
     * {@code truncate_pagecache(inode, newsize)} as {@code truncate_setsize()} calls it: removes
     * everything from {@code newSizeByte} on and zeroes the rest of the folio holding it.
     */
    /*@ public normal_behavior
      @   requires 0 <= newSizeByte && newSizeByte <= MAX_BYTE;
      @   ensures invariantViolation() == null;
      @*/
    @MayReleaseLocks
    public void truncatePagecache(TaskContext task, long newSizeByte) {
        if (newSizeByte < 0 || newSizeByte > MAX_BYTE) {
            throw new IllegalArgumentException("newSizeByte must be in [0, 2^62], was " + newSizeByte);
        }
        // At newSizeByte == MAX_BYTE the range is empty and nothing is found.
        truncateInodePagesRange(task, newSizeByte, MAX_BYTE);
    }

    @MayReleaseLocks
    private void truncateInodePagesRange(TaskContext task, long startByte, long endByte) {
        long pageSize = 1L << pageShift;
        long firstWhole = (startByte + pageSize - 1) >> pageShift;
        long endWhole = endByte >> pageShift;
        removeWholeEntries(task, firstWhole, endWhole);
        CachedFolio head = lockFolio(task, startByte >> pageShift);
        long headEnd = -1;
        if (head != null) {
            headEnd = head.endByte();
            truncatePartialFolio(task, head, startByte, endByte);
        }
        if (endByte <= headEnd) {
            // The kernel's same_folio: one folio holds both ends.
            return;
        }
        // With endByte == MAX_BYTE (truncation to a size) a folio on the last page lies wholly
        // inside the range and is gone already, so the lookup finds nothing.
        CachedFolio tail = lockFolio(task, (endByte - 1) >> pageShift);
        if (tail != null) {
            truncatePartialFolio(task, tail, startByte, endByte);
        }
        // Second pass: folios that appeared inside while this task slept.
        removeWholeEntries(task, firstWhole, endWhole);
    }

    /** Removes value entries meeting pages {@code [fromIndex, toIndex)} and folios inside them. */
    @MayReleaseLocks
    private void removeWholeEntries(TaskContext task, long fromIndex, long toIndex) {
        if (fromIndex >= toIndex) {
            return;
        }
        for (CacheEntry e : entriesMeeting(fromIndex, toIndex)) {
            if (e instanceof ShadowEntry) {
                removeShadow((ShadowEntry) e);
                continue;
            }
            CachedFolio folio = (CachedFolio) e;
            if (folio.index() < fromIndex || folio.nextIndex() > toIndex) {
                continue;
            }
            folio.lock.lock(task, LockMode.EXCLUSIVE);
            if (folio.inMapping()) {
                waitWriteback(task, folio);
                removeFolio(folio);
            }
            folio.lock.unlock(task);
        }
    }

    /**
     * {@code truncate_inode_partial_folio(folio, lstart, lend)} on a locked folio, then unlocks it:
     * removes it if the range covers it whole, else zeroes the part inside the range (no split).
     */
    @MayReleaseLocks
    private void truncatePartialFolio(TaskContext task, CachedFolio folio, long startByte, long endByte) {
        assertFolioLocked(task, folio);
        long pos = folio.pos();
        long offset = Math.max(startByte - pos, 0);
        long length = Math.min(endByte, folio.endByte()) - pos - offset;
        waitWriteback(task, folio);
        // length > 0: the folio holds startByte (the head) or endByte - 1 (the tail).
        if (length == folio.size()) {
            removeFolio(folio);
        } else {
            folio.zeroBytes(offset, length);
        }
        folio.lock.unlock(task);
    }

    /**
     * {@code truncate_inode_folio()} / {@code remove_mapping()} on a locked folio:
     * {@code folio_invalidate()} of the whole folio (cancels dirty, frees the ifs), then out of
     * the xarray with {@code folio->mapping} cleared.
     */
    /**
     * Removes a value entry if it is still filed under its index: another task may have replaced
     * it with a folio while this one slept on a folio lock earlier in the walk.
     */
    private void removeShadow(ShadowEntry shadow) {
        entries.remove(shadow.index(), shadow);
    }

    @Holding("#1.lock")
    private void removeFolio(CachedFolio folio) {
        folio.invalidateWhole();
        folio.removeFromMapping();
        entries.remove(folio.index());
    }

    /**
     * {@code invalidate_inode_pages2_range(mapping, startIndex, endIndex)} as
     * {@code kiocb_invalidate_post_direct_write()} calls it after a direct write (no
     * invalidate_lock, no i_rwsem needed): every value entry meeting pages
     * {@code [startIndex, endIndex]} is removed; every folio meeting them is locked, waited on for
     * writeback and removed if clean; a dirty folio stays ({@code -EBUSY}: iomap refuses to
     * release it).
     *
     * @return 0, or {@code -EBUSY} if a dirty folio stayed
     * @throws IllegalArgumentException unless {@code 0 <= startIndex <= endIndex}
     */
    /*@ public normal_behavior
      @   requires 0 <= startIndex && startIndex <= endIndex;
      @   ensures \result == 0 || \result == -16;
      @*/
    @MayReleaseLocks
    public int invalidateInodePages2Range(TaskContext task, long startIndex, long endIndex) {
        checkIndex("startIndex", startIndex);
        if (endIndex < startIndex) {
            throw new IllegalArgumentException("endIndex " + endIndex + " < startIndex " + startIndex);
        }
        task.schedulingPoint("invalidate pages [" + startIndex + ", " + endIndex + "] of " + name);
        int ret = 0;
        long toIndex = endIndex == Long.MAX_VALUE ? Long.MAX_VALUE : endIndex + 1;
        for (CacheEntry e : entriesMeeting(startIndex, toIndex)) {
            if (e instanceof ShadowEntry) {
                removeShadow((ShadowEntry) e);
                continue;
            }
            CachedFolio folio = (CachedFolio) e;
            folio.lock.lock(task, LockMode.EXCLUSIVE);
            if (folio.inMapping()) {
                waitWriteback(task, folio);
                if (folio.testDirty()) {
                    ret = -16;
                } else {
                    removeFolio(folio);
                }
            }
            folio.lock.unlock(task);
        }
        return ret;
    }

    /**
     * {@code invalidate_mapping_pages(mapping, 0, -1)} as {@code drop_caches} calls it
     * ({@code mapping_try_invalidate()}): value entries are removed; each folio that can be locked
     * without waiting and is clean and not under writeback is removed; others stay. Takes no
     * invalidate_lock, which is the race the newest release walk's {@code data_end == start_byte}
     * re-seek tolerates.
     *
     * @return how many folios were removed
     */
    //@ public normal_behavior ensures 0 <= \result && \result <= \old(entryCount());
    @MayReleaseLocks
    public int dropCaches(TaskContext task) {
        task.schedulingPoint("drop_caches " + name);
        int removed = 0;
        for (CacheEntry e : entriesMeeting(0, Long.MAX_VALUE)) {
            if (e instanceof ShadowEntry) {
                removeShadow((ShadowEntry) e);
                continue;
            }
            CachedFolio folio = (CachedFolio) e;
            if (!folio.lock.tryLock(task, LockMode.EXCLUSIVE)) {
                continue;
            }
            if (folio.inMapping() && !folio.testDirty() && !folio.testWriteback()) {
                removeFolio(folio);
                removed++;
            }
            folio.lock.unlock(task);
        }
        return removed;
    }

    /**
     * Reclaim of one folio ({@code shrink_folio_list()} to {@code __remove_mapping()} with
     * {@code reclaimed}): if it can be locked without waiting and is clean and not under
     * writeback, it is replaced by a value (shadow) entry of its order.
     *
     * @return whether it was evicted
     */
    /*@ public normal_behavior
      @   ensures \result ==> entryAt(index) instanceof ShadowEntry;
      @*/
    @MayReleaseLocks
    public boolean evictFolio(TaskContext task, long index) {
        task.schedulingPoint("reclaim folio " + index + " of " + name);
        CachedFolio folio = folioAt(index);
        if (folio == null || !folio.lock.tryLock(task, LockMode.EXCLUSIVE)) {
            return false;
        }
        boolean evicted = false;
        if (folio.inMapping() && !folio.testDirty() && !folio.testWriteback()) {
            removeFolio(folio);
            entries.put(folio.index(), new ShadowEntry(folio.index(), folio.order()));
            evicted = true;
        }
        folio.lock.unlock(task);
        return evicted;
    }

    // ================================================================ scenario set-up

    /**
     * Puts a folio in a given state, as earlier operations could have left it: for scenarios'
     * initial states and tests. No locks are taken and no scheduling point is passed.
     *
     * @param blockUptodate per-block uptodate bits of its ifs, or null for no ifs
     * @param blockDirty per-block dirty bits of its ifs, or null for no ifs
     * @param bytes its contents (folio-sized), or null for zeros
     * @throws IllegalArgumentException if the folio is misplaced, overlaps a folio, or the state
     *     breaks {@link CachedFolio}'s invariant (a state the kernel cannot reach)
     */
    /*@ public normal_behavior
      @   requires 0 <= index && 0 <= order && order <= geometry().maxFolioOrder();
      @   ensures \result.index() == index && \result.order() == order && folioAt(index) == \result;
      @   ensures \result.testUptodate() == uptodate && \result.testDirty() == dirty;
      @   ensures invariantViolation() == null;
      @*/
    public CachedFolio installFolio(long index, int order, boolean uptodate, boolean dirty,
            boolean @Nullable [] blockUptodate, boolean @Nullable [] blockDirty, byte @Nullable [] bytes) {
        if (order > geometry.maxFolioOrder()) {
            throw new IllegalArgumentException("order must be <= maxFolioOrder " + geometry.maxFolioOrder()
                    + ", was " + order);
        }
        CachedFolio folio = newFolio(index, order);
        if (overlapsFolio(index, folio.nextIndex())) {
            throw new IllegalArgumentException("a folio at index " + index + " of order " + order
                    + " overlaps an existing folio");
        }
        folio.install(uptodate, dirty, blockUptodate, blockDirty, bytes);
        String bad = folio.invariantViolation();
        if (bad != null) {
            throw new IllegalArgumentException("unreachable folio state: " + bad);
        }
        insert(folio);
        return folio;
    }

    /**
     * Puts a value (shadow) entry over pages {@code [index, index + 2^order)}, replacing value
     * entries there: for scenarios' initial states and tests.
     *
     * @throws IllegalArgumentException if misplaced or overlapping a folio
     */
    /*@ public normal_behavior
      @   requires 0 <= index && 0 <= order && order <= geometry().maxFolioOrder();
      @   ensures entryAt(index) == \result && \result.order() == order;
      @*/
    public ShadowEntry installShadow(long index, int order) {
        if (order > geometry.maxFolioOrder()) {
            throw new IllegalArgumentException("order must be <= maxFolioOrder " + geometry.maxFolioOrder()
                    + ", was " + order);
        }
        ShadowEntry shadow = new ShadowEntry(index, order);
        if (index + (1L << order) > (MAX_BYTE >> pageShift)) {
            throw new IllegalArgumentException("a value entry at index " + index + " of order " + order
                    + " would end beyond MAX_BYTE = 2^62");
        }
        if (overlapsFolio(index, shadow.nextIndex())) {
            throw new IllegalArgumentException("a value entry at index " + index + " of order " + order
                    + " overlaps a folio");
        }
        insert(shadow);
        return shadow;
    }

    // ================================================================ specification queries

    /**
     * Whether {@link #seekHoleData} counts byte {@code posByte} as data: it lies in a value entry,
     * an uptodate folio, or an uptodate block of a folio's ifs.
     */
    //@ public normal_behavior requires 0 <= posByte;
    public /*@ pure @*/ boolean dataAt(long posByte) {
        checkPos(posByte);
        CacheEntry e = entryAt(posByte >> pageShift);
        if (e == null) {
            return false;
        }
        if (e instanceof ShadowEntry) {
            return true;
        }
        CachedFolio folio = (CachedFolio) e;
        return folio.dataAtOffset(posByte - folio.pos());
    }

    /** Whether a folio covers byte {@code posByte} and is marked dirty. */
    //@ public normal_behavior requires 0 <= posByte; ensures \result ==> folioAt(posByte >> pageShift()) != null;
    public /*@ pure @*/ boolean folioDirtyAt(long posByte) {
        checkPos(posByte);
        CachedFolio folio = folioAt(posByte >> pageShift);
        return folio != null && folio.testDirty();
    }

    /** Whether the block holding {@code posByte} is dirty: its ifs bit, else the folio's flag. */
    //@ public normal_behavior requires 0 <= posByte; ensures \result ==> folioDirtyAt(posByte);
    public /*@ pure @*/ boolean blockDirtyAt(long posByte) {
        checkPos(posByte);
        CachedFolio folio = folioAt(posByte >> pageShift);
        return folio != null && folio.blockDirtyAtOffset(posByte - folio.pos());
    }

    private static void checkPos(long posByte) {
        if (posByte < 0) {
            throw new IllegalArgumentException("posByte must be >= 0, was " + posByte);
        }
    }

    private static void checkIndex(String field, long index) {
        if (index < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + index);
        }
    }

    private static void checkInFolio(CachedFolio folio, long posByte, long lengthByte) {
        if (lengthByte < 0 || posByte < folio.pos() || posByte > folio.endByte() - lengthByte) {
            throw new IllegalArgumentException("[posByte " + posByte + ", + lengthByte " + lengthByte
                    + ") is not inside folio " + folio.index() + " [" + folio.pos() + ", " + folio.endByte() + ")");
        }
    }

    // ================================================================ invariant and value

    /**
     * The class invariant (see the implementation overview) and every folio's.
     *
     * @return null if it holds, else which clause fails
     */
    public /*@ pure @*/ @Nullable String invariantViolation() {
        long prevNext = 0;
        for (Map.Entry<Long, CacheEntry> e : entries.entrySet()) {
            CacheEntry entry = e.getValue();
            if (e.getKey() != entry.index()) {
                return "entry " + entry + " filed under index " + e.getKey();
            }
            if (entry.order() > geometry.maxFolioOrder()) {
                return "entry " + entry + " above maxFolioOrder " + geometry.maxFolioOrder();
            }
            if (entry.index() < prevNext) {
                return "entry " + entry + " overlaps the entry before it";
            }
            if (entry.nextIndex() > (MAX_BYTE >> pageShift)) {
                return "entry " + entry + " ends beyond 2^62";
            }
            prevNext = entry.nextIndex();
            if (entry instanceof CachedFolio) {
                CachedFolio folio = (CachedFolio) entry;
                if (!folio.inMapping()) {
                    return "folio " + folio.index() + " in the xarray but not in the mapping";
                }
                String bad = folio.invariantViolation();
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    /**
     * Throws if the invariant does not hold; tests call it after every operation.
     *
     * @throws IllegalStateException naming the broken clause
     */
    //@ public normal_behavior requires invariantViolation() == null;
    public /*@ pure @*/ void checkInvariants() {
        String bad = invariantViolation();
        if (bad != null) {
            throw new IllegalStateException("page cache " + name + ": " + bad);
        }
    }

    /**
     * Value equality: name, geometry, entries (deeply) and the invalidate_lock's holders. The name
     * is compared through the invalidate_lock, whose name is "{@code <name> invalidate_lock}" (a
     * separate comparison could never decide the outcome).
     */
    @Override
    public boolean equals(@GuardSatisfied PageCache this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof PageCache)) {
            return false;
        }
        PageCache that = (PageCache) other;
        return geometry.equals(that.geometry) && entries.equals(that.entries)
                && invalidateLock.equals(that.invalidateLock);
    }

    @Override
    public int hashCode(@GuardSatisfied PageCache this) {
        return Objects.hash(geometry, entries, invalidateLock);
    }

    @Override
    public String toString(@GuardSatisfied PageCache this) {
        return "pagecache " + name + " " + entries.values() + " " + invalidateLock;
    }
}
