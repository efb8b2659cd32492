package dev.punchspec.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Brute-force references for the range algebra: sets of bytes as boolean arrays over a small
 * universe {@code [0, n)}, seeded generators, and checked array access (the tests pass the Index
 * Checker too, so every index whose bound the checker cannot see goes through {@link #at}).
 */
final class Reference {

    private Reference() {
    }

    /** A list of ranges as the core's two parallel arrays. */
    static final class Lists {
        final long[] starts;
        final long[] ends;

        Lists(long[] starts, long[] ends) {
            this.starts = starts;
            this.ends = ends;
        }

        int size() {
            return Math.min(starts.length, ends.length);
        }

        String describe() {
            return Arrays.toString(starts) + " " + Arrays.toString(ends);
        }
    }

    /** {@code a[i]}, failing the test if {@code i} is out of bounds. */
    static long at(long[] a, int i) {
        if (i < 0 || i >= a.length) {
            throw new AssertionError("index " + i + " outside [0, " + a.length + ")");
        }
        return a[i];
    }

    /** {@code bits[p]} for a position {@code p} of the universe, false outside it. */
    static boolean bit(boolean[] bits, int p) {
        if (p < 0 || p >= bits.length) {
            return false;
        }
        return bits[p];
    }

    /** The first {@code n} entries of {@code a}, failing the test if there are not that many. */
    static long[] prefix(long[] a, int n) {
        if (n < 0 || n > a.length) {
            throw new AssertionError("count " + n + " outside [0, " + a.length + "]");
        }
        return Arrays.copyOf(a, n);
    }

    /** A fresh zeroed array of {@code length} entries. */
    static long[] array(long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new AssertionError("length " + length);
        }
        return new long[(int) length];
    }

    /** The bytes of the list (any form) inside {@code [0, universe)}. */
    static boolean[] bits(Lists list, int universe) {
        if (universe < 0) {
            throw new AssertionError("universe " + universe);
        }
        boolean[] bits = new boolean[universe];
        for (int i = 0; i < list.size(); i++) {
            for (int p = 0; p < bits.length; p++) {
                if (at(list.starts, i) <= p && p < at(list.ends, i)) {
                    bits[p] = true;
                }
            }
        }
        return bits;
    }

    /** The bytes of {@code range} inside {@code [0, universe)}. */
    static boolean[] bits(ByteRange range, int universe) {
        return bits(new Lists(new long[] {range.startByte()}, new long[] {range.endByte()}), universe);
    }

    /** The canonical (normalized) list of the set bits. */
    static Lists ranges(boolean[] bits) {
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        int p = 0;
        while (p < bits.length) {
            if (bits[p]) {
                int q = p;
                while (q < bits.length && bits[q]) {
                    q++;
                }
                starts.add((long) p);
                ends.add((long) q);
                p = q;
            } else {
                p++;
            }
        }
        return new Lists(starts.stream().mapToLong(Long::longValue).toArray(),
                ends.stream().mapToLong(Long::longValue).toArray());
    }

    /** A random set of bytes in {@code [0, universe)} made of runs, so lists have several ranges. */
    static boolean[] randomBits(Random random, int universe) {
        if (universe < 0) {
            throw new AssertionError("universe " + universe);
        }
        boolean[] bits = new boolean[universe];
        boolean on = random.nextBoolean();
        int p = 0;
        while (p < universe) {
            int run = 1 + random.nextInt(6);
            for (int q = p; q < p + run && q < bits.length; q++) {
                bits[q] = on;
            }
            p += run;
            on = !on;
        }
        return bits;
    }

    /** A random valid range inside {@code [0, universe]}, empty with some probability. */
    static ByteRange randomRange(Random random, int universe) {
        if (universe < 0) {
            throw new AssertionError("universe " + universe);
        }
        long a = random.nextInt(universe + 1);
        long b = random.nextInt(universe + 1);
        return new ByteRange(Math.min(a, b), Math.max(a, b));
    }

    /** Element-wise or. */
    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = bit(a, i) || bit(b, i);
        }
        return r;
    }

    /** Element-wise and. */
    static boolean[] and(boolean[] a, boolean[] b) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = bit(a, i) && bit(b, i);
        }
        return r;
    }

    /** Element-wise a and not b. */
    static boolean[] andNot(boolean[] a, boolean[] b) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = bit(a, i) && !bit(b, i);
        }
        return r;
    }

    /** Element-wise not. */
    static boolean[] not(boolean[] a) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = !a[i];
        }
        return r;
    }

    /** Whether every bit of {@code range} inside the universe is set. */
    static boolean allSet(boolean[] bits, ByteRange range) {
        boolean all = true;
        for (int p = 0; p < bits.length; p++) {
            all &= !range.contains(p) || bits[p];
        }
        return all;
    }

    /** Whether some bit of {@code range} inside the universe is set. */
    static boolean anySet(boolean[] bits, ByteRange range) {
        boolean any = false;
        for (int p = 0; p < bits.length; p++) {
            any |= range.contains(p) && bits[p];
        }
        return any;
    }

    /** Seeds for the property tests: fixed, so every run and every PIT mutant sees the same cases. */
    static List<Long> seeds(int count) {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= count; s++) {
            seeds.add(s * 7919L);
        }
        return seeds;
    }
}
