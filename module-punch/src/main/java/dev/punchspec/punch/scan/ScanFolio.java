package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;

/**
 * A locked folio as {@code iomap_write_delalloc_scan()} (v6.1.y seed) uses it: its dirty flag, the
 * byte just past it, and {@code folio_unlock()} + {@code folio_put()}.
 *
 * <p>The ghost fields are the folio's state while it is locked ("the values are those of the folio
 * while it is locked"); {@link ScanMapping#lockFolio} relates them to the mapping's dirty folios.
 * Locks are not part of this specification state (the lock-order checker and the run-time lock
 * model check them), so {@link #unlock()} assigns nothing a proof sees.
 */
public interface ScanFolio {

    //@ public instance ghost boolean dirty;
    //@ public instance ghost long nextPosByte;

    /** {@code folio_test_dirty(folio)}. */
    /*@ public normal_behavior
      @   ensures \result == dirty;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ boolean testDirty();

    /**
     * {@code folio_next_index(folio) << PAGE_SHIFT}, the 6.1.y expression: the byte just past the
     * folio. The shift is the implementation's (KeY leaves shifts by a variable amount open), and
     * it is also where the {@code index32} variant computes it in 32 bits.
     */
    /*@ public normal_behavior
      @   ensures \result == nextPosByte;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long nextIndexPos();

    /** {@code folio_unlock(folio); folio_put(folio);}: the handle must not be used afterwards. */
    /*@ public normal_behavior
      @   assignable \nothing;
      @*/
    /*@ helper @*/
    @Releases(LockRank.FOLIO_LOCK)
    void unlock();
}
