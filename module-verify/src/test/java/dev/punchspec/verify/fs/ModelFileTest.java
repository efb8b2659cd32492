package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SchedulingHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.cache.CacheAddressSpace;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.XfsBmapPunch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ModelFileTest {

    private final ModelFile file = new ModelFile(new Geometry(4096, 1024, 0), 64);
    private final List<String> points = new ArrayList<>();
    private final TaskContext task = new LockValidator(ViolationPolicy.THROW).newTask(0, "t", new SchedulingHook() {
        @Override
        public void schedulingPoint(String what) {
            points.add(what);
        }

        @Override
        public boolean blockUntil(String what, BooleanSupplier ready) {
            return ready.getAsBoolean();
        }
    });

    @Test
    void theInodeReadsSizeAtASchedulingPointAndSharesTheCache() {
        file.setISizeByte(5000);
        assertEquals(5000, file.iSizeByte());
        Inode inode = file.inode(task);
        assertEquals(5000, inode.iSizeRead());
        assertEquals(List.of("i_size_read"), points);
        assertEquals(10, inode.blkbits());
        assertSame(file.cache(), ((CacheAddressSpace) inode.mapping()).cache());
    }

    @Test
    void aNegativeSizeIsRejectedByName() {
        assertEquals("sizeByte = -1: i_size must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> file.setISizeByte(-1)).getMessage());
        assertEquals(0, file.iSizeByte(), "nothing half-applied");
    }

    @Test
    void thePunchGoesToTheForkItNames() throws XfsError {
        file.extents().reserveDelalloc(task, WhichFork.DATA, 0, 2, 0);
        file.extents().reserveDelalloc(task, WhichFork.COW, 0, 2, 0);
        XfsBmapPunch punch = file.bmapPunch(task);
        assertEquals(0, punch.punchDelallocRange(file.inode(task), XfsBmapPunch.XFS_COW_FORK, 0, 1024));
        assertTrue(file.extents().allIn(WhichFork.COW, 0, 1, ExtentState.HOLE));
        assertTrue(file.extents().allIn(WhichFork.DATA, 0, 2, ExtentState.DELALLOC));
        assertEquals(0, punch.punchDelallocRange(file.inode(task), XfsBmapPunch.XFS_DATA_FORK, 1024, 2048));
        assertTrue(file.extents().allIn(WhichFork.DATA, 1, 2, ExtentState.HOLE));
        assertTrue(file.extents().allIn(WhichFork.COW, 1, 2, ExtentState.DELALLOC));
        assertEquals(List.of(), file.contractViolations());
        assertEquals(0, punch.punchDelallocRange(file.inode(task), XfsBmapPunch.XFS_DATA_FORK, 100, 1024));
        assertEquals(List.of("CONTRACT: xfs_bmap_punch_delalloc_range(DATA, 100, 1024): callers must not pass"
                + " partial blocks (block size 1024); XFS punches blocks [0, 1)"), file.contractViolations());
        assertTrue(file.extents().allIn(WhichFork.DATA, 0, 2, ExtentState.HOLE), "block 0 went, rounded down");
        long far = 1L << 62;
        assertEquals(0, punch.punchDelallocRange(file.inode(task), XfsBmapPunch.XFS_DATA_FORK, far, far + 1024));
        assertEquals(1, file.contractViolations().size(), "whole blocks far out are no violation");
    }

    @Test
    void dirtyBlocksBelowEofNeedAnExtent() throws XfsError {
        boolean[] dirty = {false, true, true, true};
        boolean[] uptodate = {true, true, true, true};
        file.cache().installFolio(0, 0, true, true, uptodate, dirty, null);
        file.extents().reserveDelalloc(task, WhichFork.DATA, 2, 1, 0);
        file.setISizeByte(3073);
        // Block 0 is clean, block 2 reserved, block 3 holds one byte below EOF.
        assertEquals(List.of(
                "DIRTY_WITHOUT_RESERVATION: block 1 [1024, 2048) holds dirty data below EOF 3073 and has no extent",
                "DIRTY_WITHOUT_RESERVATION: block 3 [3072, 4096) holds dirty data below EOF 3073 and has no extent"),
                file.dirtyWithoutReservation());
        file.setISizeByte(3072);
        assertEquals(1, file.dirtyWithoutReservation().size(), "block 3 is past EOF now");
        file.setISizeByte(0);
        assertEquals(List.of(), file.dirtyWithoutReservation());
    }
}
