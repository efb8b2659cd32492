package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The properties at rest and the oracle, each shown firing and staying quiet. */
class PropertiesAtRestTest {

    private static final Geometry PAGE4_BLOCK2 = new Geometry(4, 2, 0);

    private static TaskContext task(FsWorld w) {
        return w.validator().newTask(0, "t", new StepBoundHook());
    }

    @Test
    void theOracleKeepsTheLastRecordedByteAndZeroElsewhere() {
        ExpectedContent e = new ExpectedContent();
        e.record(2, new byte[] {9, 1, 2, 3}, 1, 2);
        assertEquals(0, e.at(1));
        assertEquals(1, e.at(2));
        assertEquals(2, e.at(3));
        assertEquals(0, e.at(4));
        e.record(3, new byte[] {5}, 0, 1);
        assertEquals(5, e.at(3));
        e.record(0, new byte[] {5}, 0, 0);
        assertEquals(0, e.at(0));
        assertEquals("posByte = -1: must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> e.record(-1, new byte[1], 0, 1)).getMessage());
    }

    @Test
    void aPunchThatChangesARealExtentIsReported() {
        Extent written = Extent.real(0, 1, 5, ExtentState.WRITTEN);
        assertNull(ModelFile.punchedNonDelalloc(WhichFork.DATA, 0, 2, List.of(written), List.of(written)));
        assertEquals("PUNCHED_NON_DELALLOC: the punch of [0, 2) changed the DATA fork's real extents from ["
                + written + "] to []", ModelFile.punchedNonDelalloc(WhichFork.DATA, 0, 2, List.of(written), List.of()));
    }

    @Test
    void aPunchOverWrittenBlocksLeavesThemAndIsNoViolation() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, new byte[] {1, 2, 3, 4}, 4));
        w.ops().fsync(t);
        assertEquals(0, w.file().bmapPunch(t).punchDelallocRange(w.file().inode(t), 0, 0, 4));
        assertEquals(List.of(), w.file().punchedNonDelalloc());
        assertEquals(List.of(), w.violationsAtRest());
    }

    @Test
    void aReservationWithoutDirtyDataLeaksAndTheCopyKeepsTheFileApart() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        w.file().extents().reserveDelalloc(t, WhichFork.DATA, 1, 2, 0);
        assertEquals(List.of("RESERVATION_LEAK: block 1 [2, 4) is delalloc with no dirty data over it",
                "RESERVATION_LEAK: block 2 [4, 6) is delalloc with no dirty data over it"), w.violationsAtRest());
        ModelFile copy = w.file().copy();
        assertEquals(4, copy.iSizeByte());
        assertEquals(w.file().extents(), copy.extents());
        copy.setISizeByte(0);
        copy.extents().punchDelallocRange(t, WhichFork.DATA, 0, 8);
        assertEquals(4, w.file().iSizeByte());
        assertEquals(2, w.file().reservationLeaks().size());
    }

    @Test
    void theCopyKeepsRecordedViolations() {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        w.file().bmapPunch(t).punchDelallocRange(w.file().inode(t), 0, 1, 2);
        ModelFile copy = w.file().copy();
        assertEquals(w.file().contractViolations(), copy.contractViolations());
        assertEquals(1, copy.contractViolations().size());
    }

    @Test
    void kernelWarningsOfTheGenerationAndTheExtentsAreReported() {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertFalse(w.warn().warnOnOnce(false, "quiet"));
        assertEquals(List.of(), w.violationsAtRest());
        assertTrue(w.warn().warnOnOnce(true, "f: x < 0"));
        assertThrows(XfsError.class, () -> w.file().extents().convertDelalloc(t, WhichFork.DATA, 0));
        assertEquals(List.of("KERNEL_WARN: f: x < 0",
                "KERNEL_WARN: xfs_bmapi_convert_one_delalloc: whichfork != XFS_COW_FORK"), w.violationsAtRest());
    }

    @Test
    void theBackingStoreReadsWrittenBlocksAndZerosFromEof() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, new byte[] {1, 2, 3, 4}, 4));
        w.ops().fsync(t);
        w.file().setISizeByte(3);
        byte[] dst = {9, 9, 9, 9, 9, 9};
        w.file().backingStore().read(1, dst, 1, 4);
        assertEquals(List.of((byte) 9, (byte) 2, (byte) 3, (byte) 0, (byte) 0, (byte) 9), List.of(dst[0], dst[1],
                dst[2], dst[3], dst[4], dst[5]));
    }

    @Test
    void theEndStateNamesSizeExtentsAndCache() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        assertEquals("i_size=0 extents=[] cache=" + w.file().cache(), w.endState());
        assertEquals(1, w.ops().bufferedWrite(task(w), 0, new byte[] {1}, 1));
        assertTrue(w.endState().startsWith("i_size=1 extents=[" + w.file().extents().extents(WhichFork.DATA).get(0)),
                w.endState());
    }

    /** {@code DATA_LOST} compares the bytes below EOF only: what the oracle holds from EOF on is not the file's. */
    @Test
    void dataLostLooksBelowEofOnly() {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        w.expected().record(4, new byte[] {9}, 0, 1);
        assertEquals(List.of(), w.violationsAtRest());
        w.expected().record(3, new byte[] {9}, 0, 1);
        assertEquals(List.of("DATA_LOST: byte 3 reads 0 after fsync and cache drop, expected 9"), w.violationsAtRest());
    }

    /** A punch that changed the fork's real extents is recorded and reported at rest; one that did not is not. */
    @Test
    void aPunchThatChangedRealExtentsIsRecordedAndReportedAtRest() {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        Extent written = Extent.real(0, 1, 5, ExtentState.WRITTEN);
        w.file().recordPunch(WhichFork.DATA, 0, 2, List.of(written), List.of(written));
        assertEquals(List.of(), w.file().punchedNonDelalloc());
        w.file().recordPunch(WhichFork.COW, 0, 2, List.of(written), List.of());
        String expected = "PUNCHED_NON_DELALLOC: the punch of [0, 2) changed the COW fork's real extents from ["
                + written + "] to []";
        assertEquals(List.of(expected), w.file().punchedNonDelalloc());
        assertEquals(List.of(expected), w.violationsAtRest());
        assertEquals(List.of(expected), w.file().copy().punchedNonDelalloc());
    }
}
