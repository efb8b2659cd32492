package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.mapping.Iomap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract predicates can fail: each violation kind is produced by a call list that breaks
 * exactly that obligation, with the message naming the call or bytes.
 */
class PunchContractTest {

    /** page = block = 4; a dirty folio over [4,8); i_size 16. */
    private static FakeCache cache() {
        FakeCache c = new FakeCache(2, 2);
        c.addFolio(1, 0, true, true);
        c.iSize = 16;
        return c;
    }

    private static PunchContract.PunchCall call(long offset, long length) {
        return new PunchContract.PunchCall(offset, length, true, 0);
    }

    private static List<PunchContract.Violation> check(Generation g, PunchContract.PunchCall... cs) {
        return PunchContract.checkRelease(g, cache(), 2, 16, 0, 16, List.of(cs));
    }

    private static String only(List<PunchContract.Violation> vs) {
        assertEquals(1, vs.size(), Runs.text(vs));
        return render(vs.get(0));
    }

    private static String render(PunchContract.Violation v) {
        return v.kind() + ": " + v.message();
    }

    private static String renderAll(List<PunchContract.Violation> vs) {
        return vs.stream().map(PunchContractTest::render).toList().toString();
    }

    @Test
    void theRightCallsPass() {
        assertTrue(check(Generation.SEED_61, call(0, 4), call(8, 8)).isEmpty());
        assertTrue(check(Generation.TRUNCATE, call(0, 16)).isEmpty());
    }

    @Test
    void eachKindIsDetected() {
        assertEquals("NOT_PUNCHED: bytes [12, 16) must be punched but were not",
                only(check(Generation.SEED_61, call(0, 4), call(8, 4))));
        assertEquals("PUNCHED_KEPT: bytes [4, 8) must be kept but were punched",
                only(check(Generation.SEED_61, call(0, 16))));
        assertEquals("EMPTY_OR_NEGATIVE: call 1 punch(8, 0)",
                only(check(Generation.SEED_61, call(0, 4), call(8, 0), call(8, 8))));
        List<PunchContract.Violation> neg = check(Generation.SEED_61, call(-4, 4), call(0, 4),
                call(8, 8));
        assertEquals("EMPTY_OR_NEGATIVE: call 0 punch(-4, 4)", only(neg));
        List<PunchContract.Violation> huge = check(Generation.SEED_61, call(Long.MAX_VALUE, 1));
        assertEquals(PunchContract.Kind.EMPTY_OR_NEGATIVE, huge.get(0).kind());
        assertEquals("call 0 punch(9223372036854775807, 1)", huge.get(0).message());
        List<PunchContract.Violation> out = check(Generation.SEED_61, call(0, 4), call(8, 12));
        assertEquals(PunchContract.Kind.OUT_OF_RANGE, out.get(0).kind());
        assertEquals("call 1 punch(8, 12) outside [0, 16)", out.get(0).message());
        List<PunchContract.Violation> split = check(Generation.SEED_61, call(0, 4), call(8, 6),
                call(14, 2));
        assertEquals(2, split.size(), Runs.text(split));
        assertEquals("call 1 punch(8, 6) not aligned to the block size 4", split.get(0).message());
        assertEquals("call 2 punch(14, 2) not aligned to the block size 4",
                split.get(1).message());
        assertEquals(PunchContract.Kind.UNALIGNED, split.get(1).kind());
        assertEquals("NOT_ASCENDING: call 1 punch(0, 4) starts before call 0 punch(8, 8)",
                only(check(Generation.SEED_61, call(8, 8), call(0, 4))));
        List<PunchContract.Violation> overlap = check(Generation.SEED_61, call(0, 12),
                call(8, 8));
        assertEquals(PunchContract.Kind.OVERLAP, overlap.get(0).kind());
        assertEquals("call 1 punch(8, 8) overlaps call 0 punch(0, 12)", overlap.get(0).message());
        List<PunchContract.Violation> lock = PunchContract.checkRelease(Generation.SEED_61,
                cache(), 2, 16, 0, 16, List.of(new PunchContract.PunchCall(0, 4, false, 0),
                        new PunchContract.PunchCall(8, 8, true, 2)));
        assertEquals(2, lock.size());
        assertEquals("call 0 punch(0, 4) with invalidate_lock not held and 0 folio locks",
                lock.get(0).message());
        assertEquals("call 1 punch(8, 8) with invalidate_lock held and 2 folio locks",
                lock.get(1).message());
    }

    @Test
    void onlyV66MayOverlapTheEofBlock() {
        // page 4, block 2; dirty folio with ifs, block 1 clean; i_size 3: calls [2,4) and [3,8)
        FakeCache c = new FakeCache(2, 1);
        c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {true, false});
        c.iSize = 3;
        List<PunchContract.PunchCall> calls = List.of(call(2, 2), call(3, 5));
        for (Generation g : Generation.values()) {
            List<PunchContract.Violation> vs = PunchContract.checkRelease(g, c, 1, 3, 0, 8, calls);
            boolean overlap = vs.stream().anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP);
            assertEquals(g.keep() != PunchContract.Keep.DIRTY_BLOCKS, overlap, g.kernelName());
        }
        // not the exception: the overlapping call is not the last one
        List<PunchContract.PunchCall> notLast = List.of(call(2, 2), call(3, 1), call(4, 4));
        assertTrue(PunchContract.checkRelease(Generation.NEWEST, c, 1, 3, 0, 8, notLast).stream()
                .anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP));
        // nor when the earlier call is longer than a block, or does not hold i_size
        for (List<PunchContract.PunchCall> cs : List.of(List.of(call(0, 4), call(3, 5)),
                List.of(call(0, 2), call(1, 7)))) {
            assertTrue(PunchContract.checkRelease(Generation.NEWEST, c, 1, 3, 0, 8, cs).stream()
                    .anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP), cs.toString());
        }
        // nor with an aligned i_size
        c.iSize = 4;
        assertTrue(PunchContract.checkRelease(Generation.NEWEST, c, 1, 4, 0, 8,
                List.of(call(2, 2), call(3, 5))).stream()
                .anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP));
    }

    @Test
    void keepRules() {
        FakeCache c = new FakeCache(2, 1);
        c.addFolio(0, 0, true, new boolean[] {true, false}, true, new boolean[] {false, true});
        c.addValue(1, 0);
        c.addFolio(2, 0, true, true);
        // byte 0: data, dirty folio, clean block; byte 2: not uptodate; byte 4: value entry;
        // byte 8: data of a dirty folio without ifs
        assertTrue(PunchContract.mustKeep(PunchContract.Keep.DIRTY_FOLIOS, c, 16, 0));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.DIRTY_BLOCKS, c, 16, 0));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.DIRTY_FOLIOS, c, 16, 2));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.DIRTY_BLOCKS, c, 16, 2));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.DIRTY_FOLIOS, c, 16, 4));
        assertTrue(PunchContract.mustKeep(PunchContract.Keep.DIRTY_BLOCKS, c, 16, 8));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.DIRTY_BLOCKS, c, 8, 8));
        assertFalse(PunchContract.mustKeep(PunchContract.Keep.NOTHING, c, 16, 8));
        assertEquals(5, PunchContract.scanEndByte(true, 5, 8));
        assertEquals(8, PunchContract.scanEndByte(true, 9, 8));
        assertEquals(8, PunchContract.scanEndByte(false, 5, 8));
    }

    @Test
    void entryCheckOfAReleasingCallChecksTheRelease() {
        List<PunchContract.Violation> vs = PunchContract.checkIomapEnd(Generation.SEED_61, cache(),
                2, 16, Runs.NEW_DELALLOC, Iomap.IOMAP_WRITE, 0, 16, 0, List.of(call(0, 4)));
        assertEquals("NOT_PUNCHED: bytes [8, 16) must be punched but were not", only(vs));
    }

    @Test
    void entryCheck() {
        FakeCache c = cache();
        Iomap notNew = new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 16);
        List<PunchContract.Violation> vs = PunchContract.checkIomapEnd(Generation.SEED_61, c, 2,
                16, notNew, Iomap.IOMAP_WRITE, 0, 16, 0, List.of(call(0, 4)));
        assertEquals("UNEXPECTED_CALL: punch punch(0, 4) although seed-6.1 must not punch here",
                only(vs));
        assertTrue(PunchContract.checkIomapEnd(Generation.NO_F_NEW, c, 2, 16, notNew,
                Iomap.IOMAP_WRITE, 0, 16, 0, List.of(call(0, 4), call(8, 8))).isEmpty());
        // a written range needs no release: written up to the end of the last block
        assertFalse(PunchContract.releases(Generation.NEWEST, 2, Runs.NEW_DELALLOC,
                Iomap.IOMAP_WRITE, 1, 6, 7 - 1));
        assertTrue(PunchContract.releases(Generation.NEWEST, 2, Runs.NEW_DELALLOC,
                Iomap.IOMAP_WRITE, 1, 8, 3));
    }

    @Test
    void refusesHugeRanges() {
        FakeCache c = cache();
        List<PunchContract.PunchCall> none = new ArrayList<>();
        long max = PunchContract.MAX_SEGMENTS;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PunchContract.checkRelease(Generation.SEED_61, c, 0, 16, 0, max + 1, none));
        assertEquals("range [0, 1048577) has more than 1048576 blocks to check", e.getMessage());
        // exactly the limit is checked: nothing is kept past i_size 16, so all of it is missing
        List<PunchContract.Violation> all = PunchContract.checkRelease(Generation.SEED_61, c, 0,
                16, 0, max, List.of(call(0, 4), call(8, 8)));
        assertEquals(1, all.size(), Runs.text(all));
        assertEquals("bytes [16, 1048576) must be punched but were not", all.get(0).message());
        assertTrue(PunchContract.checkRelease(Generation.SEED_61, c, 2, 16, 8, 8, none).isEmpty());
    }

    @Test
    void segmentsSplitAtBlocksAtEofAndAtCalls() {
        // a clean block then a dirty block of one ifs folio: a call over both punches the dirty
        // half only at block granularity
        FakeCache c = new FakeCache(2, 1);
        c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {false, true});
        c.iSize = 8;
        assertEquals("PUNCHED_KEPT: bytes [2, 4) must be kept but were punched",
                only(PunchContract.checkRelease(Generation.NEWEST, c, 1, 8, 0, 8,
                        List.of(call(0, 8)))));
        // the keep state changes at an unaligned EOF inside a block
        FakeCache e = new FakeCache(2, 2);
        e.addFolio(0, 0, true, true);
        e.iSize = 2;
        List<PunchContract.Violation> eof = PunchContract.checkRelease(Generation.SEED_61, e, 2,
                2, 0, 8, List.of(call(0, 8)));
        assertEquals("PUNCHED_KEPT: bytes [0, 2) must be kept but were punched",
                render(eof.get(0)));
        // a call's own bounds split segments: [0,1) punched, [1,2) kept and not punched
        assertTrue(PunchContract.checkRelease(Generation.SEED_61, e, 0, 1, 0, 4,
                List.of(call(1, 3))).isEmpty());
        List<PunchContract.Violation> gap = PunchContract.checkRelease(Generation.SEED_61, e, 0, 1,
                0, 4, List.of(call(2, 2)));
        assertEquals("NOT_PUNCHED: bytes [1, 2) must be punched but were not",
                only(gap));
        // the first block boundary after an unaligned start splits too: [2,4) is a dirty block
        // of the ifs folio, [4,8) a hole
        assertEquals("PUNCHED_KEPT: bytes [2, 4) must be kept but were punched",
                only(PunchContract.checkRelease(Generation.NEWEST, c, 1, 8, 2, 8,
                        List.of(call(2, 6)))));
        // a segment starting exactly at a call's end is not covered by it
        assertEquals("NOT_PUNCHED: bytes [4, 8) must be punched but were not",
                only(PunchContract.checkRelease(Generation.SEED_61, new FakeCache(2, 2), 2, 0, 0,
                        8, List.of(call(0, 4)))));
        // the start of a call covers its first byte
        assertTrue(PunchContract.checkRelease(Generation.SEED_61, new FakeCache(2, 2), 2, 0, 0,
                8, List.of(call(0, 4), call(4, 4))).isEmpty());
    }

    @Test
    void anUnalignedCallSplitsItsBlock() {
        // block 4, nothing cached: punch(1, 7) leaves [0, 1) of block 0 unpunched; only the
        // call's own start bounds that segment
        List<PunchContract.Violation> vs = PunchContract.checkRelease(Generation.SEED_61,
                new FakeCache(2, 2), 2, 0, 0, 8, List.of(call(1, 7)));
        assertEquals("[UNALIGNED: call 0 punch(1, 7) not aligned to the block size 4,"
                + " NOT_PUNCHED: bytes [0, 1) must be punched but were not]",
                renderAll(vs));
    }

    @Test
    void eachClauseOfTheCallChecksReportsAlone() {
        // an unaligned start with an aligned length, then an aligned start with an unaligned
        // length; a start before the range with an end inside it, then the reverse
        FakeCache c = new FakeCache(2, 2);
        List<PunchContract.Violation> unaligned = PunchContract.checkRelease(Generation.SEED_61,
                c, 2, 0, 0, 16, List.of(call(2, 4), call(8, 6)));
        assertEquals(List.of("call 0 punch(2, 4) not aligned to the block size 4",
                "call 1 punch(8, 6) not aligned to the block size 4"), messages(unaligned,
                PunchContract.Kind.UNALIGNED));
        List<PunchContract.Violation> outside = PunchContract.checkRelease(Generation.SEED_61,
                c, 2, 0, 4, 12, List.of(call(0, 8), call(8, 8)));
        assertEquals(List.of("call 0 punch(0, 8) outside [4, 12)",
                "call 1 punch(8, 8) outside [4, 12)"), messages(outside,
                PunchContract.Kind.OUT_OF_RANGE));
    }

    @Test
    void aMalformedCallPunchesNothing() {
        // offset + length wraps around to a huge end: reported, and not counted as covering
        List<PunchContract.Violation> vs = PunchContract.checkRelease(Generation.SEED_61,
                new FakeCache(2, 2), 2, 0, 0, 16, List.of(call(Long.MIN_VALUE + 1, -5)));
        assertEquals("[EMPTY_OR_NEGATIVE: call 0 punch(-9223372036854775807, -5),"
                + " NOT_PUNCHED: bytes [0, 16) must be punched but were not]",
                renderAll(vs));
    }

    private static List<String> messages(List<PunchContract.Violation> vs,
            PunchContract.Kind kind) {
        return vs.stream().filter(v -> v.kind() == kind).map(PunchContract.Violation::message)
                .toList();
    }

    @Test
    void theSegmentLimitCountsTheRangeNotItsEnd() {
        // MAX_SEGMENTS one-byte blocks starting at byte 8 are within the limit
        long max = PunchContract.MAX_SEGMENTS;
        List<PunchContract.Violation> all = PunchContract.checkRelease(Generation.SEED_61,
                new FakeCache(2, 2), 0, 0, 8, 8 + max, List.of());
        assertEquals("NOT_PUNCHED: bytes [8, 1048584) must be punched but were not", only(all));
    }

    @Test
    void callsUpToLongMaxAreNotOverflowing() {
        List<PunchContract.Violation> vs = check(Generation.SEED_61, call(Long.MAX_VALUE - 4, 4));
        assertTrue(vs.stream().noneMatch(v -> v.kind() == PunchContract.Kind.EMPTY_OR_NEGATIVE),
                Runs.text(vs));
        assertEquals(PunchContract.Kind.OUT_OF_RANGE, vs.get(0).kind());
    }

    @Test
    void eachConditionOfTheEofOverlapMatters() {
        FakeCache c = new FakeCache(2, 1);
        c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {true, false});
        c.iSize = 3;
        // the final call does not start at i_size
        assertOverlap(c, 3, List.of(call(2, 2), call(2, 6)));
        // the earlier call is longer than a block
        assertOverlap(c, 3, List.of(call(2, 4), call(3, 5)));
        // the earlier call is one block but not the block holding i_size
        assertOverlap(c, 3, List.of(call(3, 2), call(3, 5)));
        // i_size is block aligned
        c.iSize = 4;
        assertOverlap(c, 4, List.of(call(4, 2), call(4, 4)));
    }

    private static void assertOverlap(FakeCache c, long iSize, List<PunchContract.PunchCall> cs) {
        List<PunchContract.Violation> vs = PunchContract.checkRelease(Generation.NEWEST, c, 1,
                iSize, 0, 8, cs);
        assertTrue(vs.stream().anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP),
                cs + Runs.text(vs));
    }

    @Test
    void rejectsAnInvertedRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PunchContract.checkRelease(Generation.SEED_61, cache(), 2, 16, 8, 4,
                        List.of()));
        assertEquals("endByte must be >= startByte (8), was 4", e.getMessage());
    }
}
