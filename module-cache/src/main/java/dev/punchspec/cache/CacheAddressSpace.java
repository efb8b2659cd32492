package dev.punchspec.cache;

import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link PageCache} as one model thread's {@link AddressSpace}: the algorithm's view of
 * {@code inode->i_mapping}. Every call runs as {@link #task()}.
 *
 * <p>The api declares {@link #seekHoleData}, {@link #lockFolio}, {@link #truncatePagecacheRange}
 * and {@link #invalidateUnlock} with the Lock Checker's default ({@code @ReleasesNoLocks}), so that
 * the algorithm keeps what it knows about the locks it holds across them. The first three release
 * only locks they took themselves (a folio lock inside the seek, a truncated folio's lock on a
 * lookup retry, each folio's lock during truncation), and {@code invalidateUnlock} releases exactly
 * the lock its {@link Releases} names; the run-time validator checks every release. The Lock
 * Checker cannot see that, hence the suppressions on those four methods.
 */
public final class CacheAddressSpace implements AddressSpace {

    private final PageCache cache;
    private final TaskContext task;
    private final String label;

    CacheAddressSpace(PageCache cache, TaskContext task) {
        this.cache = cache;
        this.task = task;
        this.label = cache.name() + " as " + task.name();
    }

    /** The cache. */
    public PageCache cache() {
        return cache;
    }

    /** The model thread this handle runs as. */
    public TaskContext task() {
        return task;
    }

    @Override
    public int pageShift() {
        return cache.pageShift();
    }

    @Override
    @SuppressWarnings("lock:method.guarantee.violated")
    public long seekHoleData(long startByte, long endByte, int whence) {
        return cache.seekHoleData(task, startByte, endByte, whence);
    }

    @Override
    @Acquires(LockRank.FOLIO_LOCK)
    @SuppressWarnings("lock:method.guarantee.violated")
    public @Nullable LockedFolio lockFolio(long index) {
        CachedFolio folio = cache.lockFolio(task, index);
        return folio == null ? null : new LockedFolio(cache, task, folio);
    }

    @Override
    @SuppressWarnings("lock:method.guarantee.violated")
    public void truncatePagecacheRange(long startByte, long endByte) {
        cache.truncatePagecacheRange(task, startByte, endByte);
    }

    @Override
    @Acquires(LockRank.INVALIDATE_LOCK)
    public void invalidateLock() {
        cache.invalidateLock(task);
    }

    @Override
    @Releases(LockRank.INVALIDATE_LOCK)
    @SuppressWarnings("lock:method.guarantee.violated")
    public void invalidateUnlock() {
        cache.invalidateUnlock(task);
    }

    @Override
    public boolean invalidateLockHeldWrite() {
        return cache.invalidateLockHeldWrite(task);
    }

    @Override
    public boolean dataAt(long pos) {
        return cache.dataAt(pos);
    }

    @Override
    public boolean folioDirtyAt(long pos) {
        return cache.folioDirtyAt(pos);
    }

    @Override
    public boolean blockDirtyAt(long pos) {
        return cache.blockDirtyAt(pos);
    }

    @Override
    public String toString(@GuardSatisfied CacheAddressSpace this) {
        return label;
    }
}
