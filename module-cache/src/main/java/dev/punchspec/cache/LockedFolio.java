package dev.punchspec.cache;

import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.Folio;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import org.checkerframework.checker.lock.qual.GuardSatisfied;

/**
 * The algorithm's handle on a folio that {@link CacheAddressSpace#lockFolio} locked for one task:
 * {@code folio_pos()}, {@code folio_size()}, {@code folio_next_index()},
 * {@code folio_test_dirty()}, the ifs dirty bits ({@code ifs_block_is_dirty()}, v6.6+) and
 * {@code folio_unlock()} + {@code folio_put()}. The values are read live from the folio, which
 * nobody else can change while this task holds its lock.
 */
public final class LockedFolio implements Folio {

    private final PageCache cache;
    private final TaskContext task;
    private final CachedFolio folio;
    private final String taskName;

    LockedFolio(PageCache cache, TaskContext task, CachedFolio folio) {
        this.cache = cache;
        this.task = task;
        this.folio = folio;
        this.taskName = task.name();
    }

    /** The folio itself. */
    public CachedFolio folio() {
        return folio;
    }

    @Override
    public long index() {
        return folio.index();
    }

    @Override
    public long nextIndex() {
        return folio.nextIndex();
    }

    @Override
    public long pos() {
        return folio.pos();
    }

    @Override
    public long size() {
        return folio.size();
    }

    @Override
    public boolean testDirty() {
        return folio.testDirty();
    }

    @Override
    public boolean hasBlockState() {
        return folio.hasBlockState();
    }

    @Override
    public boolean testBlockDirty(int block) {
        return folio.testBlockDirty(block);
    }

    /**
     * {@code folio_unlock(folio); folio_put(folio);}. The api declares this method with the Lock
     * Checker's default ({@code @ReleasesNoLocks}) so that the algorithm's callers keep what they
     * know about the other locks they hold; it releases exactly the folio lock that
     * {@link Releases} names and the run-time validator checks, hence the suppression.
     */
    @Override
    @Releases(LockRank.FOLIO_LOCK)
    @SuppressWarnings("lock:method.guarantee.violated")
    public void unlock() {
        cache.unlockFolio(task, folio);
    }

    @Override
    public String toString(@GuardSatisfied LockedFolio this) {
        return "locked " + folio + " by " + taskName;
    }
}
