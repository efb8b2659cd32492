package dev.punchspec.cache;

import static dev.punchspec.cache.Checks.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Each clause of {@link CachedFolio#invariantViolation} and {@link PageCache#invariantViolation}
 * (the invariants in their class comments): every broken state is built here, through the
 * package-private state changes or the xarray itself, and its exact report is checked, as is a
 * state just inside each bound.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class InvariantViolationTest {

    /** Pages of 16 bytes, blocks of 4, folios up to order 2. */
    static final Geometry G = new Geometry(16, 4, 2);

    /** The first page index whose page would end beyond {@link PageCache#MAX_BYTE}. */
    static final long TOP_INDEX = PageCache.MAX_BYTE >> 4;

    final PageCache cache = new PageCache("f", G);
    final TaskContext t = Tasks.task(new LockValidator(ViolationPolicy.THROW), 0, new SequentialHook());

    static boolean[] bits(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < s.length(); i++) {
            b[i] = s.charAt(i) == '1';
        }
        return b;
    }

    /** The message installFolio gives for a folio of page 0, order 0 in the given state. */
    private String rejected(boolean uptodate, boolean dirty, boolean @Nullable [] up,
            boolean @Nullable [] dt,
            byte @Nullable [] bytes) {
        return msg(IllegalArgumentException.class, () -> cache.installFolio(0, 0, uptodate, dirty, up, dt, bytes));
    }

    // ------------------------------------------------------------ CachedFolio

    @Test
    void ifsBitmapsExistTogether() {
        assertEquals("unreachable folio state: folio 0: ifs uptodate and dirty bitmaps must exist together",
                rejected(false, false, bits("0000"), null, null));
        assertEquals("unreachable folio state: folio 0: ifs uptodate and dirty bitmaps must exist together",
                rejected(false, false, null, bits("0000"), null));
        assertNull(cache.installFolio(0, 0, false, false, bits("0000"), bits("0000"), null).invariantViolation());
        assertNull(cache.installFolio(1, 0, false, false, null, null, null).invariantViolation());
    }

    @Test
    void bitmapsNeedOneBitPerBlock() {
        assertEquals("blockUptodate has length 3, the folio has 4 blocks",
                rejected(false, false, bits("000"), bits("0000"), null));
        assertEquals("blockDirty has length 5, the folio has 4 blocks",
                rejected(false, false, bits("0000"), bits("00000"), null));
    }

    @Test
    void ifsOnlyOnFoliosOfMoreThanOneBlock() {
        PageCache single = new PageCache("s", new Geometry(16, 16, 0));
        assertEquals("unreachable folio state: folio 0: ifs on a folio of 1 block",
                msg(IllegalArgumentException.class,
                        () -> single.installFolio(0, 0, true, false, bits("1"), bits("0"), null)));
    }

    @Test
    void dirtyBlocksAreUptodate() {
        assertEquals("unreachable folio state: folio 0: block 1 is dirty but not uptodate",
                rejected(false, true, bits("1011"), bits("0100"), null));
    }

    @Test
    void uptodateFlagMatchesTheBlocks() {
        assertEquals("unreachable folio state: folio 0: uptodate flag false but every-block-uptodate true",
                rejected(false, false, bits("1111"), bits("0000"), null));
        assertEquals("unreachable folio state: folio 0: uptodate flag true but every-block-uptodate false",
                rejected(true, false, bits("1101"), bits("0000"), null));
        assertNull(cache.installFolio(0, 0, true, false, bits("1111"), bits("0000"), null).invariantViolation());
    }

    @Test
    void aDirtyBlockMakesTheFolioDirty() {
        assertEquals("unreachable folio state: folio 0: a block is dirty but the folio is clean",
                rejected(true, false, bits("1111"), bits("0100"), null));
        assertNull(cache.installFolio(0, 0, true, true, bits("1111"), bits("0100"), null).invariantViolation());
    }

    @Test
    void withoutIfsDirtyNeedsUptodate() {
        assertEquals("unreachable folio state: folio 0: dirty but not uptodate without per-block state",
                rejected(false, true, null, null, null));
        assertNull(cache.installFolio(0, 0, true, true, null, null, null).invariantViolation());
    }

    @Test
    void bytesAreFolioSized() {
        assertEquals("unreachable folio state: folio 0: 3 bytes for a folio of size 16",
                rejected(false, false, null, null, new byte[3]));
        assertNull(cache.installFolio(0, 0, false, false, null, null, new byte[16]).invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void dirtyFoliosStayInTheMapping() {
        CachedFolio f = new CachedFolio(0, 0, 4, 2, "f");
        f.install(true, true, null, null, null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.removeFromMapping();
        f.lock.unlock(t);
        assertEquals("folio 0: dirty or under writeback after removal from the mapping", f.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void foliosUnderWritebackStayInTheMapping() {
        CachedFolio f = new CachedFolio(0, 0, 4, 2, "f");
        f.install(true, true, null, null, null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.startWriteback();
        f.removeFromMapping();
        f.lock.unlock(t);
        assertEquals("folio 0: dirty or under writeback after removal from the mapping", f.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void aCleanFolioMayLeaveTheMapping() {
        CachedFolio f = new CachedFolio(0, 0, 4, 2, "f");
        f.install(true, true, bits("1111"), bits("0100"), null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.invalidateWhole();
        f.removeFromMapping();
        f.lock.unlock(t);
        assertNull(f.invariantViolation());
    }

    // ------------------------------------------------------------ PageCache

    @Test
    void entriesAreFiledUnderTheirIndex() {
        cache.entries.put(5L, new ShadowEntry(4, 0));
        assertEquals("entry shadow{index=4, order=0} filed under index 5", cache.invariantViolation());
    }

    @Test
    void entriesRespectTheLargestOrder() {
        cache.entries.put(0L, new ShadowEntry(0, 3));
        assertEquals("entry shadow{index=0, order=3} above maxFolioOrder 2", cache.invariantViolation());
    }

    @Test
    void entriesDoNotOverlap() {
        cache.entries.put(0L, new ShadowEntry(0, 1));
        cache.entries.put(2L, new ShadowEntry(2, 0));
        assertNull(cache.invariantViolation(), "adjacent entries");
        cache.entries.put(1L, new ShadowEntry(1, 0));
        assertEquals("entry shadow{index=1, order=0} overlaps the entry before it", cache.invariantViolation());
    }

    @Test
    void entriesEndAtOrBelowMaxByte() {
        cache.entries.put(TOP_INDEX - 1, new ShadowEntry(TOP_INDEX - 1, 0));
        assertNull(cache.invariantViolation(), "an entry ending at 2^62");
        cache.entries.put(TOP_INDEX, new ShadowEntry(TOP_INDEX, 0));
        assertEquals("entry shadow{index=" + TOP_INDEX + ", order=0} ends beyond 2^62", cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void aBrokenFolioBreaksTheCache() {
        CachedFolio f = cache.installFolio(0, 0, false, false, null, null, null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.markDirtyFlag();
        f.lock.unlock(t);
        assertEquals("folio 0: dirty but not uptodate without per-block state", cache.invariantViolation());
        assertEquals("page cache f: folio 0: dirty but not uptodate without per-block state",
                msg(IllegalStateException.class, cache::checkInvariants));
    }

    @Test
    void aGoodFolioDoesNotEndTheCheck() {
        cache.installFolio(0, 0, true, false, null, null, null);
        cache.entries.put(5L, new ShadowEntry(4, 0));
        assertEquals("entry shadow{index=4, order=0} filed under index 5", cache.invariantViolation());
    }
}
