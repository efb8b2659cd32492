package dev.punchspec.cache;

import dev.punchspec.api.Geometry;
import java.util.Random;

/** Seeded random page caches in every reachable folio state, built with the set-up methods. */
final class RandomCaches {

    private RandomCaches() {
    }

    /** A small random geometry: pages of 8 to 64 bytes, blocks of 1 byte to a page, orders 0 to 3. */
    static Geometry geometry(Random rnd) {
        int pageShift = 3 + rnd.nextInt(4);
        int blkbits = rnd.nextInt(pageShift + 1);
        return new Geometry(1L << pageShift, 1L << blkbits, rnd.nextInt(4));
    }

    /**
     * A cache over about {@code pages} pages with random folios (any order, uptodate or not, with
     * or without ifs, partially uptodate, dirty) and value entries, at random aligned places.
     */
    static PageCache cache(Random rnd, Geometry geometry, int pages) {
        PageCache cache = new PageCache("rnd", geometry);
        long index = rnd.nextInt(3);
        while (index < pages) {
            int order = rnd.nextInt(geometry.maxFolioOrder() + 1);
            while (order > 0 && index % (1L << order) != 0) {
                order--;
            }
            int kind = rnd.nextInt(8);
            if (kind == 0) {
                cache.installShadow(index, order);
            } else if (kind >= 2) {
                installRandomFolio(rnd, cache, index, order);
            }
            index += (1L << order) + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
        }
        return cache;
    }

    /** A folio in a random state that satisfies the invariant. */
    static CachedFolio installRandomFolio(Random rnd, PageCache cache, long index, int order) {
        int nrBlocks = (int) cache.geometry().blocksPerFolio(order);
        byte[] bytes = new byte[(int) cache.geometry().folioSize(order)];
        rnd.nextBytes(bytes);
        if (nrBlocks > 1 && rnd.nextBoolean()) {
            boolean[] up = new boolean[nrBlocks];
            boolean[] dirty = new boolean[nrBlocks];
            int mode = rnd.nextInt(4);
            boolean all = true;
            boolean anyDirty = false;
            for (int b = 0; b < nrBlocks; b++) {
                up[b] = mode == 0 || (mode != 1 && rnd.nextBoolean());
                dirty[b] = up[b] && rnd.nextInt(3) == 0;
                all &= up[b];
                anyDirty |= dirty[b];
            }
            boolean folioDirty = anyDirty || (rnd.nextInt(4) == 0);
            return cache.installFolio(index, order, all, folioDirty, up, dirty, bytes);
        }
        boolean uptodate = rnd.nextInt(3) != 0;
        boolean dirty = uptodate && rnd.nextBoolean();
        return cache.installFolio(index, order, uptodate, dirty, null, null, rnd.nextBoolean() ? bytes : null);
    }
}
