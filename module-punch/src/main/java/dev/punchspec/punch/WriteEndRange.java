package dev.punchspec.punch;

import dev.punchspec.api.Align;
import dev.punchspec.api.Shifts;

/**
 * The byte range a failed or short buffered write leaves to clean up: the arithmetic every
 * generation shares, from the first unchanged block after the write to the block-rounded end of
 * the mapping it was given.
 *
 * <p>The seed ({@code iomap_file_buffered_write_punch_delalloc()}, f43dc4dc3eff) computes both
 * bounds inline; c0adf8c3a9bf (v6.12) moved the start into {@code iomap_last_written_block()} and
 * the end into the filesystem's {@code ->iomap_end}, with identical arithmetic. Because the
 * arithmetic never differed between generations, it exists once, here.
 *
 * <p>The rounding is the api's {@link Align#roundDown} and {@link Align#roundUp}, named after the
 * kernel macros and equal to them for power-of-two sizes, with {@code i_blocksize()} as
 * {@link Shifts#sizeOf}{@code (i_blkbits)}. Arguments are validated by {@link #checkWriteEnd} so
 * that no rounding can overflow.
 */
public final class WriteEndRange {

    /** Bound on every byte position the model accepts: {@code 2^62}, so sums of two stay positive. */
    public static final long MAX_POS_BYTE = 1L << 62;

    private WriteEndRange() {
    }

    /**
     * {@code iomap_last_written_block(inode, pos, written)} (v6.12+; inline in the seed's
     * {@code iomap_file_buffered_write_punch_delalloc()}): the start of the first block a short
     * write left unchanged. With nothing written that is the block holding {@code pos} (rounded
     * down); otherwise {@code pos + written} is rounded up, so a partly written block counts as
     * written.
     *
     * @param blkbits {@code inode->i_blkbits}
     * @param posByte the mapping's start position for this iteration
     * @param writtenByte the bytes the iteration advanced
     * @return the first byte of the range to clean up, block aligned
     */
    /*@ public normal_behavior
      @   requires 0 <= blkbits && blkbits < 31;
      @   requires 0 <= posByte && 0 <= writtenByte && posByte + writtenByte <= MAX_POS_BYTE;
      @   ensures \result % (1L << blkbits) == 0;
      @   ensures writtenByte == 0 ==> \result <= posByte && posByte - \result < (1L << blkbits);
      @   ensures writtenByte != 0 ==> posByte + writtenByte <= \result
      @       && \result - (posByte + writtenByte) < (1L << blkbits);
      @*/
    public static long lastWrittenBlock(int blkbits, long posByte, long writtenByte) {
        long blocksize = Shifts.sizeOf(blkbits);
        if (writtenByte == 0) {
            return Align.roundDown(posByte, blocksize);
        }
        return Align.roundUp(posByte + writtenByte, blocksize);
    }

    /**
     * The end of the range to clean up, {@code round_up(pos + length, i_blocksize(inode))}: the
     * same expression in every generation's entry (the seed's
     * {@code iomap_file_buffered_write_punch_delalloc()}, the newest
     * {@code xfs_buffered_write_iomap_end()}).
     */
    /*@ public normal_behavior
      @   requires 0 <= blkbits && blkbits < 31;
      @   requires 0 <= posByte && 0 < lengthByte && posByte + lengthByte <= MAX_POS_BYTE;
      @   ensures \result % (1L << blkbits) == 0;
      @   ensures posByte + lengthByte <= \result
      @       && \result - (posByte + lengthByte) < (1L << blkbits);
      @*/
    public static long endByte(int blkbits, long posByte, long lengthByte) {
        return Align.roundUp(posByte + lengthByte, Shifts.sizeOf(blkbits));
    }

    /**
     * Rejects arguments of a {@code ->iomap_end} call that no kernel caller can produce: negative
     * or inverted values, more bytes written than mapped, and positions past {@link #MAX_POS_BYTE}
     * (the kernel's {@code s_maxbytes} keeps real positions far below {@code LLONG_MAX}; the model
     * needs the headroom so that no rounding overflows).
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    /*@ public normal_behavior
      @   requires 0 <= blkbits && blkbits < 31;
      @   requires 0 <= posByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte;
      @   requires posByte <= MAX_POS_BYTE - lengthByte;
      @   assignable \nothing;
      @ also public exceptional_behavior
      @   requires !(0 <= blkbits && blkbits < 31)
      @       || !(0 <= posByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte)
      @       || posByte > MAX_POS_BYTE - lengthByte;
      @   assignable \nothing;
      @   signals_only IllegalArgumentException;
      @*/
    public static void checkWriteEnd(int blkbits, long posByte, long lengthByte, long writtenByte) {
        if (blkbits < 0 || blkbits >= 31) {
            throw new IllegalArgumentException("blkbits must be 0..30, was " + blkbits);
        }
        if (posByte < 0) {
            throw new IllegalArgumentException("posByte must be >= 0, was " + posByte);
        }
        if (lengthByte <= 0) {
            throw new IllegalArgumentException("lengthByte must be > 0, was " + lengthByte);
        }
        if (writtenByte < 0 || writtenByte > lengthByte) {
            throw new IllegalArgumentException("writtenByte must be 0..lengthByte (" + lengthByte
                    + "), was " + writtenByte);
        }
        if (posByte > MAX_POS_BYTE - lengthByte) {
            throw new IllegalArgumentException("posByte + lengthByte must be <= 2^62, was posByte "
                    + posByte + " + lengthByte " + lengthByte);
        }
    }

    /**
     * Rejects a cleanup range no kernel caller can produce: {@code [startByte, endByte)} must lie
     * in {@code [0, 2^62]} and not be inverted. An empty range is accepted (the kernel's loops
     * then do nothing).
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte <= endByte && endByte <= MAX_POS_BYTE;
      @   assignable \nothing;
      @ also public exceptional_behavior
      @   requires !(0 <= startByte && startByte <= endByte && endByte <= MAX_POS_BYTE);
      @   assignable \nothing;
      @   signals_only IllegalArgumentException;
      @*/
    public static void checkRange(long startByte, long endByte) {
        if (startByte < 0) {
            throw new IllegalArgumentException("startByte must be >= 0, was " + startByte);
        }
        if (endByte < startByte) {
            throw new IllegalArgumentException("endByte must be >= startByte (" + startByte
                    + "), was " + endByte);
        }
        if (endByte > MAX_POS_BYTE) {
            throw new IllegalArgumentException("endByte must be <= 2^62, was " + endByte);
        }
    }
}
