package dev.punchspec.punch;

import dev.punchspec.api.mapping.Folio;
import dev.punchspec.api.mapping.KernelWarn;

/**
 * Historic-bug variant {@code index32} of {@link Seed61Punch}: the seed as a 32-bit kernel runs it,
 * where {@code pgoff_t} ({@code unsigned long}) has 32 bits.
 *
 * <p>Differences: {@code folio_next_index(folio) << PAGE_SHIFT} is computed in 32 bits before it is
 * widened to {@code loff_t} (both as the scan's advance and as the bound of
 * {@code *punch_start_byte}), and the index passed to {@code filemap_lock_folio()} is truncated to
 * 32 bits. For a folio ending at or beyond 4 GiB the advance wraps to a small offset, so the scan
 * goes backwards and never ends (the infinite loop of CVE-2025-21667, fixed by c13094b894de for the
 * advance and eee2d2e6ea55 for the bound). The explorer must bound the steps it grants a thread to
 * observe it.
 */
final class Index32Punch extends Seed61Punch {

    /** {@code ULONG_MAX} of a 32-bit kernel, as a mask over the low 32 bits. */
    private static final long ULONG32_MASK = 0xFFFF_FFFFL;

    Index32Punch(KernelWarn warn) {
        super(warn);
    }

    /** The variant: {@code (pgoff_t)(start_byte >> PAGE_SHIFT)} with a 32-bit {@code pgoff_t}. */
    @Override
    long pageIndex(long startByte, int pageShift) {
        return (startByte >> pageShift) & ULONG32_MASK;
    }

    /** The variant: the shift happens in 32-bit {@code unsigned long}, then widens to 64 bits. */
    @Override
    long folioNextIndexPos(Folio folio, int pageShift) {
        return (folio.nextIndex() << pageShift) & ULONG32_MASK;
    }
}
