package dev.punchspec.api.lock;

/**
 * How a task holds a {@link ModelLock}.
 *
 * <p>A rw-semaphore ({@code down_read()} / {@code down_write()}: {@code i_rwsem},
 * {@code invalidate_lock}, XFS {@code ILOCK}) may be held {@link #SHARED} by any number of tasks
 * at once or {@link #EXCLUSIVE} by one. A mutex-like lock (the folio lock) is only ever held
 * {@link #EXCLUSIVE}.
 */
public enum LockMode {
    /** Read side: {@code down_read()}, {@code filemap_invalidate_lock_shared()}, {@code XFS_*_SHARED}. */
    SHARED,
    /** Write side or mutex: {@code down_write()}, {@code filemap_invalidate_lock()}, {@code folio_lock()}, {@code XFS_*_EXCL}. */
    EXCLUSIVE
}
