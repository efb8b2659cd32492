package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockViolationTest {

    private static final StackSnapshot HELD_AT = new StackSnapshot(1, "writer", List.of("scan"),
            List.of(new StackTraceElement("dev.punchspec.punch.Seed", "scan", "Seed.java", 10)));
    private static final StackSnapshot NOW = new StackSnapshot(1, "writer", List.of("release"),
            List.of(new StackTraceElement("dev.punchspec.punch.Seed", "release", "Seed.java", 20)));

    @Test
    void reportNamesTheRuleBothLocksBothStacksAndTheOrder() {
        HeldLock folio = new HeldLock("folio 3", LockRank.FOLIO_LOCK, LockMode.EXCLUSIVE, HELD_AT);
        LockViolation inversion = new LockViolation(
                LockViolation.Kind.ORDER_INVERSION, "invalidate_lock", LockRank.INVALIDATE_LOCK, folio, NOW);
        assertEquals("LOCK_ORDER", inversion.property());
        assertEquals(LockViolation.Kind.ORDER_INVERSION, inversion.kind());
        assertEquals("invalidate_lock", inversion.lockName());
        assertEquals(LockRank.INVALIDATE_LOCK, inversion.lockRank());
        assertSame(folio, Fixtures.present(inversion.heldLock(), "held lock"));
        assertSame(NOW, inversion.current());
        assertEquals("LOCK_ORDER ORDER_INVERSION (lock taken against the documented order): task 1 (writer) acquires "
                + "invalidate_lock [INVALIDATE_LOCK]; in conflict with folio 3 [FOLIO_LOCK EXCLUSIVE] by task 1 (writer)\n"
                + "  folio 3 acquired by task 1 (writer) in scan\n"
                + "    at dev.punchspec.punch.Seed.scan(Seed.java:10)\n"
                + "  now: task 1 (writer) in release\n"
                + "    at dev.punchspec.punch.Seed.release(Seed.java:20)\n"
                + "  documented order: I_RWSEM < INVALIDATE_LOCK < FOLIO_LOCK < PUNCH < ILOCK",
                inversion.getMessage());
    }

    @Test
    void reportWithoutAConflictingHolder() {
        LockViolation bad = new LockViolation(LockViolation.Kind.UNLOCK_NOT_HELD, "ILOCK", LockRank.ILOCK, null, NOW);
        assertNull(bad.heldLock());
        assertEquals("LOCK_ORDER UNLOCK_NOT_HELD (unlock of a lock the task does not hold): task 1 (writer) releases "
                + "ILOCK [ILOCK]\n"
                + "  now: task 1 (writer) in release\n"
                + "    at dev.punchspec.punch.Seed.release(Seed.java:20)\n"
                + "  documented order: I_RWSEM < INVALIDATE_LOCK < FOLIO_LOCK < PUNCH < ILOCK",
                bad.getMessage());
    }

    @Test
    void everyKindHasAVerbAndSummary() {
        assertEquals("recursive or same-rank locking", LockViolation.Kind.SAME_RANK.summary());
        assertEquals("lock still held at task exit", LockViolation.Kind.HELD_AT_EXIT.summary());
        assertEquals("lockdep_assert_held failed", LockViolation.Kind.NOT_HELD.summary());
        assertEquals("lockdep_assert_held_write failed", LockViolation.Kind.NOT_HELD_WRITE.summary());
        assertEquals("contended acquire can never be granted", LockViolation.Kind.DEADLOCK.summary());
        LockViolation deadlock = new LockViolation(LockViolation.Kind.DEADLOCK, "folio 0", LockRank.FOLIO_LOCK, null,
                new StackSnapshot(2, "fault", List.of(), List.of()));
        assertEquals("LOCK_ORDER DEADLOCK (contended acquire can never be granted): task 2 (fault) waits for "
                + "folio 0 [FOLIO_LOCK]\n  now: task 2 (fault)\n"
                + "  documented order: I_RWSEM < INVALIDATE_LOCK < FOLIO_LOCK < PUNCH < ILOCK", deadlock.getMessage());
    }
}
