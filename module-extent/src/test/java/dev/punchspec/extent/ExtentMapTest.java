package dev.punchspec.extent;

import static dev.punchspec.extent.ExtentState.UNWRITTEN;
import static dev.punchspec.extent.ExtentState.WRITTEN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.LockViolation;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/**
 * {@link ExtentMap}: every operation by hand on a tiny filesystem (4-byte blocks, 8-byte pages,
 * the tiny btree geometry), with the counters after each step, the punch rounding and the
 * recorded precondition violations, and ILOCK taken through the lock model.
 */
class ExtentMapTest {

    static final Geometry GEOMETRY = new Geometry(8, 4, 2);
    static final XfsIndlen TINY = new XfsIndlen(2, 2, 3);
    static final XfsParams PARAMS = XfsParams.of(GEOMETRY, 32).withIndlen(TINY);

    // JUnit makes a new instance for every test, so every test starts from these.
    private final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    private final TaskContext task = validator.newTask(1, "writer", new SequentialHook());
    private ExtentMap map = new ExtentMap(PARAMS);

    /** An inode of the given block size whose page cache the punch never touches. */
    static Inode inode(int blkbits) {
        return new Inode() {
            @Override
            public long iSizeRead() {
                return 0;
            }

            @Override
            public int blkbits() {
                return blkbits;
            }

            @Override
            public AddressSpace mapping() {
                throw new UnsupportedOperationException("the XFS punch does not look at the page cache");
            }
        };
    }

    private static Extent d(long off, long len, long ind) {
        return Extent.delalloc(off, len, ind);
    }

    private static Extent r(long off, long len, long disk, ExtentState state) {
        return Extent.real(off, len, disk, state);
    }

    private void assertCounters(long free, long delalloc, long delayed, long nblocks) {
        assertEquals(free, map.freeBlocks(), "free");
        assertEquals(delalloc, map.delallocBlocks(), "delalloc");
        assertEquals(delayed, map.delayedBlocks(), "i_delayed_blks");
        assertEquals(nblocks, map.inodeBlocks(), "i_nblocks");
        assertEquals(List.of(), map.invariantViolations());
        assertTrue(map.invariantsHold());
    }

    private static Map<String, Long> fields(Object... namesAndValues) {
        Map<String, Long> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
        }
        return fields;
    }

    // --- reservation ---------------------------------------------------------------------------

    @Test
    void reservationTakesDataAndIndirectBlocks() throws XfsError {
        assertCounters(32, 0, 0, 0);
        assertEquals(d(0, 4, 4), map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0));
        assertCounters(24, 8, 4, 0);
        assertEquals(List.of(d(0, 4, 4)), map.extents(WhichFork.DATA));
        assertEquals(List.of(), map.extents(WhichFork.COW));
        assertEquals(1, map.forkSeq(WhichFork.DATA));
        assertEquals(0, map.forkSeq(WhichFork.COW));
        assertTrue(task.heldLocks().isEmpty(), "ILOCK released");
    }

    @Test
    void reservationStopsAtTheNextRecordAndMergesWithIt() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 5, 1, 0);
        assertCounters(28, 4, 1, 0);
        // [0, 10) is cut at 5; merged with [5, 6), the record keeps min(worst(6) = 6, 6 + 3).
        assertEquals(d(0, 5, 6), map.reserveDelalloc(task, WhichFork.DATA, 0, 10, 0));
        assertEquals(List.of(d(0, 6, 6)), map.extents(WhichFork.DATA));
        assertCounters(28 - 11 + 3, 12, 6, 0);
    }

    @Test
    void reservationIntoAMappedBlockIsRefused() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 2, 2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map.reserveDelalloc(task, WhichFork.COW, 3, 1, 0));
        assertTrue(String.valueOf(e.getMessage()).contains("offFsb 3 is mapped in the COW fork"));
        map.reserveDelalloc(task, WhichFork.DATA, 3, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> map.reserveDelalloc(task, WhichFork.DATA, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> map.reserveDelalloc(task, WhichFork.DATA, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> map.reserveDelalloc(task, WhichFork.DATA, 0, 1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> map.reserveDelalloc(task, WhichFork.DATA, IndlenPolicy.MAX_FSB, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> map.reserveDelalloc(task, WhichFork.DATA, 0, IndlenPolicy.MAX_FSB + 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> map.reserveDelalloc(task, WhichFork.DATA, 0, 1, IndlenPolicy.MAX_FSB + 1));
        assertTrue(task.heldLocks().isEmpty(), "ILOCK released after a refusal");
    }

    @Test
    void reservationArgumentsAreRejectedNamingTheArgument() throws XfsError {
        assertTrue(Rejections.rejected(() -> map.reserveDelalloc(task, WhichFork.DATA, 0, 0, 0))
                .startsWith("lenFsb must be 1.."));
        assertTrue(Rejections.rejected(() -> map.reserveDelalloc(task, WhichFork.DATA, 0, IndlenPolicy.MAX_FSB + 1, 0))
                .startsWith("lenFsb must be 1.."));
        assertTrue(Rejections.rejected(() -> map.reserveDelalloc(task, WhichFork.DATA, 0, 1, -1))
                .startsWith("preallocFsb must be 0.."));
        assertTrue(Rejections.rejected(() -> map.reserveDelalloc(task, WhichFork.DATA, 0, 1, IndlenPolicy.MAX_FSB + 1))
                .startsWith("preallocFsb must be 0.."));
        assertTrue(Rejections.rejected(() -> map.reserveDelalloc(task, WhichFork.DATA, -1, 1, 0))
                .startsWith("fsb must be 0.."));
        // The largest length and preallocation are accepted (and cut at the longest record).
        ExtentMap big = new ExtentMap(XfsParams.of(GEOMETRY, 1L << 22));
        assertEquals(XfsParams.XFS_MAX_BMBT_EXTLEN,
                big.reserveDelalloc(task, WhichFork.DATA, 0, IndlenPolicy.MAX_FSB, 0).lengthFsb());
        ExtentMap bigPrealloc = new ExtentMap(XfsParams.of(GEOMETRY, 1L << 22));
        assertEquals(XfsParams.XFS_MAX_BMBT_EXTLEN,
                bigPrealloc.reserveDelalloc(task, WhichFork.COW, 0, 1, IndlenPolicy.MAX_FSB).lengthFsb());
        // With half the disk gone the preallocation no longer fits and is dropped.
        assertEquals(1, big.reserveDelalloc(task, WhichFork.COW, 0, 1, IndlenPolicy.MAX_FSB).lengthFsb());
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void reservationAtTheLastBlockIsCutAtTheModelsLimit() throws XfsError {
        ExtentMap big = new ExtentMap(XfsParams.of(GEOMETRY, IndlenPolicy.MAX_FSB).withIndlen(TINY));
        assertEquals(d(IndlenPolicy.MAX_FSB - 1, 1, 3),
                big.reserveDelalloc(task, WhichFork.DATA, IndlenPolicy.MAX_FSB - 1, 5, 0));
    }

    @Test
    void reservationIsCutAtTheLongestRecord() throws XfsError {
        ExtentMap small = new ExtentMap(PARAMS.withMaxExtentBlocks(3));
        assertEquals(d(0, 3, 4), small.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0));
        assertEquals(d(3, 3, 4), small.reserveDelalloc(task, WhichFork.DATA, 3, 8, 2));
        assertEquals(List.of(d(0, 3, 4), d(3, 3, 4)), small.extents(WhichFork.DATA));
        assertEquals(List.of(), small.invariantViolations());
    }

    @Test
    void reservationBeyondTheFreeBlocksFailsWithEnospcAndRetriesWithoutPreallocation() throws XfsError {
        ExtentMap small = new ExtentMap(XfsParams.of(GEOMETRY, 8).withIndlen(TINY));
        // 2 + 4 blocks ask 6 + worst(6) = 12 > 8; without the preallocation 2 + 3 fit.
        assertEquals(d(0, 2, 3), small.reserveDelalloc(task, WhichFork.DATA, 0, 2, 4));
        assertEquals(3, small.freeBlocks());
        XfsError full = assertThrows(XfsError.class, () -> small.reserveDelalloc(task, WhichFork.DATA, 4, 1, 0));
        assertEquals(XfsError.ENOSPC, full.errno());
        assertTrue(String.valueOf(full.getMessage()).contains("4 blocks (1 data + 3 indirect)"));
        assertEquals(3, small.freeBlocks());
        assertTrue(task.heldLocks().isEmpty());
        // Exactly enough fits: 1 + worst(1) = 4 with 4 free.
        ExtentMap exact = new ExtentMap(XfsParams.of(GEOMETRY, 4).withIndlen(TINY));
        exact.reserveDelalloc(task, WhichFork.DATA, 0, 1, 0);
        assertEquals(0, exact.freeBlocks());
    }

    // --- the write's mapping -------------------------------------------------------------------

    @Test
    void writeMappingReservesAHoleWithIomapFNew() throws XfsError {
        Iomap reserved = map.bufferedWriteIomapBegin(task, 6, 5, 0);
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 4, 8), reserved);
        assertEquals(List.of(d(1, 2, 3)), map.extents(WhichFork.DATA));
        // The same range again finds the reservation: not new, so never punched by this write.
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, 0, 4, 8), map.bufferedWriteIomapBegin(task, 6, 5, 0));
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void writeMappingReturnsAnExistingRecordWhole() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0);
        map.convertDelalloc(task, WhichFork.DATA, 0);
        assertEquals(new Iomap(Iomap.IOMAP_UNWRITTEN, 0, 0, 16), map.bufferedWriteIomapBegin(task, 9, 1, 16));
        map.convertUnwritten(task, 0, 16);
        assertEquals(new Iomap(Iomap.IOMAP_MAPPED, 0, 0, 16), map.bufferedWriteIomapBegin(task, 12, 4, 16));
    }

    @Test
    void writeMappingStopsAtTheNextRecord() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 3, 1, 0);
        Iomap got = map.bufferedWriteIomapBegin(task, 0, 32, 0);
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 12), got);
        assertEquals(List.of(d(0, 4, 4)), map.extents(WhichFork.DATA));
    }

    @Test
    void writeMappingCapsTheReservationAtAThousandPages() throws XfsError {
        ExtentMap big = new ExtentMap(XfsParams.of(GEOMETRY, 8192).withIndlen(TINY));
        Iomap got = big.bufferedWriteIomapBegin(task, 0, 10_000, 0);
        assertEquals(1024 * 8, got.lengthByte());
        Iomap exact = big.bufferedWriteIomapBegin(task, 8192, 8192, 0);
        assertEquals(8192, exact.lengthByte());
    }

    @Test
    void writeMappingPreallocatesBeyondEofWithAllocsize() throws XfsError {
        ExtentMap prealloc = new ExtentMap(PARAMS.withAllocsizeLog(4));
        // One block written at EOF: end_offset rounds the last byte down to 16, plus 4 blocks.
        Iomap got = prealloc.bufferedWriteIomapBegin(task, 0, 4, 0);
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 16), got);
        // A write ending at byte 20: the last byte 19 rounds down to 16, block 4, plus 4 blocks.
        ExtentMap later = new ExtentMap(PARAMS.withAllocsizeLog(4));
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 16, 16),
                later.bufferedWriteIomapBegin(task, 16, 4, 16));
        // Inside EOF, or with a record beyond, no preallocation.
        ExtentMap inside = new ExtentMap(PARAMS.withAllocsizeLog(4));
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 4),
                inside.bufferedWriteIomapBegin(task, 0, 4, 5));
        ExtentMap notEof = new ExtentMap(PARAMS.withAllocsizeLog(4));
        notEof.reserveDelalloc(task, WhichFork.DATA, 6, 1, 0);
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 4),
                notEof.bufferedWriteIomapBegin(task, 0, 4, 0));
        // Without allocsize none either.
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 4),
                map.bufferedWriteIomapBegin(task, 0, 4, 0));
    }

    @Test
    void writeMappingPreallocationEdges() throws XfsError {
        // A write ending exactly at EOF is not past it: no preallocation.
        ExtentMap atEof = new ExtentMap(PARAMS.withAllocsizeLog(4));
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 4), atEof.bufferedWriteIomapBegin(task, 0, 4, 4));
        // A write of one whole allocsize unit: its last byte 15 rounds down to 0, plus 4 blocks is where it ends.
        ExtentMap whole = new ExtentMap(PARAMS.withAllocsizeLog(4));
        assertEquals(new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 16), whole.bufferedWriteIomapBegin(task, 0, 16, 0));
        // An empty write is rejected before anything is rounded.
        assertTrue(Rejections.rejected(() -> map.bufferedWriteIomapBegin(task, 1, 0, 0)).startsWith("offsetByte 1"));
        // A write ending exactly at the model's largest file is accepted.
        Iomap last = map.bufferedWriteIomapBegin(task, (1L << 62) - 4, 4, 0);
        assertEquals((1L << 62) - 4, last.offsetByte());
    }

    @Test
    void writeMappingReportsEnospcAndReleasesIlock() {
        ExtentMap small = new ExtentMap(XfsParams.of(GEOMETRY, 3).withIndlen(TINY));
        XfsError e = assertThrows(XfsError.class, () -> small.bufferedWriteIomapBegin(task, 0, 4, 0));
        assertEquals(XfsError.ENOSPC, e.errno());
        assertTrue(task.heldLocks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> small.bufferedWriteIomapBegin(task, 0, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> small.bufferedWriteIomapBegin(task, -1, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> small.bufferedWriteIomapBegin(task, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> small.bufferedWriteIomapBegin(task, Long.MAX_VALUE - 2, 4, 0));
    }

    // --- the punch -----------------------------------------------------------------------------

    @Test
    void punchOfAlignedBytesRemovesTheirBlocksAndMayStealDeletedBlocks() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0);
        map.punchDelallocRange(task, WhichFork.DATA, 4, 12);
        // The pieces ask worst(1) = 3 each, 6 > 4: both deleted data blocks are stolen, nothing
        // goes back to the free-block counter.
        assertEquals(List.of(d(0, 1, 3), d(3, 1, 3)), map.extents(WhichFork.DATA));
        assertCounters(24, 8, 2, 0);
        assertEquals(List.of(), map.contractViolations());
    }

    @Test
    void punchRoundsTheStartDownAndTheEndUp() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        // Bytes [5, 11): XFS_B_TO_FSBT(5) = 1, XFS_B_TO_FSB(11) = 3.
        map.punchDelallocRange(task, WhichFork.DATA, 5, 11);
        assertEquals(List.of(d(0, 1, 3), d(3, 5, 6)), map.extents(WhichFork.DATA));
        assertCounters(17, 15, 6, 0);
        map.punchDelallocRange(task, WhichFork.DATA, 12, 12);
        assertEquals(List.of(d(0, 1, 3), d(3, 5, 6)), map.extents(WhichFork.DATA), "an empty aligned range: nothing");
        // An empty misaligned range still covers block 3: [XFS_B_TO_FSBT(13), XFS_B_TO_FSB(13)) = [3, 4).
        map.punchDelallocRange(task, WhichFork.DATA, 13, 13);
        assertEquals(List.of(d(0, 1, 3), d(4, 4, 4)), map.extents(WhichFork.DATA));
    }

    @Test
    void punchLeavesEveryOtherTypeAlone() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        map.convertDelalloc(task, WhichFork.DATA, 0);
        map.reserveDelalloc(task, WhichFork.DATA, 2, 2, 0);
        map.convertDelalloc(task, WhichFork.DATA, 8);
        map.convertUnwritten(task, 8, 8);
        map.reserveDelalloc(task, WhichFork.DATA, 4, 2, 0);
        assertEquals(List.of(r(0, 2, 0, UNWRITTEN), r(2, 2, 2, WRITTEN), d(4, 2, 3)), map.extents(WhichFork.DATA));
        map.punchDelallocRange(task, WhichFork.DATA, 0, 100);
        assertEquals(List.of(r(0, 2, 0, UNWRITTEN), r(2, 2, 2, WRITTEN)), map.extents(WhichFork.DATA));
        assertEquals(List.of(), map.invariantViolations());
    }

    @Test
    void punchArgumentsAreRejectedNamingTheArgument() {
        assertEquals("startByte must be >= 0, was -1", Rejections.rejected(() -> map.punchDelallocRange(task, WhichFork.DATA, -1, 4)));
        assertEquals("endByte must be >= startByte 8, was 4", Rejections.rejected(() -> map.punchDelallocRange(task, WhichFork.DATA, 8, 4)));
        assertEquals("endByte must be <= maxFileBytes " + (1L << 62) + ", was " + ((1L << 62) + 1),
                Rejections.rejected(() -> map.punchDelallocRange(task, WhichFork.DATA, 0, (1L << 62) + 1)));
        map.punchDelallocRange(task, WhichFork.DATA, 0, 1L << 62);
    }

    @Test
    void punchArgumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> map.punchDelallocRange(task, WhichFork.DATA, -1, 4));
        assertThrows(IllegalArgumentException.class, () -> map.punchDelallocRange(task, WhichFork.DATA, 8, 4));
        ExtentMap oneByte = new ExtentMap(XfsParams.of(new Geometry(1, 1, 0), 8).withIndlen(TINY));
        assertThrows(IllegalArgumentException.class,
                () -> oneByte.punchDelallocRange(task, WhichFork.DATA, 0, IndlenPolicy.MAX_FSB + 1));
        oneByte.punchDelallocRange(task, WhichFork.DATA, 0, IndlenPolicy.MAX_FSB);
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void callbackRecordsAMisalignedRangeAndPunchesAsXfsRoundsIt() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        IomapPunchIomap punch = map.punchCallback(task);
        punch.punch(inode(2), 5, 6, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 32));
        assertEquals(List.of(new ContractViolation(ContractViolation.PUNCH_PARTIAL_BLOCK,
                "xfs_buffered_write_delalloc_punch",
                fields("offsetByte", 5, "lengthByte", 6, "blockSize", 4, "startFsb", 1, "endFsb", 3),
                "xfs_bmap_punch_delalloc_range: \"it is up to the caller to ensure that partial blocks are not"
                        + " passed in\"; XFS punches blocks [startFsb, endFsb), the partial ones included")),
                map.contractViolations());
        // Blocks 1 and 2 are gone although bytes 4 and 11 were outside the range.
        assertEquals(List.of(d(0, 1, 3), d(3, 5, 6)), map.extents(WhichFork.DATA));
        assertCounters(17, 15, 6, 0);
        assertTrue(task.heldLocks().isEmpty(), "PUNCH level and ILOCK left");
    }

    @Test
    void callbackReportsAMisalignedLengthAloneToo() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        map.punchCallback(task).punch(inode(2), 4, 5, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 32));
        assertEquals(1, map.contractViolations().size());
        assertEquals(ContractViolation.PUNCH_PARTIAL_BLOCK, map.contractViolations().get(0).contract());
        assertEquals(List.of(d(0, 1, 3), d(3, 5, 6)), map.extents(WhichFork.DATA));
    }

    @Test
    void callbackWithWholeBlocksRecordsNothing() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        map.punchCallback(task).punch(inode(2), 4, 4, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 32));
        // Pieces ask 3 + 6, 7 reserved: one deleted block stolen, 8 rationed 88%: 2 + 5, then 3 + 5.
        assertEquals(List.of(d(0, 1, 3), d(2, 6, 5)), map.extents(WhichFork.DATA));
        assertEquals(List.of(), map.contractViolations());
        assertCounters(17, 15, 7, 0);
    }

    @Test
    void callbackOfAnEmptyRangeRecordsItAndPunchesWhatXfsWould() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        IomapPunchIomap punch = map.punchCallback(task);
        Iomap iomap = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 32);
        punch.punch(inode(2), 8, 0, iomap);
        assertEquals(List.of(d(0, 8, 7)), map.extents(WhichFork.DATA), "aligned: [2, 2) is empty");
        assertEquals(List.of(ContractViolation.PUNCH_EMPTY),
                map.contractViolations().stream().map(ContractViolation::contract).toList());
        punch.punch(inode(2), 9, 0, iomap);
        // Block 2 goes; the pieces ask 3 + 6 of 7, steal 1, and share 8 as 3 + 5.
        assertEquals(List.of(d(0, 2, 3), d(3, 5, 5)), map.extents(WhichFork.DATA), "misaligned: block 2 goes");
        assertEquals(List.of(ContractViolation.PUNCH_EMPTY, ContractViolation.PUNCH_EMPTY,
                ContractViolation.PUNCH_PARTIAL_BLOCK),
                map.contractViolations().stream().map(ContractViolation::contract).toList());
        assertEquals(fields("offsetByte", 9, "lengthByte", 0, "blockSize", 4, "startFsb", 2, "endFsb", 3),
                map.contractViolations().get(2).fields());
    }

    @Test
    void callbackOfANegativeOrOverflowingRangeRecordsItAndPunchesNothing() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 8, 0);
        IomapPunchIomap punch = map.punchCallback(task);
        Iomap iomap = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 32);
        punch.punch(inode(2), -4, 8, iomap);
        punch.punch(inode(2), 4, -4, iomap);
        punch.punch(inode(2), 4, Long.MAX_VALUE - 3, iomap);
        assertEquals(List.of(d(0, 8, 7)), map.extents(WhichFork.DATA));
        List<ContractViolation> reported = map.contractViolations();
        assertEquals(3, reported.size());
        for (ContractViolation v : reported) {
            assertEquals(ContractViolation.PUNCH_BAD_RANGE, v.contract());
        }
        // With 4-byte blocks the model's largest file is 2^62 bytes (2^60 blocks).
        assertEquals(fields("offsetByte", -4, "lengthByte", 8, "blockSize", 4, "maxFileBytes", 1L << 62),
                reported.get(0).fields());
        // The largest range that fits is accepted.
        punch.punch(inode(2), 4, (1L << 62) - 4, iomap);
        assertEquals(List.of(d(0, 1, 3)), map.extents(WhichFork.DATA));
        assertEquals(3, map.contractViolations().size());
        // Past the largest file without overflowing a long: recorded too.
        punch.punch(inode(2), (1L << 62) - 4, 8, iomap);
        assertEquals(ContractViolation.PUNCH_BAD_RANGE, map.contractViolations().get(3).contract());
    }

    @Test
    void callbackPicksTheCowForkForASharedIomap() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 0, 2, 0);
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        assertCounters(22, 10, 4, 0);
        IomapPunchIomap punch = map.punchCallback(task);
        punch.punch(inode(2), 0, 8, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED, 0, 8));
        assertEquals(List.of(), map.extents(WhichFork.COW));
        assertEquals(List.of(d(0, 2, 3)), map.extents(WhichFork.DATA));
        assertCounters(27, 5, 2, 0);
        punch.punch(inode(2), 0, 8, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 8));
        assertEquals(List.of(), map.extents(WhichFork.DATA));
        assertCounters(32, 0, 0, 0);
        assertTrue(punch.toString().contains("v6.12+") && punch.toString().contains("task 1 (writer)"));
    }

    @Test
    void olderCallbackPunchesTheDataForkAndReturnsZero() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 0, 2, 0);
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        IomapPunch punch = map.punchCallbackV61(task);
        assertEquals(0, punch.punch(inode(2), 0, 8));
        assertEquals(List.of(d(0, 2, 3)), map.extents(WhichFork.COW));
        assertEquals(List.of(), map.extents(WhichFork.DATA));
        assertEquals(0, punch.punch(inode(2), 1, 2));
        assertEquals(ContractViolation.PUNCH_PARTIAL_BLOCK, map.contractViolations().get(0).contract());
        assertTrue(punch.toString().contains("v6.1-v6.11"));
    }

    @Test
    void theCallbackBodyCanBeCalledWithTheForkChosenByTheCaller() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 0, 4, 0);
        map.bufferedWriteDelallocPunch(task, WhichFork.COW, 2, 4);
        // Bytes [2, 6) cover blocks [0, 2): the misaligned start takes block 0 with it.
        assertEquals(List.of(d(2, 2, 3)), map.extents(WhichFork.COW));
        assertEquals(List.of(ContractViolation.PUNCH_PARTIAL_BLOCK),
                map.contractViolations().stream().map(ContractViolation::contract).toList());
        assertTrue(task.heldLocks().isEmpty());
        ModelLock ilock = map.ilock();
        ilock.lock(task, LockMode.EXCLUSIVE);
        assertEquals(LockViolation.Kind.ORDER_INVERSION, assertThrows(LockViolation.class,
                () -> map.bufferedWriteDelallocPunch(task, WhichFork.DATA, 0, 4)).kind());
    }

    @Test
    void callbackRejectsAnInodeOfAnotherBlockSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map.punchCallback(task).punch(inode(3), 0, 8, new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 8)));
        assertTrue(String.valueOf(e.getMessage()).contains("blkbits") && String.valueOf(e.getMessage()).contains("3"));
        assertThrows(IllegalArgumentException.class, () -> map.punchCallbackV61(task).punch(inode(1), 0, 8));
        assertTrue(task.heldLocks().isEmpty());
    }

    // --- locking -------------------------------------------------------------------------------

    @Test
    @MayReleaseLocks // unlocks model locks it took itself
    void theCallbackRunsAtThePunchLevelAndTakesIlockThroughTheLockModel() {
        ModelLock folio = new ModelLock("folio 0", LockRank.FOLIO_LOCK);
        folio.lock(task, LockMode.EXCLUSIVE);
        // Called under a folio lock: allowed, iomap may hold one around the callback.
        map.punchCallback(task).punch(inode(2), 0, 8, new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 8));
        assertEquals(1, task.heldLocks().size());
        folio.unlock(task);
        // Called while holding ILOCK: the PUNCH level is below ILOCK, an inversion.
        ModelLock ilock = map.ilock();
        ilock.lock(task, LockMode.EXCLUSIVE);
        LockViolation inversion = assertThrows(LockViolation.class,
                () -> map.punchCallback(task).punch(inode(2), 0, 8, new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 8)));
        assertEquals(LockViolation.Kind.ORDER_INVERSION, inversion.kind());
    }

    @Test
    void everyOperationTakesIlockSoAHolderCannotReenter() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        ModelLock ilock = map.ilock();
        ilock.lock(task, LockMode.EXCLUSIVE);
        assertEquals(LockViolation.Kind.SAME_RANK, assertThrows(LockViolation.class,
                () -> map.punchDelallocRange(task, WhichFork.DATA, 0, 8)).kind());
        assertThrows(LockViolation.class, () -> map.reserveDelalloc(task, WhichFork.DATA, 4, 1, 0));
        assertThrows(LockViolation.class, () -> map.convertDelalloc(task, WhichFork.DATA, 0));
        assertThrows(LockViolation.class, () -> map.convertUnwritten(task, 0, 4));
        assertThrows(LockViolation.class, () -> map.truncateExtents(task, 0));
        assertThrows(LockViolation.class, () -> map.lookup(task, WhichFork.DATA, 0));
        assertThrows(LockViolation.class, () -> map.bufferedWriteIomapBegin(task, 0, 4, 0));
        assertEquals(List.of(d(0, 2, 3)), map.extents(WhichFork.DATA));
    }

    @Test
    @MayReleaseLocks // unlocks model locks it took itself
    void aSecondTaskMeetsIlockHeldAndASequentialRunReportsTheDeadlock() {
        TaskContext other = validator.newTask(2, "writeback", new SequentialHook());
        ModelLock ilock = map.ilock();
        ilock.lock(other, LockMode.EXCLUSIVE);
        assertEquals(LockViolation.Kind.DEADLOCK, assertThrows(LockViolation.class,
                () -> map.punchDelallocRange(task, WhichFork.DATA, 0, 8)).kind());
        ilock.unlock(other);
        ilock.lock(other, LockMode.SHARED);
        assertEquals(Extent.hole(0, IndlenPolicy.MAX_FSB), map.lookup(task, WhichFork.DATA, 0), "shared with shared");
        assertTrue(task.heldLocks().isEmpty(), "the lookup released ILOCK");
    }

    // --- writeback ------------------------------------------------------------------------------

    @Test
    void writebackConvertsTheWholeRecordFromItsStart() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0);
        assertEquals(r(0, 4, 0, UNWRITTEN), map.convertDelalloc(task, WhichFork.DATA, 9));
        assertEquals(List.of(r(0, 4, 0, UNWRITTEN)), map.extents(WhichFork.DATA));
        // The allocation used the reserved data blocks; the indirect reservation came back.
        assertCounters(28, 0, 0, 4);
        assertTrue(map.disk().isAllocated(0, 4));
        // Converting again finds the real record.
        assertEquals(r(0, 4, 0, UNWRITTEN), map.convertDelalloc(task, WhichFork.DATA, 0));
        assertCounters(28, 0, 0, 4);
    }

    @Test
    void writebackOfTheCowForkKeepsTheBlocksInIDelayedBlks() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 2, 2, 0);
        assertEquals(r(2, 2, 0, UNWRITTEN), map.convertDelalloc(task, WhichFork.COW, 12));
        assertCounters(30, 0, 2, 0);
        map.truncateExtents(task, 4);
        assertEquals(List.of(), map.extents(WhichFork.COW));
        assertCounters(32, 0, 0, 0);
    }

    @Test
    void writebackRepeatsWhileFragmentedFreeSpaceCutsTheAllocationShort() throws XfsError {
        // Every other disk block is taken by a written record of the file: no free run is longer than 1.
        Disk disk = new Disk(12, 4);
        disk.allocate(12);
        List<Extent> records = new java.util.ArrayList<>();
        for (int b = 0; b < 12; b += 2) {
            disk.free(b, 1);
            records.add(r(10 + b, 1, b + 1, WRITTEN));
        }
        XfsParams params = XfsParams.of(GEOMETRY, 12).withIndlen(TINY);
        map = ExtentMap.of(params, Fork.of(WhichFork.DATA, records), new Fork(WhichFork.COW), disk, 6, 0, 0, 6);
        assertCounters(6, 0, 0, 6);
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        assertCounters(1, 5, 2, 6);
        // Block 1 needs two allocations of one block each: disk 0 for block 0, disk 2 for block 1.
        assertEquals(r(1, 1, 2, UNWRITTEN), map.convertDelalloc(task, WhichFork.DATA, 4));
        assertEquals(r(0, 1, 0, UNWRITTEN), map.mappingAt(WhichFork.DATA, 0));
        assertCounters(4, 0, 0, 8);
    }

    @Test
    void writebackWithoutARecordIsEagainAndWarnsForTheDataFork() {
        XfsError cow = assertThrows(XfsError.class, () -> map.convertDelalloc(task, WhichFork.COW, 0));
        assertEquals(XfsError.EAGAIN, cow.errno());
        assertEquals(List.of(), map.kernelWarnings());
        XfsError data = assertThrows(XfsError.class, () -> map.convertDelalloc(task, WhichFork.DATA, 0));
        assertEquals(XfsError.EAGAIN, data.errno());
        assertEquals(List.of("xfs_bmapi_convert_one_delalloc: whichfork != XFS_COW_FORK"), map.kernelWarnings());
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void writebackWithARecordOnlyAfterTheOffsetIsEagainToo() throws XfsError {
        map.reserveDelalloc(task, WhichFork.COW, 2, 2, 0);
        assertEquals(XfsError.EAGAIN,
                assertThrows(XfsError.class, () -> map.convertDelalloc(task, WhichFork.COW, 4)).errno());
        assertThrows(IllegalArgumentException.class, () -> map.convertDelalloc(task, WhichFork.COW, -1));
    }

    @Test
    void writebackAndCompletionArgumentsAreRejectedNamingTheArgument() {
        assertTrue(Rejections.rejected(() -> map.convertDelalloc(task, WhichFork.DATA, -1)).startsWith("offsetByte must be >= 0"));
        assertTrue(Rejections.rejected(() -> map.convertDelalloc(task, WhichFork.DATA, 1L << 62))
                .startsWith("offsetByte " + (1L << 62)));
        assertTrue(Rejections.rejected(() -> map.convertUnwritten(task, -4, 4)).startsWith("offsetByte must be >= 0"));
        // A range ending exactly at the largest file passes the check and meets the hole there.
        assertThrows(IllegalStateException.class, () -> map.convertUnwritten(task, (1L << 62) - 4, 4));
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void writebackOnAFullDiskIsEnospc() {
        // A state no balanced model reaches: a reservation without a free disk block behind it.
        Disk full = new Disk(4, 4);
        full.allocate(4);
        ExtentMap broken = ExtentMap.of(XfsParams.of(GEOMETRY, 4).withIndlen(TINY),
                Fork.of(WhichFork.DATA, List.of(d(0, 1, 3))), new Fork(WhichFork.COW), full, 0, 4, 1, 0);
        XfsError e = assertThrows(XfsError.class, () -> broken.convertDelalloc(task, WhichFork.DATA, 0));
        assertEquals(XfsError.ENOSPC, e.errno());
        assertTrue(task.heldLocks().isEmpty());
    }

    @Test
    void ioCompletionConvertsUnwrittenPiecesAndMerges() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0);
        map.convertDelalloc(task, WhichFork.DATA, 0);
        map.convertUnwritten(task, 4, 8);
        assertEquals(List.of(r(0, 1, 0, UNWRITTEN), r(1, 2, 1, WRITTEN), r(3, 1, 3, UNWRITTEN)),
                map.extents(WhichFork.DATA));
        // A misaligned range covers the blocks it touches.
        map.convertUnwritten(task, 2, 13);
        assertEquals(List.of(r(0, 4, 0, WRITTEN)), map.extents(WhichFork.DATA));
        assertCounters(28, 0, 0, 4);
        long seq = map.forkSeq(WhichFork.DATA);
        map.convertUnwritten(task, 0, 16);
        assertEquals(seq, map.forkSeq(WhichFork.DATA), "written blocks stay as they are");
    }

    @Test
    void ioCompletionOverAHoleOrDelallocBreaksTheProtocol() throws XfsError {
        assertThrows(IllegalStateException.class, () -> map.convertUnwritten(task, 0, 4));
        map.reserveDelalloc(task, WhichFork.DATA, 0, 1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> map.convertUnwritten(task, 0, 4));
        assertTrue(String.valueOf(e.getMessage()).contains("file block 0"));
        assertTrue(task.heldLocks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> map.convertUnwritten(task, 0, 0));
    }

    // --- truncate and reads --------------------------------------------------------------------

    @Test
    void truncateRemovesEveryTypeFromTheFirstWholeBlockPastTheSize() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 4, 0);
        map.convertDelalloc(task, WhichFork.DATA, 0);
        map.convertUnwritten(task, 0, 16);
        map.reserveDelalloc(task, WhichFork.DATA, 6, 4, 0);
        map.reserveDelalloc(task, WhichFork.COW, 2, 3, 0);
        assertCounters(13, 15, 7, 4);
        // Size 9 bytes: blocks 0..2 stay, XFS_B_TO_FSB(9) = 3.
        map.truncateExtents(task, 9);
        assertEquals(List.of(r(0, 3, 0, WRITTEN)), map.extents(WhichFork.DATA));
        // The COW record [2, 5) keeps its head [2, 3) and min(worst(1) = 3, 4) of its reservation.
        assertEquals(List.of(d(2, 1, 3)), map.extents(WhichFork.COW));
        assertCounters(25, 4, 1, 3);
        assertTrue(map.disk().isAllocated(0, 3));
        assertTrue(!map.disk().isAllocated(3));
        map.truncateExtents(task, 0);
        assertCounters(32, 0, 0, 0);
        assertEquals("newSizeByte must be 0.." + (1L << 62) + ", was -1", Rejections.rejected(() -> map.truncateExtents(task, -1)));
        assertThrows(IllegalArgumentException.class, () -> map.truncateExtents(task, (1L << 62) + 1));
        map.truncateExtents(task, 1L << 62);
        assertEquals(List.of(), map.contractViolations());
    }

    @Test
    void truncateOfBlocksThatWereNotAllocatedIsADoubleFree() {
        // The fork maps disk block 2, which the disk says is free.
        ExtentMap broken = ExtentMap.of(PARAMS, Fork.of(WhichFork.DATA, List.of(r(0, 1, 2, WRITTEN))),
                new Fork(WhichFork.COW), new Disk(32, 4), 32, 0, 0, 1);
        assertTrue(broken.invariantViolations().stream().anyMatch(p -> p.contains("not all allocated")));
        broken.truncateExtents(task, 0);
        assertEquals(ContractViolation.DOUBLE_FREE, broken.contractViolations().get(0).contract());
        assertEquals(fields("diskFsb", 2, "lengthFsb", 1), broken.contractViolations().get(0).fields());
        assertEquals(1, broken.contractViolations().size());
    }

    @Test
    void everyOperationChecksTheBalance() throws XfsError {
        // One block too few free, beside a delalloc record [0, 1) and an unwritten record [4, 5).
        Disk disk = new Disk(32, 4);
        disk.allocate(1);
        Fork data = Fork.of(WhichFork.DATA, List.of(d(0, 1, 3), r(4, 1, 0, UNWRITTEN)));
        ExtentMap leaking = ExtentMap.of(PARAMS, data, new Fork(WhichFork.COW), disk, 26, 4, 1, 1);
        leaking.reserveDelalloc(task, WhichFork.DATA, 8, 1, 0);
        leaking.convertUnwritten(task, 16, 4);
        leaking.convertDelalloc(task, WhichFork.DATA, 0);
        leaking.truncateExtents(task, 32);
        assertEquals(List.of("xfs_bmapi_reserve_delalloc", "xfs_iomap_write_unwritten", "xfs_bmapi_convert_one_delalloc",
                "xfs_itruncate_extents_flags", "xfs_itruncate_extents_flags", "xfs_itruncate_extents_flags",
                "xfs_itruncate_extents_flags"),
                leaking.contractViolations().stream().map(ContractViolation::function).toList());
    }

    @Test
    void anUnbalancedStateIsRecordedByTheNextOperation() {
        ExtentMap leaking = ExtentMap.of(PARAMS, new Fork(WhichFork.DATA), new Fork(WhichFork.COW), new Disk(32, 4),
                30, 1, 0, 0);
        leaking.punchDelallocRange(task, WhichFork.DATA, 0, 4);
        assertEquals(List.of(new ContractViolation(ContractViolation.SPACE_UNBALANCED, "xfs_bmap_punch_delalloc_range",
                fields("freeBlocks", 30, "delallocBlocks", 1, "allocatedBlocks", 0, "capacityBlocks", 32),
                "free + delalloc + allocated blocks must equal the capacity")), leaking.contractViolations());
        ExtentMap negative = ExtentMap.of(PARAMS, new Fork(WhichFork.DATA), new Fork(WhichFork.COW), new Disk(32, 4),
                -1, 33, 0, 0);
        negative.punchDelallocRange(task, WhichFork.DATA, 0, 4);
        assertEquals(1, negative.contractViolations().size());
        ExtentMap balanced = ExtentMap.of(PARAMS, new Fork(WhichFork.DATA), new Fork(WhichFork.COW), new Disk(32, 4),
                31, 1, 0, 0);
        balanced.punchDelallocRange(task, WhichFork.DATA, 0, 4);
        assertEquals(List.of(), balanced.contractViolations());
    }

    @Test
    void readsSeeTheDiskThroughWrittenRecordsOnly() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        assertArrayEquals(new byte[4], map.readFileBlock(0), "delalloc: nothing on disk yet");
        Extent real = map.convertDelalloc(task, WhichFork.DATA, 0);
        map.writeDisk(real.diskFsb() + 1, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[4], map.readFileBlock(1), "unwritten reads as zeros");
        map.convertUnwritten(task, 4, 4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, map.readFileBlock(1));
        assertArrayEquals(new byte[4], map.readFileBlock(0), "written but never written to disk");
        assertArrayEquals(new byte[4], map.readFileBlock(7), "hole");
        // Truncate keeps the contents on disk; a later allocation of the block maps them unwritten.
        map.truncateExtents(task, 0);
        assertArrayEquals(new byte[4], map.readFileBlock(1));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, map.disk().read(1));
    }

    // --- specification queries -------------------------------------------------------------------

    @Test
    void specificationQueriesCountAndCompareBlocks() throws XfsError {
        map.reserveDelalloc(task, WhichFork.DATA, 2, 4, 0);
        map.reserveDelalloc(task, WhichFork.DATA, 8, 2, 0);
        map.convertDelalloc(task, WhichFork.DATA, 32);
        assertEquals(4, map.delallocBlocksIn(WhichFork.DATA, 0, 100));
        assertEquals(3, map.delallocBlocksIn(WhichFork.DATA, 3, 100));
        assertEquals(2, map.delallocBlocksIn(WhichFork.DATA, 3, 5));
        assertEquals(1, map.delallocBlocksIn(WhichFork.DATA, 5, 8));
        assertEquals(0, map.delallocBlocksIn(WhichFork.DATA, 6, 8));
        assertEquals(0, map.delallocBlocksIn(WhichFork.DATA, 5, 5));
        assertEquals(0, map.delallocBlocksIn(WhichFork.DATA, 5, 2));
        // Inverted ranges that start exactly where the delalloc record [2, 6) ends or end exactly
        // where it starts: still nothing (not a negative count from the clipped difference).
        assertEquals(0, map.delallocBlocksIn(WhichFork.DATA, 6, 3));
        assertEquals(0, map.delallocBlocksIn(WhichFork.DATA, 4, 2));
        assertEquals(0, map.delallocBlocksIn(WhichFork.COW, 0, 100));
        assertEquals(List.of(r(8, 2, 0, UNWRITTEN)), map.realExtents(WhichFork.DATA));
        assertEquals(List.of(), map.realExtents(WhichFork.COW));
        assertTrue(map.allIn(WhichFork.DATA, 2, 6, ExtentState.DELALLOC));
        assertTrue(map.allIn(WhichFork.DATA, 6, 8, ExtentState.HOLE));
        assertTrue(map.allIn(WhichFork.DATA, 8, 10, ExtentState.UNWRITTEN));
        assertTrue(!map.allIn(WhichFork.DATA, 5, 7, ExtentState.DELALLOC));
        assertTrue(!map.allIn(WhichFork.DATA, 0, 3, ExtentState.HOLE));
        assertTrue(map.allIn(WhichFork.DATA, 4, 4, ExtentState.WRITTEN), "an empty range");
        assertTrue(map.allIn(WhichFork.DATA, 10, IndlenPolicy.MAX_FSB, ExtentState.HOLE));
        assertTrue(map.spaceBalanced());
    }

    @Test
    void thePunchPreconditionAsAPredicate() {
        assertTrue(map.punchArgumentsValid(0, 4));
        assertTrue(map.punchArgumentsValid(8, 16));
        assertTrue(map.punchArgumentsValid((1L << 62) - 4, 4));
        assertTrue(!map.punchArgumentsValid((1L << 62) - 4, 8));
        assertTrue(!map.punchArgumentsValid(0, 0));
        assertTrue(!map.punchArgumentsValid(-4, 4));
        assertTrue(!map.punchArgumentsValid(4, -4));
        assertTrue(!map.punchArgumentsValid(1, 4));
        assertTrue(!map.punchArgumentsValid(4, 5));
        assertTrue(!map.punchArgumentsValid(4, Long.MAX_VALUE - 3));
    }

    @Test
    void spaceBalanceNeedsTheSumAndANonNegativeFreeCounter() {
        Disk disk = new Disk(32, 4);
        disk.allocate(2);
        Fork data = new Fork(WhichFork.DATA);
        Fork cow = new Fork(WhichFork.COW);
        assertTrue(ExtentMap.of(PARAMS, data, cow, disk, 26, 4, 0, 0).spaceBalanced());
        assertTrue(!ExtentMap.of(PARAMS, data, cow, disk, 27, 4, 0, 0).spaceBalanced());
        assertTrue(!ExtentMap.of(PARAMS, data, cow, disk, 25, 4, 0, 0).spaceBalanced());
        assertTrue(!ExtentMap.of(PARAMS, data, cow, disk, -1, 31, 0, 0).spaceBalanced());
        assertTrue(ExtentMap.of(PARAMS, data, cow, disk, 0, 30, 0, 0).spaceBalanced());
    }

    // --- values and checks ------------------------------------------------------------------------

    @Test
    @MayReleaseLocks // unlocks model locks it took itself
    void extentMapsAreValuesWithoutTheirDiagnostics() throws XfsError {
        ExtentMap copy = map.copy();
        assertEquals(map, copy);
        assertEquals(map.hashCode(), copy.hashCode());
        copy.reserveDelalloc(task, WhichFork.DATA, 0, 1, 0);
        assertNotEquals(map, copy);
        map.reserveDelalloc(task, WhichFork.DATA, 0, 1, 0);
        assertEquals(map, copy);
        map.punchCallback(task).punch(inode(2), 20, 1, new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 32));
        assertEquals(1, map.contractViolations().size());
        assertEquals(map, copy, "a violation is a diagnostic, not state");
        assertEquals(map.hashCode(), copy.hashCode());
        ExtentMap copied = map.copy();
        assertEquals(map.contractViolations(), copied.contractViolations());
        ModelLock ilock = map.ilock();
        ilock.lock(task, LockMode.EXCLUSIVE);
        assertNotEquals(map, copy, "ILOCK holders are state");
        assertNotEquals(map.hashCode(), copy.hashCode());
        ilock.unlock(task);
        assertEquals(map, copy);
        assertNotEquals(map, new ExtentMap(PARAMS.withMaxExtentBlocks(5)));
        assertNotEquals(map, "map");
        assertSame(PARAMS, map.params());
        assertEquals(ExtentMap.ILOCK_NAME, map.ilock().name());
        assertEquals(LockRank.ILOCK, map.ilock().rank());
        assertTrue(map.toString().startsWith("extents{DATA fork seq 1 [[0, 1) DELALLOC ind 3]; COW fork seq 0 [];"
                + " free 28, delalloc 4, i_delayed_blks 1, i_nblocks 0; disk{32 x 4B"));
    }

    @Test
    void eachCounterTakesPartInEquality() throws XfsError {
        ExtentMap base = ExtentMap.of(PARAMS, new Fork(WhichFork.DATA), new Fork(WhichFork.COW), new Disk(32, 4),
                32, 0, 0, 0);
        assertEquals(map, base);
        Fork data = new Fork(WhichFork.DATA);
        Fork cow = new Fork(WhichFork.COW);
        Disk disk = new Disk(32, 4);
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cow, disk, 31, 0, 0, 0));
        // Same geometry, capacity and everything else; only the btree geometry differs.
        XfsParams otherIndlen = XfsParams.of(GEOMETRY, 32).withIndlen(new XfsIndlen(3, 2, 3));
        assertNotEquals(PARAMS, otherIndlen);
        assertNotEquals(base, ExtentMap.of(otherIndlen, data, cow, disk, 32, 0, 0, 0));
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cow, disk, 32, 1, 0, 0));
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cow, disk, 32, 0, 1, 0));
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cow, disk, 32, 0, 0, 1));
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cow, disk, 32, 0, 0, 1).hashCode());
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cow, disk, 32, 0, 1, 0).hashCode());
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cow, disk, 32, 1, 0, 0).hashCode());
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cow, disk, 31, 0, 0, 0).hashCode());
        Disk written = new Disk(32, 4);
        written.write(0, new byte[4]);
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cow, written, 32, 0, 0, 0));
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cow, written, 32, 0, 0, 0).hashCode());
        Fork cowWithRecord = Fork.of(WhichFork.COW, List.of(d(0, 1, 1)));
        assertNotEquals(base, ExtentMap.of(PARAMS, data, cowWithRecord, disk, 32, 0, 0, 0));
        assertNotEquals(base.hashCode(), ExtentMap.of(PARAMS, data, cowWithRecord, disk, 32, 0, 0, 0).hashCode());
        Fork dataWithRecord = Fork.of(WhichFork.DATA, List.of(d(0, 1, 1)));
        assertNotEquals(base, ExtentMap.of(PARAMS, dataWithRecord, cow, disk, 32, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ExtentMap.of(PARAMS, cow, cow, disk, 32, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ExtentMap.of(PARAMS, data, data, disk, 32, 0, 0, 0));
    }

    @Test
    void invariantViolationsNameEachMismatch() {
        Disk disk = new Disk(32, 4);
        disk.allocate(3);
        Fork data = Fork.of(WhichFork.DATA, List.of(r(0, 2, 0, WRITTEN), d(4, 2, 3)));
        Fork cow = Fork.of(WhichFork.COW, List.of(r(1, 2, 1, UNWRITTEN)));
        ExtentMap broken = ExtentMap.of(PARAMS, data, cow, disk, 20, 4, 3, 3);
        List<String> problems = broken.invariantViolations();
        assertTrue(problems.contains("disk blocks are mapped twice, by [0, 2) WRITTEN @0 and [1, 3) UNWRITTEN @1"),
                problems.toString());
        assertTrue(problems.contains("the forks map 4 disk blocks but 3 are allocated"), problems.toString());
        assertTrue(problems.contains("m_delalloc_blks is 4 but the delalloc records hold 5"), problems.toString());
        assertTrue(problems.contains("i_delayed_blks is 3 but the forks hold 4"), problems.toString());
        assertTrue(problems.contains("i_nblocks is 3 but the data fork maps 2"), problems.toString());
        assertTrue(problems.contains("free 20 + delalloc 4 + allocated 3 != capacity 32"), problems.toString());
        assertTrue(!broken.invariantsHold());
        ExtentMap sameStart = ExtentMap.of(PARAMS, Fork.of(WhichFork.DATA, List.of(r(0, 1, 0, WRITTEN))),
                Fork.of(WhichFork.COW, List.of(r(0, 1, 0, UNWRITTEN))), disk, 29, 0, 1, 1);
        assertTrue(sameStart.invariantViolations().contains("disk block 0 is mapped by [0, 1) WRITTEN @0 and"
                + " [0, 1) UNWRITTEN @0"), sameStart.invariantViolations().toString());
        ExtentMap negative = ExtentMap.of(PARAMS, new Fork(WhichFork.DATA), new Fork(WhichFork.COW), new Disk(32, 4),
                -1, 33, 0, 0);
        assertTrue(negative.invariantViolations().contains("free -1 + delalloc 33 + allocated 0 != capacity 32"));
        ExtentMap adjacent = ExtentMap.of(PARAMS, Fork.of(WhichFork.DATA, List.of(r(0, 1, 0, WRITTEN))),
                Fork.of(WhichFork.COW, List.of(r(0, 2, 1, UNWRITTEN))), disk, 29, 0, 2, 1);
        assertEquals(List.of(), adjacent.invariantViolations());
        ExtentMap longRecord = ExtentMap.of(PARAMS.withMaxExtentBlocks(1),
                Fork.of(WhichFork.DATA, List.of(r(0, 1, 0, WRITTEN))),
                Fork.of(WhichFork.COW, List.of(r(0, 2, 1, UNWRITTEN))), disk, 29, 0, 2, 1);
        assertEquals(1, longRecord.invariantViolations().size());
    }
}
