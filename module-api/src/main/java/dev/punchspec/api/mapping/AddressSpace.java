package dev.punchspec.api.mapping;

import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The page cache of one file ({@code struct address_space}) as the punch algorithm sees it: the
 * hole/data seek, folio lookup with locking, and the {@code invalidate_lock}.
 *
 * <p>Kernel functions mirrored (all generations unless noted): {@code mapping_seek_hole_data()}
 * (mm/filemap.c, with the 64-bit block mask of f505e6c91e7a), {@code filemap_lock_folio()},
 * {@code truncate_pagecache_range()} (the pre-seed generation only),
 * {@code filemap_invalidate_lock()} / {@code filemap_invalidate_unlock()} and
 * {@code lockdep_assert_held_write(&mapping->invalidate_lock)}.
 *
 * <p>Both the seek and the folio lookup are lock-free (RCU) lookups in the kernel, so a model
 * implementation makes each of them a scheduling point: another thread may run between two seeks.
 * Each call itself is atomic in the model.
 *
 * <p>The pure queries at the end ({@link #dataAt}, {@link #folioDirtyAt}, {@link #blockDirtyAt})
 * are specification queries: the kernel has no such functions. They state, byte by byte, what the
 * contracts of the seek and of the punch algorithm mean, and tests and the explorer evaluate them
 * at run time.
 */
public interface AddressSpace {

    /** {@code SEEK_DATA} (include/uapi/linux/fs.h). */
    int SEEK_DATA = 3;
    /** {@code SEEK_HOLE} (include/uapi/linux/fs.h). */
    int SEEK_HOLE = 4;
    /** {@code ENXIO}; {@link #seekHoleData} returns {@code -ENXIO}. */
    long ENXIO = 6;

    /** {@code PAGE_SHIFT} of this model instance: a page is {@code 1 << pageShift()} bytes. */
    //@ ensures 0 <= \result && \result < 31;
    /*@ pure @*/ int pageShift();

    /**
     * {@code mapping_seek_hole_data(mapping, start, end, whence)}: the first byte at or after
     * {@code startByte} that is data ({@code SEEK_DATA}) or a hole ({@code SEEK_HOLE}), looking no
     * further than {@code endByte}.
     *
     * <p>"Data" means an uptodate byte of a folio, or a byte under a value (shadow) entry; dirtiness
     * is never consulted, and the file size is never read (post-EOF folios are data too). Results
     * greater than {@code endByte} are clamped to {@code endByte}; there is an implicit hole at
     * {@code endByte}, so {@code SEEK_HOLE} returns {@code endByte} when everything between is data.
     * {@code SEEK_DATA} without data returns {@code -ENXIO}, and so does either whence when
     * {@code endByte <= startByte}. A folio truncated during the walk makes the call return
     * {@code startByte} as found so far (the caller cannot tell this from an answer).
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   requires whence == SEEK_DATA || whence == SEEK_HOLE;
      @   ensures endByte <= startByte ==> \result == -ENXIO;
      @   ensures \result == -ENXIO || (startByte <= \result && \result <= endByte);
      @   ensures whence == SEEK_HOLE && startByte < endByte ==> \result != -ENXIO;
      @   assignable \nothing;
      @*/
    long seekHoleData(long startByte, long endByte, int whence);

    /**
     * {@code filemap_lock_folio(mapping, index)}: the folio caching page {@code index}, locked, or
     * {@code null} where the kernel returns {@code ERR_PTR(-ENOENT)} (no folio there; a value
     * entry is not a folio). Sleeps while another thread holds the folio lock.
     */
    /*@ public normal_behavior
      @   requires 0 <= index;
      @   ensures \result != null ==> \result.index() <= index && index < \result.nextIndex();
      @*/
    @Acquires(LockRank.FOLIO_LOCK)
    @Nullable Folio lockFolio(long index);

    /**
     * {@code truncate_pagecache_range(inode, startByte, endByte - 1)}: removes the cached data of
     * {@code [startByte, endByte)}, dirty or not: whole folios inside the range are removed, and the
     * partial folios at either edge are zeroed over the range ({@code truncate_inode_partial_folio()}).
     * Only the pre-seed generation calls it; the kernel takes an inclusive end, converted here.
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte;
      @*/
    void truncatePagecacheRange(long startByte, long endByte);

    /** {@code filemap_invalidate_lock(mapping)}: takes the invalidate_lock exclusively. */
    @Acquires(LockRank.INVALIDATE_LOCK)
    void invalidateLock();

    /** {@code filemap_invalidate_unlock(mapping)}: releases the exclusive invalidate_lock. */
    @Releases(LockRank.INVALIDATE_LOCK)
    void invalidateUnlock();

    /**
     * {@code lockdep_assert_held_write(&mapping->invalidate_lock)}: whether the calling thread
     * holds the invalidate_lock exclusively. The newest generation asserts this on entry.
     */
    /*@ pure @*/ boolean invalidateLockHeldWrite();

    /**
     * Specification query: whether {@link #seekHoleData} counts byte {@code pos} as data (an
     * uptodate block of a folio, or a value entry).
     */
    //@ requires 0 <= pos;
    /*@ pure @*/ boolean dataAt(long pos);

    /** Specification query: whether a folio covers byte {@code pos} and is marked dirty. */
    //@ requires 0 <= pos;
    /*@ pure @*/ boolean folioDirtyAt(long pos);

    /**
     * Specification query: whether the block holding byte {@code pos} is dirty: its per-block
     * dirty bit where the folio has per-block state, else the folio's dirty flag.
     */
    //@ requires 0 <= pos;
    //@ ensures \result ==> folioDirtyAt(pos);
    /*@ pure @*/ boolean blockDirtyAt(long pos);
}
