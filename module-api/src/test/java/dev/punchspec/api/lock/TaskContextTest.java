package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskContextTest {

    private final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    private final RecordingHook hook = new RecordingHook();
    private final TaskContext task = validator.newTask(4, "writer", hook);
    private final ModelLock ilock = new ModelLock("ILOCK", LockRank.ILOCK);

    @Test
    void identity() {
        assertEquals(4, task.id());
        assertEquals("writer", task.name());
        assertEquals("task 4 (writer)", task.label());
        assertSame(hook, task.scheduler());
        assertSame(validator, task.validator());
        assertFalse(task.hasExited());
        assertEquals(List.of(), task.heldLocks());
        assertEquals(List.of(), task.modelPath());
    }

    @Test
    void identityIsValidated() {
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> validator.newTask(-1, "x", hook));
        assertEquals("id = -1: a task id must be >= 0", negative.getMessage());
        IllegalArgumentException blank =
                assertThrows(IllegalArgumentException.class, () -> validator.newTask(0, "", hook));
        assertEquals("name = \"\": a task name must not be blank", blank.getMessage());
        assertEquals(0, validator.newTask(0, "zero", hook).id());
    }

    @Test
    void modelPathNestsAndShowsInSnapshots() {
        task.enter("iomap_file_buffered_write");
        task.enter("iomap_write_delalloc_release");
        assertEquals(List.of("iomap_file_buffered_write", "iomap_write_delalloc_release"), task.modelPath());
        ilock.lock(task, LockMode.EXCLUSIVE);
        assertEquals(task.modelPath(), ilock.holders().get(0).acquiredAt().modelPath());
        task.leave("iomap_write_delalloc_release");
        assertEquals(List.of("iomap_file_buffered_write"), task.modelPath());
        task.leave("iomap_file_buffered_write");
        assertEquals(List.of(), task.modelPath());
    }

    @Test
    void modelPathRejectsBlankFramesAndUnbalancedLeaves() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> task.enter(" "));
        assertEquals("frame = \" \": a model frame must not be blank", blank.getMessage());
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> task.leave("scan"));
        assertEquals("task 4 (writer) leaves model frame \"scan\" but its model path is []", empty.getMessage());
        task.enter("outer");
        task.enter("inner");
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> task.leave("outer"));
        assertEquals("task 4 (writer) leaves model frame \"outer\" but its model path is [outer, inner]",
                wrong.getMessage());
        assertEquals(List.of("outer", "inner"), task.modelPath());
    }

    @Test
    void levelsAreOnlyPunchAndNotSchedulingPoints() {
        IllegalArgumentException enter =
                assertThrows(IllegalArgumentException.class, () -> task.enterLevel(LockRank.FOLIO_LOCK));
        assertEquals("level = FOLIO_LOCK is a lock rank; only PUNCH is a level of the order (take locks with ModelLock)",
                enter.getMessage());
        assertThrows(IllegalArgumentException.class, () -> task.exitLevel(LockRank.ILOCK));
        task.enterLevel(LockRank.PUNCH);
        HeldLock level = task.heldLocks().get(0);
        assertEquals("->punch", level.lockName());
        assertEquals(LockRank.PUNCH, level.rank());
        assertTrue(level.isLevel());
        assertEquals("levelsAreOnlyPunchAndNotSchedulingPoints", Fixtures.innermost(level.acquiredAt()));
        task.exitLevel(LockRank.PUNCH);
        assertEquals(List.of(), task.heldLocks());
        assertEquals(List.of(), hook.events());
    }

    @Test
    void exitingALevelKeepsLocksTakenInsideIt() {
        ilock.lock(task, LockMode.SHARED);
        TaskContext other = validator.newTask(5, "other", hook);
        other.enterLevel(LockRank.PUNCH);
        ilock.lock(other, LockMode.SHARED);
        other.exitLevel(LockRank.PUNCH);
        assertEquals(List.of("ILOCK"), other.heldLocks().stream().map(held -> held.lockName()).toList());
        IllegalStateException notInside =
                assertThrows(IllegalStateException.class, () -> other.exitLevel(LockRank.PUNCH));
        assertEquals("task 5 (other) exits level PUNCH it is not inside; it holds [ILOCK [ILOCK SHARED] by task 5 (other)]",
                notInside.getMessage());
    }

    @Test
    void exitedTasksRunNothing() {
        task.schedulingPoint("seek data 0");
        assertEquals(List.of("seek data 0"), hook.events());
        task.exit();
        assertTrue(task.hasExited());
        assertThrows(IllegalStateException.class, () -> task.schedulingPoint("seek hole 0"));
        assertThrows(IllegalStateException.class, () -> task.enterLevel(LockRank.PUNCH));
        IllegalStateException twice = assertThrows(IllegalStateException.class, task::exit);
        assertEquals("task 4 (writer) has exited; it can no longer run lock operations", twice.getMessage());
        assertEquals(List.of("seek data 0"), hook.events());
        assertEquals(List.of(), task.heldLocks());
    }

    @Test
    void equalityCoversIdentityHeldLocksAndExitButNotThePath() {
        LockValidator other = new LockValidator(ViolationPolicy.RECORD);
        TaskContext same = other.newTask(4, "writer", new SequentialHook());
        assertEquals(task, same);
        assertEquals(task.hashCode(), same.hashCode());
        assertEquals(task, task);
        same.enter("somewhere");
        assertEquals(task, same);
        assertNotEquals(task, other.newTask(5, "writer", hook));
        assertNotEquals(task, other.newTask(6, "reader", hook));
        assertNotEquals(task.hashCode(), validator.newTask(6, "writer", hook).hashCode());
        assertNotEquals(task.hashCode(), validator.newTask(7, "writes", hook).hashCode());
        LockValidator third = new LockValidator(ViolationPolicy.RECORD);
        TaskContext renamed = third.newTask(4, "reader", hook);
        assertNotEquals(task, renamed);
        assertNotEquals(task.hashCode(), renamed.hashCode());
        ilock.lock(same, LockMode.EXCLUSIVE);
        assertNotEquals(task, same);
        assertNotEquals(task.hashCode(), same.hashCode());
        ModelLock alsoIlock = new ModelLock("ILOCK", LockRank.ILOCK);
        alsoIlock.lock(task, LockMode.EXCLUSIVE);
        assertEquals(task, same);
        TaskContext exited = third.newTask(1, "e", hook);
        TaskContext running = other.newTask(1, "e", hook);
        exited.exit();
        assertNotEquals(exited, running);
        assertNotEquals(exited.hashCode(), running.hashCode());
        assertFalse(task.equals("task 4"));
    }

    @Test
    void hashCodeIsStableAcrossRuns() {
        // Ints, String hashes and ordinals only: the value must not change from one JVM to the next.
        ilock.lock(task, LockMode.SHARED);
        assertEquals(((4 * 31 + "writer".hashCode()) * 31 + task.heldLocks().hashCode()) * 31 + 1237, task.hashCode());
        TaskContext exited = validator.newTask(9, "gone", hook);
        exited.exit();
        assertEquals(((9 * 31 + "gone".hashCode()) * 31 + 1) * 31 + 1231, exited.hashCode());
    }

    @Test
    void toStringListsHeldLocksAndLevels() {
        assertEquals("task 4 (writer) holds []", task.toString());
        ilock.lock(task, LockMode.EXCLUSIVE);
        assertEquals("task 4 (writer) holds [ILOCK EXCLUSIVE]", task.toString());
        TaskContext punching = validator.newTask(1, "punching", hook);
        ModelLock folio = new ModelLock("folio 2", LockRank.FOLIO_LOCK);
        folio.lock(punching, LockMode.EXCLUSIVE);
        punching.enterLevel(LockRank.PUNCH);
        assertEquals("task 1 (punching) holds [folio 2 EXCLUSIVE, ->punch]", punching.toString());
        LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
        TaskContext leaving = relaxed.newTask(2, "leaving", hook);
        leaving.enterLevel(LockRank.PUNCH);
        leaving.exit();
        assertEquals("task 2 (leaving) exited holding [->punch]", leaving.toString());
    }
}
