package dev.punchspec.extent;

import static dev.punchspec.extent.ExtentState.UNWRITTEN;
import static dev.punchspec.extent.ExtentState.WRITTEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Fork}: lookups and every case of the record edits, by hand, with their reservation arithmetic. */
class ForkTest {

    private static final XfsIndlen TINY = new XfsIndlen(2, 2, 3);
    private static final long MAX = 100;

    private static Extent d(long off, long len, long ind) {
        return Extent.delalloc(off, len, ind);
    }

    private static Extent r(long off, long len, long disk, ExtentState state) {
        return Extent.real(off, len, disk, state);
    }

    private static Fork fork(Extent... records) {
        return Fork.of(WhichFork.DATA, List.of(records));
    }

    // --- lookups -------------------------------------------------------------------------------

    @Test
    void lookupFindsTheRecordEndingAfterTheBlock() {
        Fork f = fork(d(2, 2, 3), r(6, 2, 0, WRITTEN));
        assertEquals(0, f.lookup(0));
        assertEquals(0, f.lookup(3));
        assertEquals(1, f.lookup(4));
        assertEquals(1, f.lookup(7));
        assertEquals(2, f.lookup(8));
        assertEquals(Extent.hole(0, 2), f.mappingAt(0));
        assertEquals(d(2, 2, 3), f.mappingAt(3));
        assertEquals(Extent.hole(4, 2), f.mappingAt(4));
        assertEquals(r(6, 2, 0, WRITTEN), f.mappingAt(6));
        assertEquals(Extent.hole(8, IndlenPolicy.MAX_FSB - 8), f.mappingAt(8));
        assertEquals(Extent.hole(IndlenPolicy.MAX_FSB - 1, 1), f.mappingAt(IndlenPolicy.MAX_FSB - 1));
        assertThrows(IllegalArgumentException.class, () -> f.mappingAt(-1));
        assertThrows(IllegalArgumentException.class, () -> f.mappingAt(IndlenPolicy.MAX_FSB));
    }

    @Test
    void ofRestoresAnyRecordsAndTheInvariantsSayWhatIsWrong() {
        assertEquals(List.of("DATA fork records 0 and 1 are unsorted or overlap: [2, 4) DELALLOC ind 3,"
                + " [3, 5) DELALLOC ind 3"), fork(d(2, 2, 3), d(3, 2, 3)).invariantViolations(MAX, 100));
        assertEquals(1, fork(d(4, 2, 3), d(0, 2, 3)).invariantViolations(MAX, 100).size());
        assertEquals(List.of("DATA fork record 0 is a hole record: [0, 2) HOLE"),
                fork(Extent.hole(0, 2)).invariantViolations(MAX, 100));
        assertEquals(List.of(), fork(d(2, 2, 3), d(4, 2, 3)).invariantViolations(MAX, 100));
        assertEquals(2, fork(d(2, 2, 3), d(4, 2, 3)).count());
    }

    @Test
    void lookupsOutsideTheFileAreRejectedNamingTheBlock() {
        Fork f = fork(d(2, 2, 3));
        assertEquals("fsb must be 0.." + (IndlenPolicy.MAX_FSB - 1) + ", was -1", Rejections.rejected(() -> f.mappingAt(-1)));
        assertEquals("fsb must be 0.." + (IndlenPolicy.MAX_FSB - 1) + ", was " + IndlenPolicy.MAX_FSB,
                Rejections.rejected(() -> f.mappingAt(IndlenPolicy.MAX_FSB)));
    }

    // --- xfs_bmap_add_extent_hole_delay ------------------------------------------------------

    @Test
    void holeDelayIntoAnEmptyForkInsertsAndReleasesNothing() {
        Fork f = new Fork(WhichFork.COW);
        assertEquals(0, f.addHoleDelay(d(2, 3, 4), TINY, MAX));
        assertEquals(List.of(d(2, 3, 4)), f.extents());
        assertEquals(1, f.seq());
        assertEquals(WhichFork.COW, f.which());
    }

    @Test
    void holeDelayMergesLeftAndReleasesTheExcessReservation() {
        Fork f = fork(d(0, 2, 3));
        // worst(4) = 4 < 3 + 3: two indirect blocks come back.
        assertEquals(2, f.addHoleDelay(d(2, 2, 3), TINY, MAX));
        assertEquals(List.of(d(0, 4, 4)), f.extents());
    }

    @Test
    void holeDelayMergesRight() {
        Fork f = fork(d(4, 2, 3));
        assertEquals(2, f.addHoleDelay(d(2, 2, 3), TINY, MAX));
        assertEquals(List.of(d(2, 4, 4)), f.extents());
    }

    @Test
    void holeDelayMergesBothSides() {
        Fork f = fork(d(0, 2, 3), d(4, 2, 3));
        // worst(6) = 6 of 9.
        assertEquals(3, f.addHoleDelay(d(2, 2, 3), TINY, MAX));
        assertEquals(List.of(d(0, 6, 6)), f.extents());
    }

    @Test
    void holeDelayKeepsTheSmallerOfWorstCaseAndMergedReservations() {
        Fork f = fork(d(0, 2, 1));
        // worst(4) = 4 > 1 + 1: the merged record keeps only the 2 it had.
        assertEquals(0, f.addHoleDelay(d(2, 2, 1), TINY, MAX));
        assertEquals(List.of(d(0, 4, 2)), f.extents());
    }

    @Test
    void holeDelayRefusesMergesPastTheLongestRecord() {
        Fork left = fork(d(0, 2, 3));
        assertEquals(0, left.addHoleDelay(d(2, 2, 3), TINY, 3));
        assertEquals(List.of(d(0, 2, 3), d(2, 2, 3)), left.extents());
        Fork right = fork(d(4, 2, 3));
        assertEquals(0, right.addHoleDelay(d(2, 2, 3), TINY, 3));
        assertEquals(List.of(d(2, 2, 3), d(4, 2, 3)), right.extents());
        // Left and right each fit with the new record, all three do not: only the left merge.
        Fork both = fork(d(0, 2, 3), d(4, 2, 3));
        assertEquals(2, both.addHoleDelay(d(2, 2, 3), TINY, 5));
        assertEquals(List.of(d(0, 4, 4), d(4, 2, 3)), both.extents());
        // Exactly at the limit the merges happen.
        Fork exact = fork(d(0, 2, 3), d(4, 2, 3));
        assertEquals(3, exact.addHoleDelay(d(2, 2, 3), TINY, 6));
        assertEquals(List.of(d(0, 6, 6)), exact.extents());
        Fork exactLeft = fork(d(0, 2, 3));
        assertEquals(2, exactLeft.addHoleDelay(d(2, 2, 3), TINY, 4));
        Fork exactRight = fork(d(4, 2, 3));
        assertEquals(2, exactRight.addHoleDelay(d(2, 2, 3), TINY, 4));
    }

    @Test
    void holeDelayRightMergeIgnoresTheThreeWayLimitUnlessTheLeftMergesToo() {
        // xfs_bmap_add_extent_hole_delay(): the right merge checks left + new + right against the
        // limit only when the left merge happens (!(state & BMAP_LEFT_CONTIG) || ...). Here the
        // left neighbour is delalloc but does not count: in the first case it does not touch the
        // new record, in the second the left merge itself would be too long. The sum of all three
        // (5 and 7) is past the limit 4 both times, and the right merge still happens.
        Fork apart = fork(d(0, 1, 3), d(5, 2, 3));
        assertEquals(2, apart.addHoleDelay(d(3, 2, 3), TINY, 4));
        assertEquals(List.of(d(0, 1, 3), d(3, 4, 4)), apart.extents());
        Fork leftTooLong = fork(d(0, 3, 3), d(5, 2, 3));
        assertEquals(2, leftTooLong.addHoleDelay(d(3, 2, 3), TINY, 4));
        assertEquals(List.of(d(0, 3, 3), d(3, 4, 4)), leftTooLong.extents());
    }

    @Test
    void holeDelayMergesOnlyWithTouchingDelallocNeighbours() {
        Fork f = fork(r(0, 2, 5, WRITTEN), d(5, 2, 3));
        assertEquals(0, f.addHoleDelay(d(2, 2, 3), TINY, MAX));
        assertEquals(List.of(r(0, 2, 5, WRITTEN), d(2, 2, 3), d(5, 2, 3)), f.extents());
        Fork g = fork(d(0, 1, 3), r(4, 1, 5, UNWRITTEN));
        assertEquals(0, g.addHoleDelay(d(2, 2, 3), TINY, MAX));
        assertEquals(List.of(d(0, 1, 3), d(2, 2, 3), r(4, 1, 5, UNWRITTEN)), g.extents());
    }

    @Test
    void holeDelayRejectsOverlapsAndNonDelallocRecords() {
        Fork f = fork(d(2, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> f.addHoleDelay(d(3, 2, 3), TINY, MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addHoleDelay(d(0, 3, 3), TINY, MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addHoleDelay(r(5, 1, 0, WRITTEN), TINY, MAX));
        assertEquals(1, f.addHoleDelay(d(0, 2, 2), TINY, MAX));
        assertEquals(List.of(d(0, 4, 4)), f.extents());
    }

    // --- punch -------------------------------------------------------------------------------

    @Test
    void punchRebuildsTheRecordsAndCountsWhatWentBack() {
        Fork f = fork(d(0, 10, 9), r(10, 2, 3, WRITTEN), d(14, 2, 3));
        Fork.PunchResult result = f.punchDelalloc(4, 15, TINY);
        assertEquals(List.of(d(0, 4, 4), r(10, 2, 3, WRITTEN), d(15, 1, 3)), f.extents());
        assertEquals(6 + 1, result.punchedFsb);
        // [0, 10) keeps worst(4) = 4 of 9: 5 + 6 data blocks; [14, 16) keeps its 3: 1 data block.
        assertEquals(5 + 6 + 1, result.returnedFsb);
        assertEquals(2, result.recordsTouched);
        assertEquals(2, f.seq());
    }

    @Test
    void punchOfTheMiddleLeavesTwoRecords() {
        Fork f = fork(d(0, 10, 9));
        Fork.PunchResult result = f.punchDelalloc(4, 6, TINY);
        assertEquals(List.of(d(0, 4, 4), d(6, 4, 4)), f.extents());
        assertEquals(2, result.punchedFsb);
        assertEquals(3, result.returnedFsb);
    }

    @Test
    void punchOfNothingOrOfNoDelallocChangesNothing() {
        Fork f = fork(r(0, 4, 0, UNWRITTEN));
        assertEquals(0, f.punchDelalloc(0, 4, TINY).punchedFsb);
        assertEquals(0, f.punchDelalloc(3, 3, TINY).returnedFsb);
        assertEquals(List.of(r(0, 4, 0, UNWRITTEN)), f.extents());
        assertEquals(0, f.seq());
        assertEquals(0, new Fork(WhichFork.DATA).punchDelalloc(0, 1, TINY).recordsTouched);
        assertThrows(IllegalArgumentException.class, () -> f.punchDelalloc(-1, 2, TINY));
        assertThrows(IllegalArgumentException.class, () -> f.punchDelalloc(0, IndlenPolicy.MAX_FSB + 1, TINY));
        assertEquals(0, f.punchDelalloc(0, IndlenPolicy.MAX_FSB, TINY).punchedFsb);
    }

    @Test
    void anEmptyOrInvertedRangeNeverReachesThePunchLoop() {
        // DelallocPunchLoop.punch's proved contract requires startFsb < endFsb, so punchDelalloc
        // must answer an empty or inverted range itself. Running the loop anyway would happen to
        // change nothing (every trimmed piece is empty), so the shared NOTHING result is the one
        // trace of the early return: a result the loop produced is always a new object.
        Fork f = fork(d(0, 4, 3), d(6, 4, 3));
        assertSame(Fork.PunchResult.NOTHING, f.punchDelalloc(2, 2, TINY));
        assertSame(Fork.PunchResult.NOTHING, f.punchDelalloc(8, 2, TINY));
        assertEquals(List.of(d(0, 4, 3), d(6, 4, 3)), f.extents());
        assertEquals(0, f.seq());
        assertNotSame(Fork.PunchResult.NOTHING, f.punchDelalloc(4, 6, TINY), "a non-empty range runs the loop");
    }

    // --- xfs_bmap_add_extent_delay_real --------------------------------------------------------

    @Test
    void delayRealFillingTheWholeRecord() {
        Fork f = fork(d(0, 4, 4));
        assertEquals(4, f.addDelayReal(0, r(0, 4, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 4, 10, UNWRITTEN)), f.extents());
    }

    @Test
    void delayRealFillingTheStartKeepsTheRestDelalloc() {
        Fork f = fork(d(0, 8, 7));
        // The rest [3, 8) keeps min(worst(5) = 6, 7): one indirect block comes back.
        assertEquals(1, f.addDelayReal(0, r(0, 3, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 3, 10, UNWRITTEN), d(3, 5, 6)), f.extents());
        Fork capped = fork(d(0, 8, 2));
        assertEquals(0, capped.addDelayReal(0, r(0, 3, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 3, 10, UNWRITTEN), d(3, 5, 2)), capped.extents());
    }

    @Test
    void delayRealMergesWithContiguousNeighbours() {
        Fork left = fork(r(0, 2, 8, UNWRITTEN), d(2, 2, 3));
        assertEquals(3, left.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 4, 8, UNWRITTEN)), left.extents());

        Fork right = fork(d(0, 2, 3), r(2, 2, 12, UNWRITTEN));
        assertEquals(3, right.addDelayReal(0, r(0, 2, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 4, 10, UNWRITTEN)), right.extents());

        Fork both = fork(r(0, 2, 8, UNWRITTEN), d(2, 2, 3), r(4, 2, 12, UNWRITTEN));
        assertEquals(3, both.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 6, 8, UNWRITTEN)), both.extents());

        Fork leftPartial = fork(r(0, 2, 8, UNWRITTEN), d(2, 6, 7));
        // LEFT_FILLING | LEFT_CONTIG: the left record grows, the rest [5, 8) keeps min(worst(3) = 4, 7).
        assertEquals(3, leftPartial.addDelayReal(1, r(2, 3, 10, UNWRITTEN), TINY, MAX));
        assertEquals(List.of(r(0, 5, 8, UNWRITTEN), d(5, 3, 4)), leftPartial.extents());
    }

    @Test
    void delayRealDoesNotMergeAcrossStateDiskGapsOrTheLongestRecord() {
        Fork state = fork(r(0, 2, 8, WRITTEN), d(2, 2, 3));
        state.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX);
        assertEquals(List.of(r(0, 2, 8, WRITTEN), r(2, 2, 10, UNWRITTEN)), state.extents());
        Fork gap = fork(r(0, 2, 7, UNWRITTEN), d(2, 2, 3), r(4, 2, 13, UNWRITTEN));
        gap.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX);
        assertEquals(3, gap.count());
        Fork fileGap = fork(r(0, 1, 9, UNWRITTEN), d(2, 2, 3), r(5, 2, 12, UNWRITTEN));
        fileGap.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX);
        assertEquals(3, fileGap.count());
        Fork tooLong = fork(r(0, 2, 8, UNWRITTEN), d(2, 2, 3), r(4, 2, 12, UNWRITTEN));
        tooLong.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, 5);
        // The left merge fits (4), the three together (6) do not: the right one is refused.
        assertEquals(List.of(r(0, 4, 8, UNWRITTEN), r(4, 2, 12, UNWRITTEN)), tooLong.extents());
        Fork leftExact = fork(r(0, 2, 8, UNWRITTEN), d(2, 2, 3));
        leftExact.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, 4);
        assertEquals(List.of(r(0, 4, 8, UNWRITTEN)), leftExact.extents());
        Fork rightExact = fork(d(0, 2, 3), r(2, 2, 12, UNWRITTEN));
        rightExact.addDelayReal(0, r(0, 2, 10, UNWRITTEN), TINY, 4);
        assertEquals(List.of(r(0, 4, 10, UNWRITTEN)), rightExact.extents());
        Fork leftTooLong = fork(r(0, 2, 8, UNWRITTEN), d(2, 2, 3));
        leftTooLong.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, 3);
        assertEquals(2, leftTooLong.count());
        Fork rightTooLong = fork(d(0, 2, 3), r(2, 2, 12, UNWRITTEN));
        rightTooLong.addDelayReal(0, r(0, 2, 10, UNWRITTEN), TINY, 3);
        assertEquals(2, rightTooLong.count());
        Fork delallocNeighbour = fork(d(0, 2, 3), d(2, 2, 3));
        delallocNeighbour.addDelayReal(1, r(2, 2, 10, UNWRITTEN), TINY, MAX);
        assertEquals(List.of(d(0, 2, 3), r(2, 2, 10, UNWRITTEN)), delallocNeighbour.extents());
    }

    @Test
    void delayRealRejectsWhatConvertDelallocNeverDoes() {
        Fork f = fork(d(0, 4, 4), r(4, 2, 0, UNWRITTEN));
        assertThrows(IllegalArgumentException.class, () -> f.addDelayReal(1, r(4, 1, 9, UNWRITTEN), TINY, MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addDelayReal(0, d(0, 2, 1), TINY, MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addDelayReal(0, r(1, 2, 9, UNWRITTEN), TINY, MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addDelayReal(0, r(0, 5, 9, UNWRITTEN), TINY, MAX));
        assertEquals(0, f.seq());
    }

    // --- xfs_bmap_add_extent_unwritten_real: the nine cases ------------------------------------

    @Test
    void unwrittenRealWholeRecordWithoutNeighbours() {
        Fork f = fork(r(0, 4, 10, UNWRITTEN));
        f.addUnwrittenReal(0, r(0, 4, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 4, 10, WRITTEN)), f.extents());
    }

    @Test
    void unwrittenRealWholeRecordMergingLeftRightOrBoth() {
        Fork left = fork(r(0, 2, 8, WRITTEN), r(2, 2, 10, UNWRITTEN));
        left.addUnwrittenReal(1, r(2, 2, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 4, 8, WRITTEN)), left.extents());
        Fork right = fork(r(0, 2, 10, UNWRITTEN), r(2, 2, 12, WRITTEN));
        right.addUnwrittenReal(0, r(0, 2, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 4, 10, WRITTEN)), right.extents());
        Fork both = fork(r(0, 2, 8, WRITTEN), r(2, 2, 10, UNWRITTEN), r(4, 2, 12, WRITTEN));
        both.addUnwrittenReal(1, r(2, 2, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 6, 8, WRITTEN)), both.extents());
    }

    @Test
    void unwrittenRealFirstPart() {
        Fork f = fork(r(0, 4, 10, UNWRITTEN));
        f.addUnwrittenReal(0, r(0, 1, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 1, 10, WRITTEN), r(1, 3, 11, UNWRITTEN)), f.extents());
        Fork merging = fork(r(0, 2, 8, WRITTEN), r(2, 4, 10, UNWRITTEN));
        merging.addUnwrittenReal(1, r(2, 1, 10, WRITTEN), MAX);
        assertEquals(List.of(r(0, 3, 8, WRITTEN), r(3, 3, 11, UNWRITTEN)), merging.extents());
    }

    @Test
    void unwrittenRealLastPart() {
        Fork f = fork(r(0, 4, 10, UNWRITTEN));
        f.addUnwrittenReal(0, r(3, 1, 13, WRITTEN), MAX);
        assertEquals(List.of(r(0, 3, 10, UNWRITTEN), r(3, 1, 13, WRITTEN)), f.extents());
        Fork merging = fork(r(0, 4, 10, UNWRITTEN), r(4, 2, 14, WRITTEN));
        merging.addUnwrittenReal(0, r(3, 1, 13, WRITTEN), MAX);
        assertEquals(List.of(r(0, 3, 10, UNWRITTEN), r(3, 3, 13, WRITTEN)), merging.extents());
    }

    @Test
    void unwrittenRealMiddleMakesThreeRecords() {
        Fork f = fork(r(2, 5, 10, UNWRITTEN));
        f.addUnwrittenReal(0, r(4, 2, 12, WRITTEN), MAX);
        assertEquals(List.of(r(2, 2, 10, UNWRITTEN), r(4, 2, 12, WRITTEN), r(6, 1, 14, UNWRITTEN)), f.extents());
        assertEquals(1, f.seq());
        assertTrue(f.invariantViolations(MAX, 100).isEmpty());
    }

    @Test
    void unwrittenRealRefusesMergesPastTheLongestRecord() {
        Fork both = fork(r(0, 2, 8, WRITTEN), r(2, 2, 10, UNWRITTEN), r(4, 2, 12, WRITTEN));
        both.addUnwrittenReal(1, r(2, 2, 10, WRITTEN), 5);
        assertEquals(List.of(r(0, 4, 8, WRITTEN), r(4, 2, 12, WRITTEN)), both.extents());
        Fork exact = fork(r(0, 2, 8, WRITTEN), r(2, 2, 10, UNWRITTEN), r(4, 2, 12, WRITTEN));
        exact.addUnwrittenReal(1, r(2, 2, 10, WRITTEN), 6);
        assertEquals(List.of(r(0, 6, 8, WRITTEN)), exact.extents());
        // A right merge alone is not limited by the three-way sum.
        Fork rightOnly = fork(r(0, 2, 8, UNWRITTEN), r(2, 2, 10, UNWRITTEN), r(4, 2, 12, WRITTEN));
        rightOnly.addUnwrittenReal(1, r(2, 2, 10, WRITTEN), 4);
        assertEquals(List.of(r(0, 2, 8, UNWRITTEN), r(2, 4, 10, WRITTEN)), rightOnly.extents());
    }

    @Test
    void unwrittenRealRejectsWhatIsNotTheWrittenPartOfAnUnwrittenRecord() {
        Fork f = fork(r(2, 4, 10, UNWRITTEN), r(6, 2, 20, WRITTEN));
        assertThrows(IllegalArgumentException.class, () -> f.addUnwrittenReal(1, r(6, 1, 20, WRITTEN), MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addUnwrittenReal(0, r(2, 1, 10, UNWRITTEN), MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addUnwrittenReal(0, r(1, 2, 9, WRITTEN), MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addUnwrittenReal(0, r(5, 2, 13, WRITTEN), MAX));
        assertThrows(IllegalArgumentException.class, () -> f.addUnwrittenReal(0, r(3, 1, 10, WRITTEN), MAX));
        assertEquals(0, f.seq());
    }

    // --- xfs_bunmapi / cancel COW ------------------------------------------------------------------

    @Test
    void unmapRealFromRemovesAndTrimsRealRecordsOnly() {
        Fork f = fork(r(0, 4, 10, WRITTEN), d(4, 2, 3), r(6, 2, 20, UNWRITTEN), r(9, 1, 30, WRITTEN));
        List<Extent> removed = f.unmapRealFrom(2);
        assertEquals(List.of(r(2, 2, 12, WRITTEN), r(6, 2, 20, UNWRITTEN), r(9, 1, 30, WRITTEN)), removed);
        assertEquals(List.of(r(0, 2, 10, WRITTEN), d(4, 2, 3)), f.extents());
        assertEquals(3, f.seq());
        assertEquals(List.of(), f.unmapRealFrom(2));
        assertEquals(List.of(), fork(r(0, 2, 0, WRITTEN)).unmapRealFrom(2));
    }

    // --- invariants and values -------------------------------------------------------------------

    @Test
    void invariantViolationsNameEachBrokenRule() {
        assertTrue(fork(d(0, 2, 3), r(2, 3, 5, WRITTEN)).invariantViolations(3, 8).isEmpty());
        List<String> tooLong = fork(d(0, 4, 3)).invariantViolations(3, 8);
        assertEquals(1, tooLong.size());
        assertTrue(tooLong.get(0).contains("longer than maxExtentBlocks 3"));
        List<String> offDisk = fork(r(0, 2, 7, WRITTEN)).invariantViolations(3, 8);
        assertEquals(1, offDisk.size());
        assertTrue(offDisk.get(0).contains("beyond the disk"));
        assertTrue(fork(r(0, 2, 6, WRITTEN)).invariantViolations(3, 8).isEmpty());
        assertTrue(fork(d(0, 3, 3)).invariantViolations(3, 8).isEmpty());
    }

    @Test
    void isSortedAndDisjointHoldsExactlyWhenEachRecordEndsAtOrBeforeTheNextStarts() {
        // Every Fork operation keeps the records sorted and disjoint; only Fork.of (restoring a
        // state as it is, e.g. from a conformance vector) can hold records that are not, and this
        // predicate is how a caller tells (it is also the class invariant DelallocPunchLoop's
        // proof assumes).
        assertTrue(new Fork(WhichFork.DATA).isSortedAndDisjoint());
        assertTrue(fork(d(2, 2, 3)).isSortedAndDisjoint());
        assertTrue(fork(d(0, 2, 3), r(2, 3, 5, WRITTEN), d(5, 1, 1)).isSortedAndDisjoint(), "touching records");
        assertTrue(fork(d(0, 1, 1), d(3, 1, 1), r(9, 1, 0, UNWRITTEN)).isSortedAndDisjoint(), "gaps");
        assertFalse(fork(d(2, 2, 3), d(3, 2, 3)).isSortedAndDisjoint(), "overlapping by one block");
        assertFalse(fork(d(4, 2, 3), d(0, 2, 3)).isSortedAndDisjoint(), "unsorted");
        assertFalse(fork(d(0, 1, 1), d(1, 1, 1), d(1, 1, 1)).isSortedAndDisjoint(), "only the last pair overlaps");
        assertFalse(fork(d(0, 4, 1), d(1, 1, 1)).isSortedAndDisjoint(), "a record inside the one before");
    }

    @Test
    void forksAreValues() {
        Fork f = fork(d(0, 2, 3));
        Fork copy = f.copy();
        assertEquals(f, copy);
        assertEquals(f.hashCode(), copy.hashCode());
        copy.addHoleDelay(d(4, 1, 1), TINY, MAX);
        assertNotEquals(f, copy);
        assertEquals(1, f.count());
        assertNotEquals(f, Fork.of(WhichFork.COW, List.of(d(0, 2, 3))));
        assertNotEquals(f, fork(d(0, 2, 2)));
        Fork bumped = fork(d(0, 2, 3));
        bumped.punchDelalloc(5, 6, TINY);
        assertEquals(f, bumped);
        bumped.addHoleDelay(d(5, 1, 1), TINY, MAX);
        bumped.punchDelalloc(5, 6, TINY);
        assertEquals(f.extents(), bumped.extents());
        assertNotEquals(f, bumped, "if_seq differs");
        assertNotEquals(f.hashCode(), bumped.hashCode());
        assertNotEquals(f, "fork");
        assertEquals("DATA fork seq 0 [[0, 2) DELALLOC ind 3]", f.toString());
        assertEquals(d(0, 2, 3), f.get(0));
    }
}
