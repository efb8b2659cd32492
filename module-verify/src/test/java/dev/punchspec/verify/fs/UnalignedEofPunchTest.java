package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failed write whose new delalloc spans an unaligned EOF inside a dirty folio: the state a
 * write racing an mmap store leaves for {@code ->iomap_end}, run sequentially.
 *
 * <p>The schedule: a sparse file of 2500 bytes (ftruncate up, no extents) on 1024-byte blocks and
 * 4096-byte pages; a buffered write of 4096 bytes at 0 reserves delalloc for blocks 0-3
 * ({@code IOMAP_F_NEW}), creates folio 0 and copies nothing (its user buffer faults); an mmap
 * store at byte 2100 reads the folio in and dirties it ({@code iomap_dirty_folio}: every block);
 * then the write's {@code ->iomap_end} runs. Every generation that clamps the scan to
 * {@code i_size} keeps {@code [0, 2500)} and punches {@code [2500, 4096)}, a range starting inside
 * block 2. XFS documents that callers must not pass partial blocks, and rounds the start down: the
 * delalloc of block 2 goes, under dirty data below EOF ({@code DIRTY_WITHOUT_RESERVATION}), and
 * the broken obligation is a {@code CONTRACT} violation. The
 * model's prediction, reproduced on Linux 6.18 XFS with 1024- and 4096-byte blocks:
 * docs/findings/unaligned-eof-punch.
 */
class UnalignedEofPunchTest {

    private static final int PAGE = 4096;
    private static final int BLOCK = 1024;
    private static final long STORE_BYTE = 2100;

    /** What one run left behind. */
    private record Outcome(ModelFile file, List<String> warnings, int returned) {
    }

    private static Outcome failedWriteAfterStore(Generation generation, long iSizeByte) throws XfsError {
        return failedWriteAfterStore(generation, iSizeByte, BLOCK);
    }

    private static Outcome failedWriteAfterStore(Generation generation, long iSizeByte, int blockSize)
            throws XfsError {
        ModelFile file = new ModelFile(new Geometry(PAGE, blockSize, 0), 64);
        TaskContext task = new LockValidator(ViolationPolicy.THROW).newTask(0, "writer", new SequentialHook());
        file.setISizeByte(iSizeByte);
        int blocks = PAGE / blockSize;
        file.extents().reserveDelalloc(task, WhichFork.DATA, 0, blocks, 0);
        boolean[] everyBlock = new boolean[blocks];
        Arrays.fill(everyBlock, true);
        byte[] bytes = new byte[PAGE];
        bytes[(int) STORE_BYTE] = 7;
        // A folio of one block has no per-block state (iomap allocates none).
        file.cache().installFolio(0, 0, true, true, blocks > 1 ? everyBlock : null,
                blocks > 1 ? everyBlock.clone() : null, bytes);
        List<String> warnings = new ArrayList<>();
        int returned = generation.create((condition, site) -> {
            if (condition) {
                warnings.add(site);
            }
            return condition;
        }).iomapEnd(file.inode(task), 0, PAGE, 0, Iomap.IOMAP_WRITE,
                new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, PAGE), file.bmapPunch(task));
        return new Outcome(file, warnings, returned);
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST", "NO_F_NEW", "INDEX32"})
    void thePunchFromEofStartsInsideABlockAndXfsRemovesItsReservation(Generation generation) throws XfsError {
        Outcome o = failedWriteAfterStore(generation, 2500);
        assertEquals(0, o.returned());
        assertEquals(List.of(), o.warnings());
        assertEquals(List.of("CONTRACT: xfs_bmap_punch_delalloc_range(DATA, 2500, 4096): callers must not pass"
                + " partial blocks (block size 1024); XFS punches blocks [2, 4)"), o.file().contractViolations(),
                "XFS_B_TO_FSBT rounds the start down to block 2");
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 0, 2, ExtentState.DELALLOC));
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 2, 4, ExtentState.HOLE));
        assertTrue(o.file().cache().blockDirtyAt(STORE_BYTE), "the stored byte is still dirty in the cache");
        assertEquals(List.of("DIRTY_WITHOUT_RESERVATION: block 2 [2048, 3072) holds dirty data below EOF 2500"
                + " and has no extent"), o.file().dirtyWithoutReservation());
    }

    /** The default XFS block size, as reproduced on Linux 6.18 (docs/findings/unaligned-eof-punch). */
    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST"})
    void withPageSizedBlocksTheWholeEofBlockLosesItsReservation(Generation generation) throws XfsError {
        Outcome o = failedWriteAfterStore(generation, 2500, PAGE);
        assertEquals(List.of("CONTRACT: xfs_bmap_punch_delalloc_range(DATA, 2500, 4096): callers must not pass"
                + " partial blocks (block size 4096); XFS punches blocks [0, 1)"), o.file().contractViolations());
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 0, 1, ExtentState.HOLE));
        assertEquals(List.of("DIRTY_WITHOUT_RESERVATION: block 0 [0, 4096) holds dirty data below EOF 2500"
                + " and has no extent"), o.file().dirtyWithoutReservation());
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST", "NO_F_NEW", "INDEX32"})
    void withEofOnABlockBoundaryNothingUnderDirtyDataIsPunched(Generation generation) throws XfsError {
        Outcome o = failedWriteAfterStore(generation, 3072);
        assertEquals(List.of(), o.file().contractViolations());
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 0, 3, ExtentState.DELALLOC));
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 3, 4, ExtentState.HOLE), "past EOF is punched");
        assertEquals(List.of(), o.file().dirtyWithoutReservation());
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"NO_EOF_CLAMP"})
    void scanningPastEofKeepsTheWholeDirtyFolio(Generation generation) throws XfsError {
        Outcome o = failedWriteAfterStore(generation, 2500);
        assertEquals(List.of(), o.file().contractViolations());
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 0, 4, ExtentState.DELALLOC));
        assertEquals(List.of(), o.file().dirtyWithoutReservation());
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"TRUNCATE"})
    void thePreSeedGenerationDropsTheStoredData(Generation generation) throws XfsError {
        Outcome o = failedWriteAfterStore(generation, 2500);
        assertFalse(o.file().cache().dataAt(STORE_BYTE), "truncate_pagecache_range dropped the dirty folio");
        assertTrue(o.file().extents().allIn(WhichFork.DATA, 0, 4, ExtentState.HOLE));
        assertEquals(List.of(), o.file().dirtyWithoutReservation(), "nothing dirty is left: the data is gone");
    }
}
