package kernel;

import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.lockorder.qual.RunsAt;
import org.checkerframework.checker.lock.qual.GuardSatisfied;

/**
 * Test fixture: the kernel lock API of the delalloc punch path, annotated the way module-api
 * annotates it. Compiled with every test case; it must itself compile without diagnostics.
 */
public final class Kernel {
    private Kernel() {}

    /** {@code inode->i_rwsem} (XFS_IOLOCK). */
    public interface Inode {
        @Acquires(LockRank.I_RWSEM)
        void lock();

        @Releases(LockRank.I_RWSEM)
        void unlock();
    }

    /** The address_space: invalidate_lock and folio lookup with lock. */
    public interface AddressSpace {
        @Acquires(LockRank.INVALIDATE_LOCK)
        void invalidateLock();

        @Releases(LockRank.INVALIDATE_LOCK)
        void invalidateUnlock();

        /** {@code filemap_lock_folio()}: the locked folio, or null (nothing locked). */
        @Acquires(LockRank.FOLIO_LOCK)
        Folio lockFolio(long index);

        /** Scoped variants for try-with-resources. */
        @Acquires(LockRank.INVALIDATE_LOCK)
        Guard invalidateLockScoped();

        @Acquires(LockRank.FOLIO_LOCK)
        FolioGuard lockFolioScoped(long index);
    }

    /** A locked folio. */
    public interface Folio {
        long index();

        /** {@code folio_unlock()} + {@code folio_put()}. */
        @Releases(LockRank.FOLIO_LOCK)
        void unlock();
    }

    /** A scope ending a lock. */
    public interface Guard extends AutoCloseable {
        /** The receiver annotation matches AutoCloseable's for the Lock Checker. */
        @Override
        void close(@GuardSatisfied Guard this);
    }

    /** A scope ending a folio lock. */
    public interface FolioGuard extends Guard {
        long index();
    }

    /** {@code iomap_punch_t}. */
    public interface IomapPunch {
        @RunsAt(LockRank.PUNCH)
        int punch(long offsetByte, long lengthByte);
    }

    /** The XFS inode allocation lock. */
    public interface Xfs {
        @Acquires(LockRank.ILOCK)
        void ilock();

        @Releases(LockRank.ILOCK)
        void iunlock();
    }
}
