package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import org.junit.jupiter.api.Test;

class LockKindTest {

    @Test
    void eachRankNamesOneKindOfKernelLock() {
        assertEquals(LockKind.RW_SEMAPHORE, LockKind.of(LockRank.I_RWSEM));
        assertEquals(LockKind.RW_SEMAPHORE, LockKind.of(LockRank.INVALIDATE_LOCK));
        assertEquals(LockKind.MUTEX, LockKind.of(LockRank.FOLIO_LOCK));
        assertEquals(LockKind.RW_SEMAPHORE, LockKind.of(LockRank.ILOCK));
        IllegalArgumentException punch = assertThrows(IllegalArgumentException.class, () -> LockKind.of(LockRank.PUNCH));
        assertEquals("rank = PUNCH is a level of the lock order, not a lock; enter it with TaskContext.enterLevel",
                punch.getMessage());
    }

    @Test
    void aMutexIsOnlyHeldExclusive() {
        assertTrue(LockKind.RW_SEMAPHORE.supports(LockMode.SHARED));
        assertTrue(LockKind.RW_SEMAPHORE.supports(LockMode.EXCLUSIVE));
        assertTrue(LockKind.MUTEX.supports(LockMode.EXCLUSIVE));
        assertFalse(LockKind.MUTEX.supports(LockMode.SHARED));
    }
}
