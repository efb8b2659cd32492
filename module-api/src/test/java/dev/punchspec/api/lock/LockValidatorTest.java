package dev.punchspec.api.lock;

import static dev.punchspec.api.lock.Fixtures.innermost;
import static dev.punchspec.api.lock.Fixtures.present;
import static dev.punchspec.api.lock.Fixtures.violation;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

class LockValidatorTest {

    /** The locks of one model instance, as the inode, the cache and the extent map own them. */
    private final ModelLock iRwsem = new ModelLock("i_rwsem", LockRank.I_RWSEM);
    private final ModelLock invalidateLock = new ModelLock("invalidate_lock", LockRank.INVALIDATE_LOCK);
    private final ModelLock folio0 = new ModelLock("folio 0", LockRank.FOLIO_LOCK);
    private final ModelLock folio1 = new ModelLock("folio 1", LockRank.FOLIO_LOCK);
    private final ModelLock ilock = new ModelLock("ILOCK", LockRank.ILOCK);

    private final LockValidator strict = new LockValidator(ViolationPolicy.THROW);
    private final RecordingHook hook = new RecordingHook();
    private final TaskContext writer = strict.newTask(1, "writer", hook);

    private final LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
    private final TaskContext relaxedWriter = relaxed.newTask(1, "writer", new SequentialHook());

    @Test
    @MayReleaseLocks
    void theFullKernelOrderAcquiredAndReleasedInOrderPasses() {
        writer.enter("xfs_file_buffered_write");
        iRwsem.lock(writer, LockMode.EXCLUSIVE);
        writer.enter("iomap_write_delalloc_release");
        invalidateLock.lock(writer, LockMode.EXCLUSIVE);
        strict.assertHeldWrite(writer, invalidateLock);
        folio0.lock(writer, LockMode.EXCLUSIVE);
        writer.enterLevel(LockRank.PUNCH);
        ilock.lock(writer, LockMode.EXCLUSIVE);
        strict.assertHeld(writer, ilock);
        assertEquals(List.of("i_rwsem", "invalidate_lock", "folio 0", "->punch", "ILOCK"),
                writer.heldLocks().stream().map(held -> held.lockName()).toList());
        ilock.unlock(writer);
        writer.exitLevel(LockRank.PUNCH);
        folio0.unlock(writer);
        invalidateLock.unlock(writer);
        writer.leave("iomap_write_delalloc_release");
        iRwsem.unlock(writer);
        writer.leave("xfs_file_buffered_write");
        writer.exit();
        assertEquals(List.of(), strict.violations());
        assertEquals(List.of(), writer.heldLocks());
        assertEquals(List.of(
                "lock i_rwsem EXCLUSIVE", "lock invalidate_lock EXCLUSIVE", "lock folio 0 EXCLUSIVE",
                "lock ILOCK EXCLUSIVE", "unlock ILOCK", "unlock folio 0", "unlock invalidate_lock", "unlock i_rwsem"),
                hook.events());
    }

    @Test
    @MayReleaseLocks
    void faultOrderWithSharedLocksAndNonNestedReleasePasses() {
        invalidateLock.lock(writer, LockMode.SHARED);
        folio0.lock(writer, LockMode.EXCLUSIVE);
        invalidateLock.unlock(writer);
        folio0.unlock(writer);
        writer.exit();
        assertEquals(List.of(), strict.violations());
    }

    @Test
    void inversionNamesBothLocksAndBothStacks() {
        writer.enter("scan");
        lockFolio(writer, folio0);
        writer.leave("scan");
        writer.enter("late");
        LockViolation inversion = violation(() -> invalidateLock.lock(writer, LockMode.EXCLUSIVE));
        assertEquals(LockViolation.PROPERTY, inversion.property());
        assertEquals(LockViolation.Kind.ORDER_INVERSION, inversion.kind());
        assertEquals("invalidate_lock", inversion.lockName());
        assertEquals(LockRank.INVALIDATE_LOCK, inversion.lockRank());
        HeldLock held = present(inversion.heldLock(), "held lock");
        assertEquals("folio 0", held.lockName());
        assertEquals("lockFolio", innermost(held.acquiredAt()));
        assertEquals(List.of("scan"), held.acquiredAt().modelPath());
        assertTrue(innermost(inversion.current()).startsWith("lambda$inversionNamesBothLocksAndBothStacks"));
        assertTrue(Fixtures.methods(inversion.current()).contains("inversionNamesBothLocksAndBothStacks"));
        assertEquals(List.of("late"), inversion.current().modelPath());
        assertEquals(List.of(inversion), strict.violations());
        // Thrown before the scheduling point and the grant.
        assertFalse(invalidateLock.isHeldBy(writer));
        assertEquals(List.of("lock folio 0 EXCLUSIVE"), hook.events());
    }

    private static void lockFolio(TaskContext task, ModelLock folio) {
        folio.lock(task, LockMode.EXCLUSIVE);
    }

    @Test
    void twoFolioLocksAtOnceAreSameRankLocking() {
        lockFolio(writer, folio0);
        LockViolation twice = violation(() -> folio1.lock(writer, LockMode.EXCLUSIVE));
        assertEquals(LockViolation.Kind.SAME_RANK, twice.kind());
        assertEquals("folio 1", twice.lockName());
        assertEquals("folio 0", present(twice.heldLock(), "held").lockName());
    }

    @Test
    void thePunchCallbackLockingAFolioIsAnInversion() {
        lockFolio(writer, folio0);
        writer.enterLevel(LockRank.PUNCH);
        LockViolation punch = violation(() -> folio1.lock(writer, LockMode.EXCLUSIVE));
        assertEquals(LockViolation.Kind.ORDER_INVERSION, punch.kind());
        HeldLock level = present(punch.heldLock(), "level");
        assertEquals("->punch", level.lockName());
        assertTrue(level.isLevel());
    }

    @Test
    void enteringThePunchLevelUnderIlockOrWithinItselfIsReported() {
        ilock.lock(writer, LockMode.EXCLUSIVE);
        LockViolation underIlock = violation(() -> writer.enterLevel(LockRank.PUNCH));
        assertEquals(LockViolation.Kind.ORDER_INVERSION, underIlock.kind());
        assertEquals("->punch", underIlock.lockName());
        assertEquals(LockRank.PUNCH, underIlock.lockRank());
        assertEquals("ILOCK", present(underIlock.heldLock(), "held").lockName());
        assertEquals(List.of("ILOCK"), writer.heldLocks().stream().map(held -> held.lockName()).toList());

        TaskContext punching = strict.newTask(2, "punching", hook);
        punching.enterLevel(LockRank.PUNCH);
        LockViolation nested = violation(() -> punching.enterLevel(LockRank.PUNCH));
        assertEquals(LockViolation.Kind.SAME_RANK, nested.kind());
    }

    @Test
    void underRecordPolicyOneReportNamesTheHighestOffenderAndTheAcquireIsGranted() {
        lockFolio(relaxedWriter, folio0);
        ilock.lock(relaxedWriter, LockMode.SHARED);
        invalidateLock.lock(relaxedWriter, LockMode.EXCLUSIVE);
        List<LockViolation> found = relaxed.violations();
        assertEquals(1, found.size());
        assertEquals(LockViolation.Kind.ORDER_INVERSION, found.get(0).kind());
        assertEquals("ILOCK", present(found.get(0).heldLock(), "held").lockName());
        assertTrue(invalidateLock.isHeldExclusiveBy(relaxedWriter));
    }

    @Test
    void amongEqualOffendersTheLatestIsReported() {
        lockFolio(relaxedWriter, folio0);
        lockFolio(relaxedWriter, folio1);
        lockFolio(relaxedWriter, new ModelLock("folio 2", LockRank.FOLIO_LOCK));
        List<LockViolation> found = relaxed.violations();
        assertEquals(List.of("folio 0", "folio 1"),
                found.stream().map(reported -> present(reported.heldLock(), "held").lockName()).toList());
        assertEquals(List.of(LockViolation.Kind.SAME_RANK, LockViolation.Kind.SAME_RANK),
                found.stream().map(reported -> reported.kind()).toList());
    }

    @Test
    void locksHeldAtExitAreAllRecordedThenTheFirstIsThrown() {
        iRwsem.lock(writer, LockMode.SHARED);
        lockFolio(writer, folio0);
        writer.enterLevel(LockRank.PUNCH);
        LockViolation first = violation(() -> writer.exit());
        assertEquals(LockViolation.Kind.HELD_AT_EXIT, first.kind());
        assertEquals("i_rwsem", first.lockName());
        List<LockViolation> found = strict.violations();
        assertSame(first, found.get(0));
        assertEquals(List.of("i_rwsem", "folio 0", "->punch"), found.stream().map(reported -> reported.lockName()).toList());
        assertEquals(List.of(LockRank.I_RWSEM, LockRank.FOLIO_LOCK, LockRank.PUNCH),
                found.stream().map(reported -> reported.lockRank()).toList());
        assertEquals("lockFolio", innermost(present(found.get(1).heldLock(), "folio").acquiredAt()));
        assertTrue(innermost(first.current()).startsWith("lambda$locksHeldAtExit"), innermost(first.current()));
        assertTrue(writer.hasExited());
        assertTrue(folio0.isHeldBy(writer));
    }

    @Test
    void locksHeldAtExitUnderRecordPolicyAreRecordedOnly() {
        lockFolio(relaxedWriter, folio0);
        relaxedWriter.exit();
        assertEquals(List.of(LockViolation.Kind.HELD_AT_EXIT),
                relaxed.violations().stream().map(reported -> reported.kind()).toList());
        assertTrue(relaxedWriter.hasExited());
    }

    @Test
    void cleanExitReportsNothing() {
        assertDoesNotThrow(writer::exit);
        assertEquals(List.of(), strict.violations());
    }

    @Test
    void assertHeldAcceptsAnyModeAndReportsAMissingHold() {
        TaskContext other = strict.newTask(2, "other", hook);
        iRwsem.lock(writer, LockMode.SHARED);
        strict.assertHeld(writer, iRwsem);
        LockViolation free = violation(() -> strict.assertHeld(writer, ilock));
        assertEquals(LockViolation.Kind.NOT_HELD, free.kind());
        assertEquals("ILOCK", free.lockName());
        assertEquals(LockRank.ILOCK, free.lockRank());
        assertNull(free.heldLock());
        assertTrue(innermost(free.current()).startsWith("lambda$assertHeld"), innermost(free.current()));
        LockViolation elsewhere = violation(() -> strict.assertHeld(other, iRwsem));
        assertEquals(1, present(elsewhere.heldLock(), "holder").taskId());
        assertEquals(2, elsewhere.current().taskId());
        assertEquals(2, strict.violations().size());
    }

    @Test
    void assertHeldWriteNeedsAnExclusiveHoldAndNamesTheTasksOwnSharedHold() {
        TaskContext reader = strict.newTask(0, "reader", hook);
        TaskContext other = strict.newTask(2, "other", hook);
        invalidateLock.lock(reader, LockMode.SHARED);
        invalidateLock.lock(writer, LockMode.SHARED);
        LockViolation shared = violation(() -> strict.assertHeldWrite(writer, invalidateLock));
        assertEquals(LockViolation.Kind.NOT_HELD_WRITE, shared.kind());
        assertEquals("invalidate_lock", shared.lockName());
        assertEquals(LockRank.INVALIDATE_LOCK, shared.lockRank());
        assertEquals(1, present(shared.heldLock(), "own hold").taskId());
        LockViolation notHolding = violation(() -> strict.assertHeldWrite(other, invalidateLock));
        assertEquals(0, present(notHolding.heldLock(), "first holder").taskId());
        LockViolation free = violation(() -> strict.assertHeldWrite(writer, ilock));
        assertNull(free.heldLock());
        ilock.lock(other, LockMode.EXCLUSIVE);
        strict.assertHeldWrite(other, ilock);
        lockFolio(writer, folio0);
        strict.assertHeldWrite(writer, folio0);
        assertEquals(3, strict.violations().size());
    }

    @Test
    void assertionsUnderRecordPolicyAreRecordedOnly() {
        relaxed.assertHeld(relaxedWriter, ilock);
        relaxed.assertHeldWrite(relaxedWriter, ilock);
        assertEquals(List.of(LockViolation.Kind.NOT_HELD, LockViolation.Kind.NOT_HELD_WRITE),
                relaxed.violations().stream().map(reported -> reported.kind()).toList());
    }

    @Test
    void assertionsRejectATaskOfAnotherModelInstance() {
        IllegalArgumentException held =
                assertThrows(IllegalArgumentException.class, () -> strict.assertHeld(relaxedWriter, ilock));
        assertEquals("task = task 1 (writer) belongs to another model instance's validator", held.getMessage());
        assertThrows(IllegalArgumentException.class, () -> strict.assertHeldWrite(relaxedWriter, ilock));
        assertEquals(List.of(), strict.violations());
    }

    @Test
    void tasksAreRegisteredByUniqueId() {
        assertEquals(ViolationPolicy.THROW, strict.policy());
        assertEquals(ViolationPolicy.RECORD, relaxed.policy());
        SequentialHook sequential = new SequentialHook();
        TaskContext three = strict.newTask(3, "three", sequential);
        TaskContext zero = strict.newTask(0, "zero", sequential);
        assertEquals(List.of(zero, writer, three), strict.tasks());
        assertSame(three, present(strict.task(3), "task 3"));
        assertNull(strict.task(2));
        assertSame(strict, three.validator());
        assertSame(sequential, three.scheduler());
        IllegalArgumentException duplicate =
                assertThrows(IllegalArgumentException.class, () -> strict.newTask(3, "again", sequential));
        assertEquals("id = 3: task 3 (three) already exists", duplicate.getMessage());
        assertSame(three, present(strict.task(3), "task 3"));
    }

    @Test
    void violationsAreASnapshot() {
        List<LockViolation> before = relaxed.violations();
        relaxed.assertHeld(relaxedWriter, ilock);
        assertEquals(List.of(), before);
        assertThrows(UnsupportedOperationException.class, () -> relaxed.violations().clear());
    }

    @Test
    void copyHoldsTheSameStateBoundToTheCopy() {
        iRwsem.lock(relaxedWriter, LockMode.EXCLUSIVE);
        relaxedWriter.enter("write");
        relaxed.assertHeld(relaxedWriter, ilock);
        LockValidator copy = relaxed.copy();
        assertEquals(relaxed, copy);
        assertEquals(relaxed.hashCode(), copy.hashCode());
        assertEquals(ViolationPolicy.RECORD, copy.policy());
        assertEquals(relaxed.violations(), copy.violations());
        TaskContext copied = present(copy.task(1), "copied task");
        assertSame(copy, copied.validator());
        assertSame(relaxedWriter.scheduler(), copied.scheduler());
        assertEquals(relaxedWriter.heldLocks(), copied.heldLocks());
        assertEquals(List.of("write"), copied.modelPath());
        ModelLock copiedIlock = ilock.copy();
        copiedIlock.lock(copied, LockMode.EXCLUSIVE);
        assertNotEquals(relaxed, copy);
        assertEquals(1, relaxedWriter.heldLocks().size());
        copy.assertHeld(copied, folio0);
        assertEquals(1, relaxed.violations().size());
        assertEquals(2, copy.violations().size());
    }

    @Test
    void equalityIsOverTasksOnly() {
        LockValidator a = new LockValidator(ViolationPolicy.THROW);
        LockValidator b = new LockValidator(ViolationPolicy.RECORD);
        assertEquals(a, b);
        a.newTask(1, "writer", new SequentialHook());
        assertNotEquals(a, b);
        assertNotEquals(a.hashCode(), b.hashCode());
        b.newTask(1, "writer", hook);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals("lockdep"));
        b.assertHeld(present(b.task(1), "task"), ilock);
        assertEquals(a, b);
    }

    @Test
    void toStringSummarises() {
        relaxed.assertHeld(relaxedWriter, ilock);
        assertEquals("lockdep (RECORD, 1 violations): [task 1 (writer) holds []]", relaxed.toString());
    }
}
