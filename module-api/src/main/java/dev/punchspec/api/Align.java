package dev.punchspec.api;

/**
 * Alignment arithmetic on byte offsets for power-of-two sizes, named after the kernel macros of
 * {@code include/linux/math.h}, {@code include/linux/align.h} and {@code include/linux/log2.h}.
 *
 * <p>Implementation overview. The kernel computes these with bit masks ({@code x & ~(a - 1)}).
 * KeY 2.12.3 has no usable rules for {@code &} on {@code long}, so each method is written with
 * {@code /} and {@code %}, which for a non-negative {@code x} and a positive {@code a} give exactly
 * the masked values; this class is in KeY's Java subset and is the code that runs (proof target).
 * Shift-based index math ({@code pos >> PAGE_SHIFT}) and {@code DIV_ROUND_UP} live in
 * {@link Shifts}: KeY leaves shifts by a variable amount open, and cannot bound the quotient
 * {@code DIV_ROUND_UP} increments without non-linear arithmetic (both measured), which is why
 * they are a separate class.
 *
 * <p>Domain. Offsets are non-negative {@code long}s, as {@code loff_t} values below
 * {@code MAX_LFS_FILESIZE} (= {@code LLONG_MAX} on 64-bit) are. Every method rejects a negative
 * offset and a size that is not a power of two with an {@link IllegalArgumentException} naming the
 * parameter and its value. Where the kernel's result would not fit in a {@code loff_t}
 * ({@link #roundUp} near {@code Long.MAX_VALUE}) the method throws {@link ArithmeticException}
 * instead of wrapping; the JML precondition states the exact largest legal argument.
 *
 * <p>Rejected alternative: silently saturating at {@code Long.MAX_VALUE}. A saturated
 * {@code round_up} is not a multiple of the size, and the kernel's own bugs in this area
 * (CVE-2025-21667, CVE-2024-57952: offsets truncated to 32 bits) were silent wraps.
 */
public final class Align {

    /** The largest power of two a {@code long} holds: 2^62. */
    private static final long LARGEST_POWER_OF_TWO = 4611686018427387904L;

    private Align() {
    }

    /**
     * Whether {@code x} is a power of two; mirrors {@code is_power_of_2()} (include/linux/log2.h).
     *
     * <p>Every positive power of two that fits in a {@code long} divides 2^62 and nothing else
     * positive does, which KeY can use; the kernel writes {@code n != 0 && (n & (n - 1)) == 0}.
     *
     * @param x any value
     * @return true iff {@code x} is 2^k for some k in [0, 62]
     */
    /*@ public normal_behavior
      @ ensures \result <==> (x > 0 && 4611686018427387904L % x == 0);
      @*/
    public static /*@ pure @*/ boolean isPowerOfTwo(long x) {
        return x > 0 && LARGEST_POWER_OF_TWO % x == 0;
    }

    /**
     * Whether {@code x} is a multiple of {@code size}; mirrors {@code IS_ALIGNED(x, a)}
     * (include/linux/align.h).
     *
     * @param x a byte offset, at least 0
     * @param size a power of two
     * @return true iff {@code x % size == 0}
     * @throws IllegalArgumentException if {@code x} is negative or {@code size} is not a power of two
     */
    /*@ public normal_behavior
      @ requires x >= 0 && isPowerOfTwo(size);
      @ ensures \result <==> x % size == 0;
      @*/
    public static /*@ pure @*/ boolean isAligned(long x, long size) {
        checkArguments("x", x, size);
        return x % size == 0;
    }

    /**
     * The largest multiple of {@code size} not above {@code x}; mirrors {@code round_down(x, y)}
     * (include/linux/math.h).
     *
     * @param x a byte offset, at least 0
     * @param size a power of two
     * @return {@code x} rounded down to a multiple of {@code size}
     * @throws IllegalArgumentException if {@code x} is negative or {@code size} is not a power of two
     */
    /*@ public normal_behavior
      @ requires x >= 0 && isPowerOfTwo(size);
      @ ensures \result % size == 0 && 0 <= \result && \result <= x && x - \result < size;
      @*/
    public static /*@ pure @*/ long roundDown(long x, long size) {
        checkArguments("x", x, size);
        // For x >= 0, x % size never exceeds x, so the min is x % size itself; it is spelled out
        // because the prover cannot see that x - x % size >= 0 without non-linear arithmetic.
        // (An early "if (x < size) return 0" says the same but is a redundant branch whose
        // removal no test can detect.)
        return x - Math.min(x % size, x);
    }

    /**
     * The largest multiple of {@code size} not above {@code x}; mirrors {@code ALIGN_DOWN(x, a)}
     * (include/linux/align.h), which the scan loop uses to step over a missing folio. For a power
     * of two it is the same value as {@code round_down}, so it delegates.
     *
     * @param x a byte offset, at least 0
     * @param size a power of two
     * @return {@code x} rounded down to a multiple of {@code size}
     * @throws IllegalArgumentException if {@code x} is negative or {@code size} is not a power of two
     */
    /*@ public normal_behavior
      @ requires x >= 0 && isPowerOfTwo(size);
      @ ensures \result % size == 0 && 0 <= \result && \result <= x && x - \result < size;
      @*/
    public static /*@ pure @*/ long alignDown(long x, long size) {
        return roundDown(x, size);
    }

    /**
     * The smallest multiple of {@code size} not below {@code x}; mirrors {@code round_up(x, y)}
     * (include/linux/math.h).
     *
     * <p>Overflow: the largest multiple of a power of two {@code size} that a {@code long} holds is
     * {@code Long.MAX_VALUE - (size - 1)}, so that is the largest legal {@code x}; one more throws
     * {@link ArithmeticException} rather than wrapping to a negative offset as the C would.
     *
     * @param x a byte offset, at least 0 and at most {@code Long.MAX_VALUE - (size - 1)}
     * @param size a power of two
     * @return {@code x} rounded up to a multiple of {@code size}
     * @throws IllegalArgumentException if {@code x} is negative or {@code size} is not a power of two
     * @throws ArithmeticException if the result would exceed {@code Long.MAX_VALUE}
     */
    /*@ public normal_behavior
      @ requires x >= 0 && isPowerOfTwo(size) && x <= Long.MAX_VALUE - (size - 1);
      @ ensures \result % size == 0 && x <= \result && \result - x < size;
      @*/
    public static /*@ pure @*/ long roundUp(long x, long size) {
        checkArguments("x", x, size);
        if (x > Long.MAX_VALUE - (size - 1)) {
            throw new ArithmeticException("roundUp: x=" + x + " exceeds Long.MAX_VALUE - (size - 1)"
                    + " for size=" + size + "; the result would overflow");
        }
        return roundDown(x + (size - 1), size);
    }

    /**
     * The offset of {@code pos} inside the aligned block of {@code size} bytes containing it;
     * mirrors {@code offset_in_folio(folio, p)} / {@code offset_in_page(p)}
     * (include/linux/mm.h), which mask with {@code size - 1}.
     *
     * @param pos a byte offset, at least 0
     * @param size a power of two (a folio, page or block size)
     * @return {@code pos % size}
     * @throws IllegalArgumentException if {@code pos} is negative or {@code size} is not a power of two
     */
    /*@ public normal_behavior
      @ requires pos >= 0 && isPowerOfTwo(size);
      @ ensures \result == pos % size && 0 <= \result && \result < size;
      @*/
    public static /*@ pure @*/ long offsetIn(long pos, long size) {
        checkArguments("pos", pos, size);
        return pos % size;
    }

    /**
     * Rejects a negative offset or a size that is not a power of two.
     *
     * @param name the offset parameter's name, for the message
     * @param x the offset argument
     * @param size the size argument
     */
    /*@ private normal_behavior
      @ requires x >= 0 && isPowerOfTwo(size);
      @ assignable \nothing;
      @*/
    private static void checkArguments(String name, long x, long size) {
        if (x < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + x);
        }
        if (!isPowerOfTwo(size)) {
            throw new IllegalArgumentException("size must be a power of two in [1, 2^62], got " + size);
        }
    }
}
