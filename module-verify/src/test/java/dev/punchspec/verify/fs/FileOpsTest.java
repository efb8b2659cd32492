package dev.punchspec.verify.fs;

import static dev.punchspec.verify.fs.FsFixtures.bytes;
import static dev.punchspec.verify.fs.FsFixtures.folio;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.cache.CachedFolio;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The operations run sequentially, one task, each outcome compared with what the kernel does. */
class FileOpsTest {

    private static final Geometry PAGE4_BLOCK2 = new Geometry(4, 2, 0);
    private static final Geometry PAGE4_BLOCK4 = new Geometry(4, 4, 0);

    private final StepBoundHook hook = new StepBoundHook();

    private TaskContext task(FsWorld world) {
        return world.validator().newTask(0, "t", hook);
    }

    private static byte[] disk(FsWorld w, long fsb) {
        return w.file().extents().readFileBlock(fsb);
    }

    @Test
    void aWholeWriteLandsReservesAndPersists() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(6, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6), 6));
        assertEquals(6, w.file().iSizeByte());
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 3, ExtentState.DELALLOC));
        assertEquals(List.of(), w.violationsAtRest());
        w.ops().fsync(t);
        assertArrayEquals(bytes(1, 2), disk(w, 0));
        assertArrayEquals(bytes(5, 6), disk(w, 2));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 3, ExtentState.WRITTEN));
        assertFalse(w.file().cache().folioDirtyAt(0));
        assertEquals(2, w.ops().dropCaches(t));
        assertEquals(0, w.file().cache().entryCount());
        assertEquals(List.of(), w.validator().violations());
    }

    @Test
    void aWriteOverTwoPagesTakesAFolioPerPageWithoutLargeFolios() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(8, w.ops().bufferedWrite(t, 0, new byte[8], 8));
        assertEquals(2, w.file().cache().entryCount());
        assertEquals(0, folio(w, 1).order());
    }

    @Test
    void withLargeFoliosTheWriteTakesOneFolioForTwoPages() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 4, 1), 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(8, w.ops().bufferedWrite(t, 0, new byte[8], 8));
        assertEquals(1, w.file().cache().entryCount());
        assertEquals(1, folio(w, 0).order());
    }

    @Test
    void aWriteOfNothingFailsWithEfaultAndPunchesItsReservation() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 2, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(-FileOps.EFAULT, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 0));
        assertEquals(2, w.file().iSizeByte());
        assertEquals(List.of(), w.file().extents().extents(WhichFork.DATA));
        assertEquals(0, w.file().cache().entryCount(), "the buffer faulted before any folio was taken");
        assertEquals(List.of(), w.violationsAtRest());
        assertEquals(List.of(), w.validator().violations());
        assertEquals(-14, -FileOps.EFAULT);
    }

    /**
     * A copy of 3 of 4 bytes into a new folio that is not uptodate is rejected, then retried with
     * the 3 bytes, which {@code __iomap_write_begin()} prepares by zeroing the rest of block 1.
     */
    @Test
    void aShortCopyIntoAFolioNotUptodateIsRetriedWithTheCopiedBytes() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(3, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 3));
        assertEquals(3, w.file().iSizeByte());
        CachedFolio folio = folio(w, 0);
        assertArrayEquals(bytes(1, 2, 3, 0), folio.readBytes(0, 4));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 2, ExtentState.DELALLOC));
        assertEquals(List.of(), w.violationsAtRest());
        assertEquals(3, w.expected().at(2));
        assertEquals(0, w.expected().at(3));
    }

    @Test
    void aShortCopyIntoAnUptodateFolioIsAcceptedAsIs() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 4));
        hook.clear();
        assertEquals(1, w.ops().bufferedWrite(t, 0, bytes(9, 9, 9, 9), 1));
        assertArrayEquals(bytes(9, 2, 3, 4), folio(w, 0).readBytes(0, 4));
        assertEquals(1, hook.points().stream().filter(p -> p.startsWith("find folio")).count(),
                "no retry: " + hook.points());
    }

    /** A second chunk halves: with order-1 folios a failed 8-byte copy retries 2 bytes in a smaller folio. */
    @Test
    void theRetryAfterARejectedCopyTakesTheCopiedBytesOnly() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 4, 1), 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(2, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6, 7, 8), 2));
        assertEquals(2, w.file().iSizeByte());
        assertArrayEquals(bytes(1, 2, 0, 0), folio(w, 0).readBytes(0, 4));
        assertEquals(0, folio(w, 0).order(), "iomap_write_failed truncated the order-1 folio");
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 1, ExtentState.DELALLOC));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 1, 2, ExtentState.HOLE));
    }

    /** A write over an existing reservation then a hole takes two mappings; only the second is new. */
    @Test
    void aWriteSpanningTwoMappingsWritesBoth() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        w.file().extents().reserveDelalloc(t, WhichFork.DATA, 0, 1, 0);
        int[] faults = {0};
        assertEquals(4, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 4, () -> faults[0]++));
        assertEquals(0, faults[0], "a buffer that never faults never stalls");
        assertArrayEquals(bytes(1, 2, 3, 4), folio(w, 0).readBytes(0, 4));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 2, ExtentState.DELALLOC));
        FsWorld v = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext u = task(v);
        v.file().extents().reserveDelalloc(u, WhichFork.DATA, 0, 1, 0);
        assertEquals(3, v.ops().bufferedWrite(u, 0, bytes(1, 2, 3, 4), 3, () -> faults[0]++));
        assertEquals(2, faults[0], "the second mapping's fault-in reaches the unreadable byte before its short"
                + " copy and again after the retry, not during the retry");
        assertArrayEquals(bytes(1, 2, 3, 0), folio(v, 0).readBytes(0, 4));
        assertEquals(List.of(), v.violationsAtRest());
    }

    @Test
    void theFaultInStallsEachTimeItReachesTheUnreadableByte() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        int[] faults = {0};
        assertEquals(2, w.ops().bufferedWrite(task(w), 0, bytes(1, 2, 3, 4), 2, () -> faults[0]++));
        assertEquals(2, faults[0], "the first copy and the next chunk; not the retry of the copied bytes");
    }

    /** A write folio smaller than the chunk trims the copy to the folio ({@code iomap_write_begin()}). */
    @Test
    @SuppressWarnings("lock:method.guarantee.violated") // readFolio releases only the locks it took
    void anExistingSmallFolioTrimsTheChunk() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 4, 1), 16, 8, Generation.NEWEST);
        TaskContext t = task(w);
        w.file().cache().readFolio(t, 0, 0, w.file().backingStore());
        assertEquals(8, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6, 7, 8), 8));
        assertEquals(0, folio(w, 0).order());
        assertEquals(2, w.file().cache().entryCount());
        assertArrayEquals(bytes(5, 6, 7, 8), folio(w, 1).readBytes(0, 4));
    }

    /** {@code iomap_write_failed()} truncates only beyond EOF: a rejected copy below EOF keeps the folio. */
    @Test
    void aRejectedCopyBelowEofKeepsItsFolio() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(3, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 3));
        assertArrayEquals(bytes(1, 2, 3, 0), folio(w, 0).readBytes(0, 4));
        assertEquals(4, w.file().iSizeByte());
        assertEquals(List.of(), w.violationsAtRest());
    }

    @Test
    void aWriteAtEofExtendsTheFile() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 3, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(2, w.ops().bufferedWrite(t, 3, bytes(7, 8), 2));
        assertEquals(5, w.file().iSizeByte());
        w.ops().fsync(t);
        assertArrayEquals(bytes(0, 7), disk(w, 1));
        assertArrayEquals(bytes(8, 0), disk(w, 2));
    }

    @Test
    void badWriteArgumentsAreRejectedByName() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 2, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals("readableByte = 3: must be in [0, data.length = 2], data not empty",
                assertThrows(IllegalArgumentException.class, () -> w.ops().bufferedWrite(t, 0, bytes(1, 2), 3))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.ops().bufferedWrite(t, 0, bytes(1, 2), -1));
        assertThrows(IllegalArgumentException.class, () -> w.ops().bufferedWrite(t, 0, new byte[0], 0));
        assertEquals("posByte = 3 lies beyond i_size 2: EOF zeroing (xfs_file_write_zero_eof) is not modelled",
                assertThrows(IllegalStateException.class, () -> w.ops().bufferedWrite(t, 3, bytes(1), 1))
                        .getMessage());
        assertEquals(List.of(), w.validator().violations(), "i_rwsem released on the way out");
        assertEquals(1, w.ops().bufferedWrite(t, 2, bytes(1), 1), "at EOF is fine");
        assertEquals("[startByte 4, endByte 4): must satisfy 0 <= startByte < endByte",
                assertThrows(IllegalArgumentException.class, () -> w.ops().writeback(t, 4, 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.ops().writeback(t, -1, 4));
    }

    @Test
    void aBufferedReadSeesTheCacheThenTheDiskAndStopsAtEof() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(6, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6), 6));
        assertArrayEquals(bytes(2, 3, 4, 5, 6), w.ops().bufferedRead(t, 1, 9));
        w.ops().fsync(t);
        w.ops().dropCaches(t);
        assertArrayEquals(bytes(3, 4, 5), w.ops().bufferedRead(t, 2, 3));
        assertArrayEquals(bytes(), w.ops().bufferedRead(t, 6, 1));
        assertArrayEquals(bytes(), w.ops().bufferedRead(t, 0, 0));
        assertArrayEquals(bytes(1), w.ops().bufferedRead(t, 0, 1));
        assertArrayEquals(bytes(), w.ops().bufferedRead(t, 9, 1));
        assertEquals(2, w.file().cache().entryCount());
        assertEquals("[posByte -1, lengthByte 1]: both must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> w.ops().bufferedRead(t, -1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.ops().bufferedRead(t, 0, -1));
        assertEquals(List.of(), w.validator().violations());
    }

    @Test
    void aStoreBelowEofFaultsReservesDirtiesAndPersists() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 6, Generation.NEWEST);
        TaskContext t = task(w);
        assertTrue(w.ops().mmapStore(t, 5, (byte) 7));
        assertEquals(7, w.expected().at(5));
        // page_mkwrite reserved the whole folio below EOF: blocks 2 and 3 of page 1 ([4, 6) only
        // reaches block 2, EOF is 6).
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 2, 3, ExtentState.DELALLOC));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 3, 4, ExtentState.HOLE));
        assertTrue(w.file().cache().blockDirtyAt(6), "iomap_dirty_folio dirties every block");
        assertEquals(List.of(), w.violationsAtRest());
        w.ops().fsync(t);
        assertArrayEquals(bytes(0, 7), disk(w, 2));
        assertEquals(List.of(), w.validator().violations());
    }

    @Test
    void aStorePastEofInTheEofPageIsAllowedAndNeverPersisted() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 2, Generation.NEWEST);
        TaskContext t = task(w);
        assertTrue(w.ops().mmapStore(t, 3, (byte) 7));
        assertEquals(0, w.expected().at(3));
        assertTrue(w.ops().mmapStore(t, 2, (byte) 7));
        assertEquals(0, w.expected().at(2), "a store at EOF is past EOF");
        assertTrue(w.ops().mmapStore(t, 1, (byte) 7));
        assertEquals(7, w.expected().at(1));
        assertEquals(7, folio(w, 0).readBytes(3, 1)[0]);
        w.ops().fsync(t);
        Extent block0 = w.file().extents().mappingAt(WhichFork.DATA, 0);
        assertEquals(ExtentState.WRITTEN, block0.state());
        assertArrayEquals(bytes(0, 7, 0, 0), w.file().extents().disk().read(block0.diskFsb()),
                "iomap_writepage_handle_eof zeroes beyond EOF");
        assertEquals(List.of(), w.violationsAtRest());
    }

    @Test
    void aStoreBeyondTheEofPageGetsSigbus() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        assertFalse(w.ops().mmapStore(t, 4, (byte) 7));
        assertEquals(0, w.file().cache().entryCount());
        assertTrue(w.ops().mmapStore(t, 3, (byte) 7));
        FsWorld empty = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        assertFalse(empty.ops().mmapStore(task(empty), 0, (byte) 7));
    }

    @Test
    void aStoreIntoALargeFolioDirtiesItWhole() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 2, 1), 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(8, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6, 7, 8), 8));
        w.ops().fsync(t);
        assertFalse(w.file().cache().blockDirtyAt(0));
        assertTrue(w.ops().mmapStore(t, 6, (byte) 9));
        assertEquals(1, folio(w, 1).order());
        assertTrue(w.file().cache().blockDirtyAt(0), "iomap_dirty_folio: every block of the folio");
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 4, ExtentState.WRITTEN), "nothing to reserve");
        w.ops().fsync(t);
        assertArrayEquals(bytes(1, 2, 3, 4, 5, 6, 9, 8), readAll(w, 8));
        assertEquals(List.of(), w.violationsAtRest());
    }

    private static byte[] readAll(FsWorld w, int n) {
        byte[] out = new byte[n];
        long blockSize = w.file().extents().params().blockSize();
        for (int p = 0; p < n; p++) {
            out[p] = w.file().extents().readFileBlock(p / blockSize)[(int) (p % blockSize)];
        }
        return out;
    }

    /** XFS writeback skips a dirty block over a hole and cleans the folio: the data never reaches disk. */
    @Test
    void writebackSkipsDirtyBlocksOverHolesAndTheDataIsLost() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 4));
        w.file().extents().punchDelallocRange(t, WhichFork.DATA, 2, 4);
        assertEquals(List.of("DIRTY_WITHOUT_RESERVATION: block 1 [2, 4) holds dirty data below EOF 4 and has no extent",
                "DATA_LOST: byte 2 reads 0 after fsync and cache drop, expected 3",
                "DATA_LOST: byte 3 reads 0 after fsync and cache drop, expected 4"), w.violationsAtRest());
        assertEquals(List.of("DIRTY_WITHOUT_RESERVATION: block 1 [2, 4) holds dirty data below EOF 4 and has no extent"),
                w.violationsAtStep(), "between steps only what must hold at every step");
        w.ops().writeback(t, 0, 4);
        assertFalse(w.file().cache().folioDirtyAt(0), "cleaned all the same");
        assertFalse(folio(w, 0).testWriteback());
        assertArrayEquals(bytes(1, 2, 0, 0), readAll(w, 4));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 1, 2, ExtentState.HOLE));
    }

    @Test
    void writebackOfARangeLeavesFoliosOutsideItDirty() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 12, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(12, w.ops().bufferedWrite(t, 0, new byte[12], 12));
        w.ops().writeback(t, 4, 8);
        assertTrue(w.file().cache().folioDirtyAt(0));
        assertFalse(w.file().cache().folioDirtyAt(4));
        assertTrue(w.file().cache().folioDirtyAt(8));
        assertEquals(ExtentState.UNWRITTEN, w.file().extents().mappingAt(WhichFork.DATA, 0).state(),
                "conversion allocates the whole delalloc record; only the written block becomes written");
        assertEquals(ExtentState.WRITTEN, w.file().extents().mappingAt(WhichFork.DATA, 1).state());
        w.ops().writeback(t, 0, 12);
        w.ops().writeback(t, 0, 12);
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 3, ExtentState.WRITTEN));
        assertEquals(3, w.ops().dropCaches(t));
    }

    @Test
    void writebackOfAFolioWhollyBeyondEofCleansItWithoutIo() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 8, Generation.NEWEST);
        TaskContext t = task(w);
        assertTrue(w.ops().mmapStore(t, 5, (byte) 7));
        w.file().setISizeByte(4);
        w.ops().fsync(t);
        assertFalse(w.file().cache().folioDirtyAt(4));
        assertEquals(ExtentState.DELALLOC, w.file().extents().mappingAt(WhichFork.DATA, 1).state());
    }

    /**
     * A one-byte write into a clean uptodate folio of two blocks: the seed keeps the whole dirty
     * folio's reservation, v6.6 on punches the clean block.
     */
    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST"})
    @SuppressWarnings("lock:method.guarantee.violated") // readFolio releases only the locks it took
    void theSeedKeepsTheReservationOfACleanBlockInADirtyFolio(Generation g) throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 4, g);
        TaskContext t = task(w);
        w.file().cache().readFolio(t, 0, 0, w.file().backingStore());
        assertEquals(1, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 1));
        List<String> expected = g == Generation.SEED_61
                ? List.of("RESERVATION_LEAK: block 1 [2, 4) is delalloc with no dirty data over it") : List.of();
        assertEquals(expected, w.violationsAtRest());
    }

    /**
     * A write starting inside a page: {@code iomap_write_iter()}'s chunk is the largest folio (8
     * bytes here) less the offset into it, and the folio order follows the chunk: 6 bytes at 2
     * take an order-0 folio (trimmed to its 2 bytes), then 4 bytes at 4 another, then 8 bytes at 8
     * an order-1 folio.
     */
    @Test
    void aWriteInsideAPageSizesItsFoliosByTheChunkLeft() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 4, 1), 16, 2, Generation.NEWEST);
        TaskContext t = task(w);
        byte[] data = bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertEquals(14, w.ops().bufferedWrite(t, 2, data, 14));
        assertEquals(16, w.file().iSizeByte());
        assertEquals(3, w.file().cache().entryCount());
        assertEquals(0, folio(w, 0).order());
        assertEquals(0, folio(w, 1).order());
        assertEquals(1, folio(w, 1).index());
        assertEquals(1, folio(w, 2).order());
        assertArrayEquals(bytes(0, 0, 1, 2), folio(w, 0).readBytes(0, 4), "zeroed before the write: a new block");
        assertArrayEquals(bytes(3, 4, 5, 6), folio(w, 1).readBytes(0, 4));
        assertArrayEquals(bytes(7, 8, 9, 10, 11, 12, 13, 14), folio(w, 2).readBytes(0, 8));
        assertEquals(List.of(), w.violationsAtRest());
    }

    /**
     * The last copy of a write is what is left of it: 12 bytes take an order-1 folio for 8, then
     * an order-0 folio for the last 4, each copied whole, and the buffer, readable to its end,
     * never faults.
     */
    @Test
    void theLastCopyTakesOnlyWhatIsLeft() throws XfsError {
        FsWorld w = new FsWorld(new Geometry(4, 4, 1), 16, 0, Generation.NEWEST);
        int[] faults = {0};
        assertEquals(12, w.ops().bufferedWrite(task(w), 0, new byte[12], 12, () -> faults[0]++));
        assertEquals(0, faults[0]);
        assertEquals(1, folio(w, 0).order());
        assertEquals(0, folio(w, 2).order());
        assertEquals(2, hook.points().stream().filter(p -> p.startsWith("find folio")).count(), hook.points().toString());
    }

    /** {@code __iomap_write_begin()} reads the rest of a written block a partial write leaves. */
    @Test
    void aPartialRewriteOfAWrittenBlockReadsTheRestFromDisk() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 4));
        w.ops().fsync(t);
        assertEquals(1, w.ops().dropCaches(t));
        assertEquals(1, w.ops().bufferedWrite(t, 1, bytes(9), 1));
        assertArrayEquals(bytes(1, 9, 3, 4), folio(w, 0).readBytes(0, 4));
        w.ops().fsync(t);
        assertArrayEquals(bytes(1, 9, 3, 4), disk(w, 0));
        assertEquals(List.of(), w.violationsAtRest());
    }

    /**
     * {@code iomap_page_mkwrite()} maps the folio mapping by mapping: an existing reservation of
     * block 2, then a new one over the hole of block 3.
     */
    @Test
    void aWriteFaultReservesEachMappingOfItsFolio() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK2, 16, 8, Generation.NEWEST);
        TaskContext t = task(w);
        w.file().extents().reserveDelalloc(t, WhichFork.DATA, 2, 1, 0);
        assertTrue(w.ops().mmapStore(t, 5, (byte) 7));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 2, 4, ExtentState.DELALLOC));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 2, ExtentState.HOLE));
        assertEquals(List.of(), w.violationsAtRest());
    }
}
