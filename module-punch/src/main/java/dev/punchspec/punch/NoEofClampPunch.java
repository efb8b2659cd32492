package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.KernelWarn;

/**
 * Historic-bug variant {@code no-eof-clamp} of {@link Seed61Punch}: the cache scan is not limited
 * to EOF.
 *
 * <p>The only difference: {@code scan_end_byte} is {@code end_byte} instead of
 * {@code min(i_size_read(inode), end_byte)}. The seed's comment explains the case it breaks: a
 * page fault spanning EOF zeroes and marks uptodate the post-EOF part of the folio, a write fault
 * dirties it, and a write beyond EOF into it that fails then keeps its delalloc block under that
 * dirty post-EOF folio, which writeback never writes: a leaked reservation.
 */
final class NoEofClampPunch extends Seed61Punch {

    NoEofClampPunch(KernelWarn warn) {
        super(warn);
    }

    /** The variant: scan to {@code end_byte}, ignoring {@code i_size}. */
    @Override
    long scanEndByte(Inode inode, long endByte) {
        return endByte;
    }
}
