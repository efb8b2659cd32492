package dev.punchspec.api;

/**
 * Shift-based size and index math ({@code pos >> PAGE_SHIFT}, {@code index << PAGE_SHIFT},
 * {@code 1 << blkbits}, {@code ilog2}, {@code XFS_B_TO_FSB}), as the kernel writes it.
 *
 * <p>Implementation overview. These are the shift counterparts of {@link Align}. They are kept
 * apart because KeY 2.12.3 with overflow checking leaves them open: shifts by a variable amount
 * need non-linear facts about {@code pow(2, shift)}, and the increment in
 * {@link #indexOfRoundUp} needs the non-linear bound {@code pos / size < Long.MAX_VALUE} for
 * {@code size >= 2}, neither of which its default arithmetic strategy derives (measured on this
 * machine). Their JML is checked by the tests against
 * {@link java.math.BigInteger} references over every shift in [0, 62] and the boundary values.
 *
 * <p>Overflow. {@link #posOf} is where the kernel's 32-bit bugs lived ({@code folio_next_index()
 * << PAGE_SHIFT} in an {@code unsigned long}, fixed by eee2d2e6ea55 and c13094b894de): it throws
 * {@link ArithmeticException} when the position would not fit in a {@code long}, never wraps.
 * Shift counts are limited to [0, 62], the exponents of the positive powers of two a
 * {@code long} holds.
 */
public final class Shifts {

    /** The largest shift count accepted: 2^62 is the largest power of two in a {@code long}. */
    public static final int MAX_SHIFT = 62;

    private Shifts() {
    }

    /**
     * The exponent of a power of two; mirrors {@code ilog2(n)} (include/linux/log2.h) restricted
     * to powers of two, as {@code PAGE_SHIFT}/{@code i_blkbits} are derived from sizes.
     *
     * @param powerOfTwo a power of two
     * @return k such that {@code 1L << k == powerOfTwo}
     * @throws IllegalArgumentException if the argument is not a power of two
     */
    /*@ public normal_behavior
      @ requires Align.isPowerOfTwo(powerOfTwo);
      @ ensures 0 <= \result && \result <= 62 && (1L << \result) == powerOfTwo;
      @*/
    public static /*@ pure @*/ int log2(long powerOfTwo) {
        if (!Align.isPowerOfTwo(powerOfTwo)) {
            throw new IllegalArgumentException("log2: argument must be a power of two, got " + powerOfTwo);
        }
        return Long.numberOfTrailingZeros(powerOfTwo);
    }

    /**
     * The size {@code 1 << shift}; mirrors {@code PAGE_SIZE == 1UL << PAGE_SHIFT} and
     * {@code i_blocksize() == 1 << i_blkbits} (include/linux/fs.h).
     *
     * @param shift the exponent, in [0, {@link #MAX_SHIFT}]
     * @return 2^shift
     * @throws IllegalArgumentException if {@code shift} is outside [0, 62]
     */
    /*@ public normal_behavior
      @ requires 0 <= shift && shift <= 62;
      @ ensures \result == (1L << shift) && Align.isPowerOfTwo(\result);
      @*/
    public static /*@ pure @*/ long sizeOf(int shift) {
        checkShift(shift);
        return 1L << shift;
    }

    /**
     * The index of the {@code 2^shift}-byte unit containing {@code pos}; mirrors
     * {@code pos >> PAGE_SHIFT} (page cache index) and {@code XFS_B_TO_FSBT(mp, b)}
     * ({@code b >> sb_blocklog}).
     *
     * @param pos a byte offset, at least 0
     * @param shift the unit's exponent, in [0, 62]
     * @return {@code pos / 2^shift}
     * @throws IllegalArgumentException if {@code pos} is negative or {@code shift} is out of range
     */
    /*@ public normal_behavior
      @ requires pos >= 0 && 0 <= shift && shift <= 62;
      @ ensures \result == pos / (1L << shift);
      @*/
    public static /*@ pure @*/ long indexOf(long pos, int shift) {
        checkShift(shift);
        if (pos < 0) {
            throw new IllegalArgumentException("pos must be >= 0, got " + pos);
        }
        return pos >> shift;
    }

    /**
     * The number of {@code 2^shift}-byte units needed to cover {@code pos} bytes, i.e. the index
     * of the first unit boundary at or above {@code pos}; mirrors {@code XFS_B_TO_FSB(mp, b)}
     * ({@code (b + m_blockmask) >> sb_blocklog}) and {@code DIV_ROUND_UP(n, 1 << shift)}
     * (include/linux/math.h). Unlike the C, which adds the mask first, this form cannot overflow,
     * so it is defined for every non-negative {@code pos}.
     *
     * @param pos a byte offset or count, at least 0
     * @param shift the unit's exponent, in [0, 62]
     * @return {@code pos / 2^shift}, plus one if {@code pos} is not a multiple of {@code 2^shift}
     * @throws IllegalArgumentException if {@code pos} is negative or {@code shift} is out of range
     */
    /*@ public normal_behavior
      @ requires pos >= 0 && 0 <= shift && shift <= 62;
      @ ensures \result == pos / (1L << shift) + (pos % (1L << shift) == 0 ? 0 : 1);
      @*/
    public static /*@ pure @*/ long indexOfRoundUp(long pos, int shift) {
        long index = indexOf(pos, shift);
        if (Align.offsetIn(pos, sizeOf(shift)) != 0) {
            index = index + 1;
        }
        return index;
    }

    /**
     * The byte offset of unit {@code index}; mirrors {@code (loff_t)index << PAGE_SHIFT}
     * ({@code folio_pos()}, {@code folio_next_pos()}, include/linux/pagemap.h) with the cast the
     * 2023 and 2025 overflow fixes added, and an explicit check where the C would still wrap.
     *
     * <p>The largest legal index is {@code Long.MAX_VALUE >> shift}; the next one throws.
     *
     * @param index a unit index, at least 0
     * @param shift the unit's exponent, in [0, 62]
     * @return {@code index * 2^shift}
     * @throws IllegalArgumentException if {@code index} is negative or {@code shift} is out of range
     * @throws ArithmeticException if the offset would exceed {@code Long.MAX_VALUE}
     */
    /*@ public normal_behavior
      @ requires index >= 0 && 0 <= shift && shift <= 62 && index <= (Long.MAX_VALUE >> shift);
      @ ensures \result == index * (1L << shift);
      @*/
    public static /*@ pure @*/ long posOf(long index, int shift) {
        checkShift(shift);
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (index > (Long.MAX_VALUE >> shift)) {
            throw new ArithmeticException("posOf: index=" + index + " << shift=" + shift
                    + " exceeds Long.MAX_VALUE (largest legal index " + (Long.MAX_VALUE >> shift) + ")");
        }
        return index << shift;
    }

    /**
     * Rejects a shift count outside [0, {@link #MAX_SHIFT}].
     *
     * @param shift the shift count
     */
    private static void checkShift(int shift) {
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be in [0, " + MAX_SHIFT + "], got " + shift);
        }
    }
}
