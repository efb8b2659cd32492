package dev.punchspec.verify.fs;

import dev.punchspec.cache.CachedFolio;

/** Small helpers the sequential filesystem tests share. */
final class FsFixtures {

    private FsFixtures() {
    }

    /** The bytes {@code values}, each cast to {@code byte}. */
    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The folio at page {@code index} of {@code w}'s file, which must be cached. */
    static CachedFolio folio(FsWorld w, long index) {
        CachedFolio folio = w.file().cache().folioAt(index);
        if (folio == null) {
            throw new AssertionError("no folio at " + index);
        }
        return folio;
    }
}
