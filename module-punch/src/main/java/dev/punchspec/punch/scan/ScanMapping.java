package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The page cache ({@code struct address_space}) as {@code iomap_write_delalloc_scan()} (v6.1.y
 * seed) uses it: the folio lookup with locking, and the page arithmetic of the missing-folio step.
 * The scan only reads the mapping; locks are not part of the specification state (the lock-order
 * checker and the run-time lock model check them), so both methods assign nothing a proof sees.
 */
public interface ScanMapping {

    /**
     * {@code filemap_lock_folio(mapping, start_byte >> PAGE_SHIFT)}: the folio caching the page
     * that holds {@code startByte}, locked, or {@code null} where there is none. The shift is the
     * implementation's (KeY leaves shifts by a variable amount open), and it is also where the
     * {@code index32} variant truncates the index to 32 bits. A folio returned ends after
     * {@code startByte}, since it holds it.
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   ensures \result != null ==> \fresh(\result) && startByte < \result.nextPosByte;
      @   assignable \nothing;
      @*/
    /*@ helper @*/
    @Acquires(LockRank.FOLIO_LOCK)
    @Nullable ScanFolio lockFolio(long startByte);

    /**
     * {@code ALIGN_DOWN(start_byte, PAGE_SIZE) + PAGE_SIZE}: the first byte of the page after the
     * one holding {@code startByte}.
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   ensures startByte < \result;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long nextPageStartByte(long startByte);
}
