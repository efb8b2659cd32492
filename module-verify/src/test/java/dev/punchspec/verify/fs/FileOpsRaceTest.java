package dev.punchspec.verify.fs;

import static dev.punchspec.verify.fs.FsFixtures.bytes;
import static dev.punchspec.verify.fs.FsFixtures.folio;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The branches of the operations that exist only for races, each driven sequentially in the
 * racing order: a second task's steps run at the scheduling point where the explorer could put
 * them ({@link StepBoundHook#at}), and the test states every step the first task then takes.
 */
class FileOpsRaceTest {

    private static final Geometry PAGE4_BLOCK4 = new Geometry(4, 4, 0);

    private final StepBoundHook hook = new StepBoundHook();

    private TaskContext task(FsWorld w) {
        return w.validator().newTask(0, "t", hook);
    }

    private static TaskContext other(FsWorld w) {
        return w.validator().newTask(1, "other", new SequentialHook());
    }

    /**
     * drop_caches evicts the clean folio the read fault just read, before the write fault takes
     * the invalidate_lock (drop_caches takes none): {@code iomap_page_mkwrite()} finds it gone
     * ({@code folio_mkwrite_check_truncate()}: -EFAULT, {@code VM_FAULT_NOPAGE}) and the fault is
     * taken again from the read fault, without a store in between.
     */
    @Test
    void aWriteFaultWhoseFolioWasEvictedFaultsAgain() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        int[] dropped = {-1};
        hook.at("lock file invalidate_lock SHARED", 2, () -> dropped[0] = w.ops().dropCaches(other(w)));
        assertTrue(w.ops().mmapStore(t, 1, (byte) 7));
        assertEquals(1, dropped[0]);
        assertEquals(List.of("i_size_read",
                "lock file invalidate_lock SHARED", "find folio 0 of file", "lock file folio 0 EXCLUSIVE",
                "unlock file folio 0", "unlock file invalidate_lock",
                // the write fault, after drop_caches: no folio, VM_FAULT_NOPAGE
                "lock file invalidate_lock SHARED", "find folio 0 of file", "unlock file invalidate_lock",
                // the fault again
                "i_size_read",
                "lock file invalidate_lock SHARED", "find folio 0 of file", "lock file folio 0 EXCLUSIVE",
                "unlock file folio 0", "unlock file invalidate_lock",
                "lock file invalidate_lock SHARED", "find folio 0 of file", "lock file folio 0 EXCLUSIVE",
                "lock ILOCK EXCLUSIVE", "unlock ILOCK", "unlock file invalidate_lock", "unlock file folio 0",
                "store [1, 2) of file"), hook.points());
        assertEquals(7, w.expected().at(1));
        assertEquals(List.of(), w.validator().violations());
        assertEquals(List.of(), w.violationsAtRest());
    }

    /**
     * The write fault finds its folio wholly beyond EOF: the state between
     * {@code truncate_setsize()}'s {@code i_size_write()} and its {@code truncate_pagecache()}. XFS
     * keeps faults out of it (its truncate holds the MMAPLOCK), but {@code iomap_page_mkwrite()}
     * checks it regardless: -EFAULT, {@code VM_FAULT_NOPAGE}, and the repeated read fault gives
     * {@code SIGBUS}. The folio, read in clean before, stays clean and the store is not tried.
     */
    @Test
    void aWriteFaultBeyondEofFaultsAgainAndGetsSigbus() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 4, Generation.NEWEST);
        TaskContext t = task(w);
        assertArrayEquals(bytes(0, 0, 0, 0), w.ops().bufferedRead(t, 0, 4));
        hook.clear();
        hook.at("lock file invalidate_lock SHARED", 2, () -> w.file().setISizeByte(0));
        assertFalse(w.ops().mmapStore(t, 2, (byte) 9));
        assertEquals(List.of("i_size_read",
                "lock file invalidate_lock SHARED", "find folio 0 of file", "lock file folio 0 EXCLUSIVE",
                "unlock file folio 0", "unlock file invalidate_lock",
                // the write fault, i_size now 0
                "lock file invalidate_lock SHARED", "find folio 0 of file", "lock file folio 0 EXCLUSIVE",
                "unlock file invalidate_lock", "unlock file folio 0",
                // the fault again: SIGBUS
                "i_size_read"), hook.points());
        assertArrayEquals(bytes(0, 0, 0, 0), folio(w, 0).readBytes(0, 4));
        assertFalse(w.file().cache().folioDirtyAt(0));
        assertEquals(List.of(), w.file().extents().extents(WhichFork.DATA), "nothing reserved");
        assertEquals(0, w.expected().at(2));
        assertEquals(List.of(), w.validator().violations());
    }

    /**
     * A truncate to 0 runs between writeback's lookup of the next dirty folio and its folio lock
     * ({@code writeback_iter()}): the lock finds no folio, and writeback goes on past it.
     */
    @Test
    @SuppressWarnings("lock:method.guarantee.violated") // the truncate releases only the locks it took
    void writebackSkipsAFolioTruncatedBeforeItsLock() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(4, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4), 4));
        hook.clear();
        hook.at("find folio 0 of file", 1, () -> {
            TaskContext truncate = other(w);
            w.file().setISizeByte(0);
            w.file().cache().truncatePagecache(truncate, 0);
            w.file().extents().truncateExtents(truncate, 0);
        });
        w.ops().writeback(t, 0, 4);
        assertEquals(List.of("find folio 0 of file"), hook.points());
        assertEquals(0, w.file().cache().entryCount());
        assertEquals(List.of(), w.file().extents().extents(WhichFork.DATA));
        assertEquals(List.of(), w.validator().violations());
        assertEquals(List.of(), w.violationsAtRest());
    }

    /**
     * Another writeback cleans folio 0 between this writeback's lookup and its folio lock: the
     * locked folio is clean and is skipped. Folio 1's block is unwritten by then (the other
     * writeback converted the whole delalloc record), so it is written without a conversion and
     * completion makes it written.
     */
    @Test
    void writebackSkipsAFolioCleanedBeforeItsLock() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(8, w.ops().bufferedWrite(t, 0, bytes(1, 2, 3, 4, 5, 6, 7, 8), 8));
        hook.clear();
        hook.at("find folio 0 of file", 1, () -> {
            try {
                w.ops().writeback(other(w), 0, 4);
            } catch (XfsError e) {
                throw new AssertionError(e);
            }
        });
        w.ops().writeback(t, 0, 8);
        assertEquals(List.of("find folio 0 of file", "lock file folio 0 EXCLUSIVE", "unlock file folio 0",
                "find folio 1 of file", "lock file folio 1 EXCLUSIVE", "lock ILOCK SHARED", "unlock ILOCK",
                "unlock file folio 1", "lock ILOCK EXCLUSIVE", "unlock ILOCK", "end writeback of folio 1 of file"),
                hook.points());
        assertFalse(folio(w, 0).testLocked());
        assertFalse(w.file().cache().folioDirtyAt(0));
        assertFalse(w.file().cache().folioDirtyAt(4));
        assertTrue(w.file().extents().allIn(WhichFork.DATA, 0, 2, ExtentState.WRITTEN));
        assertArrayEquals(bytes(5, 6, 7, 8), w.file().extents().readFileBlock(1));
        assertEquals(List.of(), w.validator().violations());
    }

    /**
     * Writeback of a range holding a value entry, a clean folio and a dirty folio over a written
     * block: only the dirty folio is locked, its block needs neither a delalloc conversion nor an
     * unwritten conversion at completion.
     */
    @Test
    void writebackLocksOnlyDirtyFoliosAndRewritesWrittenBlocksInPlace() throws XfsError {
        FsWorld w = new FsWorld(PAGE4_BLOCK4, 16, 0, Generation.NEWEST);
        TaskContext t = task(w);
        assertEquals(12, w.ops().bufferedWrite(t, 0, new byte[12], 12));
        w.ops().fsync(t);
        assertEquals(3, w.ops().dropCaches(t));
        w.file().cache().installShadow(0, 0);
        assertArrayEquals(bytes(0), w.ops().bufferedRead(t, 4, 1));
        assertEquals(4, w.ops().bufferedWrite(t, 8, bytes(9, 8, 7, 6), 4));
        hook.clear();
        w.ops().writeback(t, 0, 12);
        assertEquals(List.of("find folio 2 of file", "lock file folio 2 EXCLUSIVE", "lock ILOCK SHARED",
                "unlock ILOCK", "unlock file folio 2", "end writeback of folio 2 of file"), hook.points());
        assertArrayEquals(bytes(9, 8, 7, 6), w.file().extents().readFileBlock(2));
        assertEquals(List.of(), w.validator().violations());
    }
}
