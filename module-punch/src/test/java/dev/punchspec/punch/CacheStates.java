package dev.punchspec.punch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Enumerates every page-cache state of a tiny geometry, and draws random ones of larger
 * geometries, for the exhaustive and property tests.
 *
 * <p>A state assigns each page an absent slot, an order-0 value (shadow) entry, or a naturally
 * aligned folio of order up to {@code maxOrder}; a folio is every combination of: per-block state
 * or not (only with more than one block), uptodate (per block with ifs, whole folio without), dirty
 * flag, and per-block dirty bits (with ifs). Combinations the kernel only shows transiently (a
 * clean folio with dirty ifs bits, dirty bits on blocks that are not uptodate) are included on
 * purpose: the algorithm's behaviour on them is still defined, and the contract must still hold.
 */
final class CacheStates {

    /** The geometry of a family of states. */
    record Geometry(int pageShift, int blkbits, int pages, int maxOrder) {
        long sizeByte() {
            return (long) pages << pageShift;
        }

        long blockByte() {
            return 1L << blkbits;
        }

        String describe() {
            return "page=" + (1 << pageShift) + " block=" + (1 << blkbits) + " pages=" + pages
                    + " maxOrder=" + maxOrder;
        }
    }

    /** One folio's state, without its position. */
    record FolioState(int order, boolean ifs, boolean[] uptodate, boolean dirty,
            boolean[] blockDirty) {
    }

    private CacheStates() {
    }

    /** Every folio state of the given order. */
    static List<FolioState> folioStates(Geometry g, int order) {
        int blocks = 1 << (g.pageShift() + order - g.blkbits());
        List<FolioState> out = new ArrayList<>();
        for (int u = 0; u <= 1; u++) {
            for (int d = 0; d <= 1; d++) {
                boolean[] up = new boolean[blocks];
                java.util.Arrays.fill(up, u == 1);
                out.add(new FolioState(order, false, up, d == 1, new boolean[blocks]));
            }
        }
        if (blocks > 1) {
            for (int u = 0; u < 1 << blocks; u++) {
                for (int d = 0; d <= 1; d++) {
                    for (int bd = 0; bd < 1 << blocks; bd++) {
                        out.add(new FolioState(order, true, bits(u, blocks), d == 1,
                                bits(bd, blocks)));
                    }
                }
            }
        }
        return out;
    }

    private static boolean[] bits(int mask, int n) {
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = (mask >> i & 1) == 1;
        }
        return b;
    }

    /** Calls {@code action} with every cache state of {@code g} (a fresh cache each time). */
    static int forEach(Geometry g, Consumer<FakeCache> action) {
        List<List<FolioState>> byOrder = new ArrayList<>();
        for (int o = 0; o <= g.maxOrder(); o++) {
            byOrder.add(folioStates(g, o));
        }
        int[] count = {0};
        fill(g, byOrder, 0, new ArrayList<>(), action, count);
        return count[0];
    }

    /** Slot choices so far: null = absent, a FolioState, or the marker VALUE. */
    private static final Object VALUE = new Object();

    private static void fill(Geometry g, List<List<FolioState>> byOrder, int page,
            List<Object> slots, Consumer<FakeCache> action, int[] count) {
        if (page >= g.pages()) {
            action.accept(build(g, slots));
            count[0]++;
            return;
        }
        slots.add(NONE);
        fill(g, byOrder, page + 1, slots, action, count);
        slots.set(slots.size() - 1, VALUE);
        fill(g, byOrder, page + 1, slots, action, count);
        slots.remove(slots.size() - 1);
        for (int o = 0; o <= g.maxOrder(); o++) {
            int n = 1 << o;
            if (page % n != 0 || page + n > g.pages()) {
                continue;
            }
            for (FolioState fs : byOrder.get(o)) {
                slots.add(fs);
                for (int k = 1; k < n; k++) {
                    slots.add(COVERED);
                }
                fill(g, byOrder, page + n, slots, action, count);
                for (int k = 0; k < n; k++) {
                    slots.remove(slots.size() - 1);
                }
            }
        }
    }

    private static final Object NONE = new Object();
    private static final Object COVERED = new Object();

    private static FakeCache build(Geometry g, List<Object> slots) {
        FakeCache c = new FakeCache(g.pageShift(), g.blkbits());
        for (int p = 0; p < slots.size(); p++) {
            Object s = slots.get(p);
            if (s == VALUE) {
                c.addValue(p, 0);
            } else if (s instanceof FolioState fs) {
                c.addFolio(p, fs.order(), fs.ifs(), fs.uptodate(), fs.dirty(), fs.blockDirty());
            }
        }
        return c;
    }

    /** A random cache state of {@code g}, drawn from {@code rnd}. */
    static FakeCache random(Geometry g, Random rnd) {
        FakeCache c = new FakeCache(g.pageShift(), g.blkbits());
        int page = 0;
        while (page < g.pages()) {
            int kind = rnd.nextInt(4);
            if (kind == 0) {
                page++;
                continue;
            }
            if (kind == 1) {
                c.addValue(page, 0);
                page++;
                continue;
            }
            int order = rnd.nextInt(g.maxOrder() + 1);
            while (order > 0 && (page % (1 << order) != 0 || page + (1 << order) > g.pages())) {
                order--;
            }
            int blocks = 1 << (g.pageShift() + order - g.blkbits());
            boolean ifs = blocks > 1 && rnd.nextBoolean();
            boolean[] up = new boolean[blocks];
            boolean[] bd = new boolean[blocks];
            boolean whole = rnd.nextBoolean();
            for (int i = 0; i < blocks; i++) {
                up[i] = ifs ? rnd.nextInt(4) != 0 : whole;
                bd[i] = ifs && rnd.nextBoolean();
            }
            c.addFolio(page, order, ifs, up, rnd.nextInt(3) != 0, bd);
            page += 1 << order;
        }
        return c;
    }
}
