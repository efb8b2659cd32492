package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldLockTest {

    private static final StackSnapshot HERE = new StackSnapshot(1, "writer", List.of("write"), List.of());
    private static final StackSnapshot ELSEWHERE = new StackSnapshot(1, "writer", List.of("fault"),
            List.of(new StackTraceElement("dev.punchspec.X", "m", "X.java", 3)));
    private static final StackSnapshot OTHER_TASK = new StackSnapshot(2, "writer", List.of("write"), List.of());

    private final HeldLock folio = new HeldLock("folio 3", LockRank.FOLIO_LOCK, LockMode.EXCLUSIVE, HERE);

    @Test
    void accessors() {
        assertEquals("folio 3", folio.lockName());
        assertEquals(LockRank.FOLIO_LOCK, folio.rank());
        assertEquals(LockMode.EXCLUSIVE, folio.mode());
        assertFalse(folio.isLevel());
        assertEquals(1, folio.taskId());
        assertSame(HERE, folio.acquiredAt());
        HeldLock level = new HeldLock("->punch", LockRank.PUNCH, null, HERE);
        assertNull(level.mode());
        assertTrue(level.isLevel());
    }

    @Test
    void equalityIgnoresTheAcquisitionSiteOnly() {
        HeldLock same = new HeldLock("folio 3", LockRank.FOLIO_LOCK, LockMode.EXCLUSIVE, ELSEWHERE);
        assertEquals(folio, same);
        assertEquals(folio.hashCode(), same.hashCode());
        List<HeldLock> different = List.of(
                new HeldLock("folio 4", LockRank.FOLIO_LOCK, LockMode.EXCLUSIVE, HERE),
                new HeldLock("folio 3", LockRank.ILOCK, LockMode.EXCLUSIVE, HERE),
                new HeldLock("folio 3", LockRank.FOLIO_LOCK, LockMode.SHARED, HERE),
                new HeldLock("folio 3", LockRank.FOLIO_LOCK, null, HERE),
                new HeldLock("folio 3", LockRank.FOLIO_LOCK, LockMode.EXCLUSIVE, OTHER_TASK));
        for (HeldLock other : different) {
            assertNotEquals(folio, other, other.toString());
            assertNotEquals(folio.hashCode(), other.hashCode(), other.toString());
        }
        assertFalse(folio.equals("folio 3"));
    }

    @Test
    void hashCodeIsStableAcrossRuns() {
        // Ordinals and String hashes only: this value must not change from one JVM to the next.
        int expected = (("folio 3".hashCode() * 31 + LockRank.FOLIO_LOCK.ordinal()) * 31 + LockMode.EXCLUSIVE.ordinal()) * 31 + 1;
        assertEquals(expected, folio.hashCode());
        int level = (("->punch".hashCode() * 31 + LockRank.PUNCH.ordinal()) * 31 - 1) * 31 + 1;
        assertEquals(level, new HeldLock("->punch", LockRank.PUNCH, null, HERE).hashCode());
    }

    @Test
    void rendersLockModeAndHolder() {
        assertEquals("folio 3 [FOLIO_LOCK EXCLUSIVE] by task 1 (writer)", folio.toString());
        assertEquals("->punch [PUNCH level] by task 2 (writer)",
                new HeldLock("->punch", LockRank.PUNCH, null, OTHER_TASK).toString());
    }
}
