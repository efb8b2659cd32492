package dev.punchspec.api.mapping;

import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;

/**
 * A folio of the page cache, locked by the thread holding this handle.
 *
 * <p>Mirrors {@code folio_pos()}, {@code folio_size()}, {@code folio_next_index()},
 * {@code folio_test_dirty()}, the per-block dirty bitmap of {@code struct iomap_folio_state}
 * ("ifs", v6.6+) and {@code folio_unlock()}. A folio is naturally aligned: its position is a
 * multiple of its size, and its size is a page times a power of two.
 *
 * <p>The values are those of the folio while it is locked; a handle must not be used after
 * {@link #unlock()}.
 */
public interface Folio {

    /** {@code folio->index}: the page index of the first page. */
    //@ ensures \result >= 0;
    /*@ pure @*/ long index();

    /** {@code folio_next_index(folio)}: the page index just past the folio. */
    //@ ensures \result > index();
    /*@ pure @*/ long nextIndex();

    /** {@code folio_pos(folio)}: the byte offset of the folio in the file. */
    //@ ensures \result >= 0;
    /*@ pure @*/ long pos();

    /** {@code folio_size(folio)}: the folio's size in bytes, a power of two. */
    //@ ensures \result > 0;
    /*@ pure @*/ long size();

    /** {@code folio_test_dirty(folio)}. */
    /*@ pure @*/ boolean testDirty();

    /**
     * Whether the folio has per-block state ({@code folio->private} points to an
     * {@code iomap_folio_state}). The kernel allocates it only for folios holding more than one
     * block, and not for a folio written whole.
     */
    /*@ pure @*/ boolean hasBlockState();

    /**
     * {@code ifs_block_is_dirty(folio, ifs, block)} (v6.6+): the dirty bit of block {@code block}
     * of this folio. Meaningful only where {@link #hasBlockState()}.
     */
    //@ requires hasBlockState() && 0 <= block;
    /*@ pure @*/ boolean testBlockDirty(int block);

    /** {@code folio_unlock(folio)} followed by {@code folio_put(folio)}. */
    @Releases(LockRank.FOLIO_LOCK)
    void unlock();
}
