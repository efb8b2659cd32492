import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.lockorder.qual.RunsAt;
import kernel.Kernel.IomapPunch;

/** Reject: lock annotations that contradict each other or the methods they override. */
class AnnotationConflicts {
    /** An implementation cannot move the punch to another level. */
    static final class WrongLevel implements IomapPunch {
        @Override
        @RunsAt(LockRank.ILOCK)
        // :: error: [annotation.conflict] conflicting lock annotations on WrongLevel.punch(): @RunsAt(ILOCK) of WrongLevel.punch() conflicts with @RunsAt(PUNCH) of IomapPunch.punch()
        public int punch(long offsetByte, long lengthByte) {
            return 0;
        }
    }

    interface Relock {
        @Acquires(LockRank.FOLIO_LOCK)
        @Releases(LockRank.FOLIO_LOCK)
        // :: error: [annotation.conflict] conflicting lock annotations on Relock.relock(): at most one of @Acquires, @Releases and @RunsAt may apply to a method; found @Acquires(FOLIO_LOCK) of Relock.relock() and @Releases(FOLIO_LOCK) of Relock.relock()
        void relock();
    }

    interface Base {
        @Holds(LockRank.INVALIDATE_LOCK)
        void underLock();
    }

    interface Derived extends Base {
        @Override
        @Holds({LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK})
        // :: error: [annotation.conflict] conflicting lock annotations on Derived.underLock(): @Holds({INVALIDATE_LOCK, FOLIO_LOCK}) of Derived.underLock() conflicts with @Holds(INVALIDATE_LOCK) of Base.underLock()
        void underLock();
    }
}
