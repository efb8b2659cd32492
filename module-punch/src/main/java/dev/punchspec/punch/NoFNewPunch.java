package dev.punchspec.punch;

import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.KernelWarn;

/**
 * Historic-bug variant {@code no-f-new} of {@link Seed61Punch}: punches delalloc that the write
 * did not reserve.
 *
 * <p>The only difference: the {@code IOMAP_F_NEW} test of
 * {@code iomap_file_buffered_write_punch_delalloc()} is gone, so a write that failed over delalloc
 * some earlier write or fault reserved still punches it (minus the dirty folios the scan finds).
 * The rule it drops (a write may punch only the delalloc it reserved itself) guards the
 * reservations of data that is no longer dirty in the cache but not yet converted by writeback, and
 * of racing page faults; the explorer must find a lost reservation or lost data with this variant.
 */
final class NoFNewPunch extends Seed61Punch {

    NoFNewPunch(KernelWarn warn) {
        super(warn);
    }

    /** The variant: {@code false} where the seed tests {@code !(iomap->flags & IOMAP_F_NEW)}. */
    @Override
    boolean notReservedByThisWrite(Iomap iomap) {
        return false;
    }
}
