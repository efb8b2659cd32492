package dev.punchspec.verify.fs;

import dev.punchspec.api.ByteRange;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.cache.CacheEntry;
import dev.punchspec.cache.CachedFolio;
import dev.punchspec.cache.PageCache;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentMap;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.IomapEnd;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The filesystem operations of a scenario on one {@link ModelFile}, each as XFS over iomap runs
 * it, composed from the models' public methods, with {@code ->iomap_end} of one kernel generation
 * behind the buffered write.
 *
 * <p>Implementation overview. Each operation takes the locks its kernel path takes, in the
 * documented order (KERNEL-NOTES §4: {@code i_rwsem} -> {@code invalidate_lock} -> folio lock ->
 * punch -> {@code ILOCK}), through the models, so the explorer schedules at each acquire, release
 * and lock-free lookup and never inside a step. Where data reaches a folio (a write's accepted
 * copy, a store below EOF), the operation records it in the {@link ExpectedContent} oracle in the
 * same step. Every operation releases exactly the locks it took, before it returns, and never one
 * its caller holds, so to its callers it is {@code @ReleasesNoLocks}, the Lock Checker's default;
 * the checker cannot see that balance through the models' lock calls, hence the
 * {@code lock:method.guarantee.violated} suppressions, as in the extent model. The run-time lock
 * validator checks the balance: a task still holding a lock at its end is reported.
 *
 * <p>Not modelled: EOF zeroing of a write starting beyond EOF ({@code xfs_file_write_zero_eof()};
 * such a write is rejected), the {@code -ENOSPC} flush-and-retry of
 * {@code xfs_file_buffered_write()}, COW forks, the in-memory zeroing of a folio's tail beyond EOF
 * at writeback (the disk copy is zeroed, which is what a later read sees), writeback errors.
 */
public final class FileOps {

    /** {@code EFAULT}: the user buffer faulted before anything was written. */
    public static final int EFAULT = 14;

    private final ModelFile file;
    private final IomapEnd iomapEnd;
    private final ExpectedContent expected;

    /**
     * @param file the file
     * @param iomapEnd the generation's XFS {@code ->iomap_end}
     * @param expected the oracle the operations record completed data into
     */
    public FileOps(ModelFile file, IomapEnd iomapEnd, ExpectedContent expected) {
        this.file = file;
        this.iomapEnd = iomapEnd;
        this.expected = expected;
    }

    /**
     * A buffered {@code pwrite()}: {@code xfs_file_buffered_write()} (newest generation) takes
     * {@code i_rwsem} exclusive and runs {@code iomap_file_buffered_write()}: per mapping,
     * {@code ->iomap_begin} ({@code xfs_buffered_write_iomap_begin()}, reserving delalloc over a
     * hole with {@code IOMAP_F_NEW} under {@code ILOCK}), {@link #writeIter}, then the generation's
     * {@code ->iomap_end} with the bytes written.
     *
     * @param task the writing task
     * @param posByte where to write, at most {@code i_size}
     * @param data the user buffer
     * @param readableByte how much of the user buffer can be read: the copy faults at
     *     {@code data[readableByte]} ({@code data.length} for a buffer that never faults)
     * @return the bytes written, or {@code -EFAULT} when none were
     * @throws XfsError {@code ENOSPC} when a reservation does not fit
     * @throws IllegalArgumentException naming the value when {@code readableByte} is outside
     *     {@code [0, data.length]} or the buffer is empty
     * @throws IllegalStateException when {@code posByte} lies beyond {@code i_size}
     */
    public long bufferedWrite(TaskContext task, long posByte, byte[] data, int readableByte) throws XfsError {
        return bufferedWrite(task, posByte, data, readableByte, () -> { });
    }

    /**
     * {@link #bufferedWrite(TaskContext, long, byte[], int)} whose user buffer stalls where it
     * faults, as a buffer registered with userfaultfd does: {@code userFault} runs each time
     * {@code fault_in_iov_iter_readable()} reaches the unreadable byte, before the fault-in fails.
     * The real reproducer (docs/findings/unaligned-eof-punch/eofpunch.c) stages its race there.
     *
     * @param userFault what the stalled fault-in waits for (e.g. a wait through the scheduler)
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public long bufferedWrite(TaskContext task, long posByte, byte[] data, int readableByte, Runnable userFault)
            throws XfsError {
        if (data.length == 0 || readableByte < 0 || readableByte > data.length) {
            throw new IllegalArgumentException("readableByte = " + readableByte + ": must be in [0, data.length = "
                    + data.length + "], data not empty");
        }
        file.iRwsem().lock(task, LockMode.EXCLUSIVE);
        try {
            if (posByte > file.iSizeByte()) {
                throw new IllegalStateException("posByte = " + posByte + " lies beyond i_size " + file.iSizeByte()
                        + ": EOF zeroing (xfs_file_write_zero_eof) is not modelled");
            }
            long doneByte = 0;
            while (doneByte < data.length) {
                long pos = posByte + doneByte;
                Iomap iomap = file.extents().bufferedWriteIomapBegin(task, pos, data.length - doneByte, file.iSizeByte());
                // iomap_iter trims the mapping to the rest of the write.
                long lengthByte = Math.min(iomap.offsetByte() + iomap.lengthByte(), posByte + data.length) - pos;
                long written = writeIter(task, iomap, pos, lengthByte, data, (int) doneByte, readableByte, userFault);
                // The model's XFS punch never fails, so ->iomap_end returns 0 in every generation.
                iomapEnd.iomapEnd(file.inode(task), pos, lengthByte, written, Iomap.IOMAP_WRITE, iomap,
                        file.bmapPunch(task));
                doneByte += written;
                if (written < lengthByte) {
                    break;
                }
            }
            return doneByte > 0 ? doneByte : -EFAULT;
        } finally {
            file.iRwsem().unlock(task);
        }
    }

    /**
     * {@code iomap_write_iter()} (newest generation, with 3ac974796e5d's short-copy retry): folio
     * by folio, chunks of at most the largest folio; the user buffer faulted in first (nothing
     * readable: stop); {@code iomap_write_begin()} (the folio locked, trimmed to it, prepared by
     * {@code __iomap_write_begin()}); the copy, short where the buffer faults; {@code __iomap_write_end()}
     * rejecting a short copy into a folio that is not uptodate; {@code i_size} raised before the
     * folio is unlocked; after a write of nothing, {@code iomap_write_failed()} (the page cache
     * truncated beyond {@code i_size}), the chunk halved and the copy retried with
     * {@code bytes = copied}.
     *
     * @return the bytes written, from {@code posByte} on
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    private long writeIter(TaskContext task, Iomap iomap, long posByte, long lengthByte, byte[] data, int srcOffset,
            int readableByte, Runnable userFault) {
        PageCache cache = file.cache();
        int pageShift = cache.pageShift();
        // mapping_max_folio_size()
        long chunk = cache.geometry().folioSize(cache.geometry().maxFolioOrder());
        long total = 0;
        long bytes = 0;
        boolean retry = false;
        // The loop condition is the kernel's; it never ends the loop on its own (PIT's "<=" and
        // "true" mutants of it are equivalent): at total == lengthByte, bytes is 0, no user fault
        // runs (the buffer was readable up to src), readable is 0 and the fault-in check ends it.
        while (total < lengthByte) {
            long pos = posByte + total;
            if (!retry) {
                bytes = Math.min(chunk - (pos & (chunk - 1)), lengthByte - total);
            }
            retry = false;
            int src = srcOffset + (int) total;
            if (src + bytes > readableByte) {
                userFault.run();
            }
            long readable = Math.min(bytes, readableByte - src);
            if (readable <= 0) {
                // fault_in_iov_iter_readable() could fault in nothing: -EFAULT.
                break;
            }
            // iomap_get_folio(): fgf_set_order(bytes), at least a page.
            int order = Math.max(0, 63 - Long.numberOfLeadingZeros(bytes) - pageShift);
            CachedFolio folio = cache.getFolioForWrite(task, pos >> pageShift, order);
            bytes = Math.min(bytes, folio.endByte() - pos);
            cache.writeBegin(task, folio, pos, bytes, iomap, file.iSizeByte(), file.backingStore());
            long copied = Math.min(bytes, readable);
            cache.copyFromUser(task, folio, pos, data, src, (int) copied);
            long written = cache.writeEnd(task, folio, pos, bytes, copied) ? copied : 0;
            expected.record(pos, data, src, written);
            // iomap_write_end(): i_size_write() only when the write ends beyond it (PIT's ">="
            // mutant is equivalent: it writes i_size's own value).
            if (pos + written > file.iSizeByte()) {
                file.setISizeByte(pos + written);
            }
            cache.unlockFolio(task, folio);
            if (written == 0) {
                // iomap_write_failed(): truncate_pagecache_range(max(pos, i_size), pos + bytes - 1).
                long fromByte = Math.max(pos, file.iSizeByte());
                if (fromByte < pos + bytes) {
                    cache.truncatePagecacheRange(task, fromByte, pos + bytes);
                }
                // Kept as the kernel has it, though nothing can see it (PIT's "* 2" and ">>"
                // mutants here are equivalent). A copy is rejected only when short, which the
                // model's buffer makes it only at its unreadable byte; the retry fits its folio
                // unless a smaller folio trims it, so every later copy of this call starts inside
                // the rejected folio, past its start, at a position aligned to at most half that
                // folio's size, hence to at most half the old chunk. There both the halved chunk
                // and any larger one leave at least that alignment, so the folio taken and the
                // bytes copied are the same.
                chunk = Math.max(chunk / 2, 1L << pageShift);
                // copied > 0 here: the copy got every readable byte, and some were readable.
                bytes = copied;
                retry = true;
                continue;
            }
            total += written;
        }
        return total;
    }

    /**
     * A buffered {@code pread()}: {@code xfs_file_buffered_read()} (newest generation) takes
     * {@code i_rwsem} shared and runs {@code filemap_read()}: {@code i_size} read once, then page
     * by page the folio found or created and read ({@code filemap_get_pages()}, under
     * {@code invalidate_lock} shared when it must create one) and the bytes below EOF copied out
     * without the folio lock, as the kernel copies from a referenced folio.
     *
     * @param task the reading task
     * @param posByte where to read, at least 0
     * @param lengthByte how much to read, at least 0
     * @return the bytes read, fewer than asked at EOF
     * @throws IllegalArgumentException naming the value when {@code posByte} or
     *     {@code lengthByte} is negative
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public byte[] bufferedRead(TaskContext task, long posByte, int lengthByte) {
        if (posByte < 0 || lengthByte < 0) {
            throw new IllegalArgumentException("[posByte " + posByte + ", lengthByte " + lengthByte
                    + "]: both must be >= 0");
        }
        PageCache cache = file.cache();
        file.iRwsem().lock(task, LockMode.SHARED);
        try {
            long endByte = Math.min(posByte + lengthByte, file.inode(task).iSizeRead());
            byte[] out = new byte[(int) Math.max(0, endByte - posByte)];
            long p = posByte;
            while (p < endByte) {
                CachedFolio folio = cache.readFolio(task, p >> cache.pageShift(), 0, file.backingStore());
                int n = (int) (Math.min(endByte, folio.endByte()) - p);
                System.arraycopy(folio.readBytes(p - folio.pos(), n), 0, out, (int) (p - posByte), n);
                p += n;
            }
            return out;
        } finally {
            file.iRwsem().unlock(task);
        }
    }

    /**
     * A one-byte store through a shared writable mapping: the read fault ({@code filemap_fault()},
     * the folio created and read under {@code invalidate_lock} shared; beyond the last page of the
     * file: {@code SIGBUS}), the write fault ({@code xfs_write_fault()} takes {@code invalidate_lock}
     * shared; {@code iomap_page_mkwrite()}, newest generation, locks the folio, clips it at EOF
     * ({@code folio_mkwrite_check_truncate()}), maps it with {@code IOMAP_WRITE | IOMAP_FAULT},
     * reserving delalloc over holes, calls {@code ->iomap_end}, which punches nothing for a fault,
     * and dirties the whole folio), then the store itself. A store past EOF inside the EOF page is
     * allowed and never persisted (writeback zeroes it). A write fault that finds its folio
     * truncated or wholly beyond EOF returns {@code VM_FAULT_NOPAGE} and the fault is taken again,
     * from the read fault; so is a store that finds its block no longer dirty (truncated or
     * written back since the fault), as the kernel's would.
     *
     * @param task the storing task
     * @param posByte the byte stored to
     * @param value the value stored
     * @return whether the store happened ({@code false}: {@code SIGBUS})
     * @throws XfsError {@code ENOSPC} when the fault's reservation does not fit
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public boolean mmapStore(TaskContext task, long posByte, byte value) throws XfsError {
        PageCache cache = file.cache();
        long index = posByte >> cache.pageShift();
        while (true) {
            if (posByte >= roundUpToPage(file.inode(task).iSizeRead())) {
                return false;
            }
            // An order-0 folio where none covers the page (readahead windows are not modelled).
            cache.readFolio(task, index, 0, file.backingStore());
            if (!pageMkwrite(task, index)) {
                // VM_FAULT_NOPAGE: the fault is taken again.
                continue;
            }
            try {
                cache.storeBytes(task, posByte, new byte[] {value});
            } catch (IllegalStateException noLongerDirty) {
                // The fault's PTE is gone (truncation) or read-only again (writeback): fault again.
                continue;
            }
            if (posByte < file.iSizeByte()) {
                expected.record(posByte, new byte[] {value}, 0, 1);
            }
            return true;
        }
    }

    private long roundUpToPage(long byteOffset) {
        long pageMask = (1L << file.cache().pageShift()) - 1;
        return (byteOffset + pageMask) & ~pageMask;
    }

    /**
     * {@code xfs_write_fault()} with {@code iomap_page_mkwrite()} (newest generation).
     *
     * @return true when the folio is dirty and its page writable ({@code VM_FAULT_LOCKED}); false
     *     when {@code folio_mkwrite_check_truncate()} fails with {@code -EFAULT} (the folio was
     *     truncated since the read fault, or lies wholly beyond EOF now), which
     *     {@code vmf_fs_error()} turns into {@code VM_FAULT_NOPAGE}: the fault is retried, and its
     *     read fault gives {@code SIGBUS} beyond EOF
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    private boolean pageMkwrite(TaskContext task, long index) throws XfsError {
        PageCache cache = file.cache();
        cache.invalidateLockShared(task);
        // The kernel's fault holds a reference to the folio it read; the model looks it up again,
        // and finds none where that folio left the mapping (folio->mapping != mapping).
        CachedFolio folio = cache.lockFolio(task, index);
        if (folio == null) {
            cache.invalidateUnlock(task);
            return false;
        }
        // One return after the finally block: a return inside the try would leave its value in a
        // local across the unlocks, where PIT cannot tell a constant and mutates it to itself.
        boolean writable;
        try {
            // folio_mkwrite_check_truncate(): the part of the folio below EOF, or -EFAULT.
            long lengthByte = Math.min(folio.size(), file.iSizeByte() - folio.pos());
            writable = lengthByte > 0;
            if (writable) {
                long pos = folio.pos();
                long endByte = pos + lengthByte;
                while (pos < endByte) {
                    Iomap iomap = file.extents().bufferedWriteIomapBegin(task, pos, endByte - pos,
                            file.iSizeByte());
                    long n = Math.min(iomap.offsetByte() + iomap.lengthByte(), endByte) - pos;
                    iomapEnd.iomapEnd(file.inode(task), pos, n, n, Iomap.IOMAP_WRITE | Iomap.IOMAP_FAULT, iomap,
                            file.bmapPunch(task));
                    pos += n;
                }
                cache.dirtyFolio(task, folio);
            }
        } finally {
            // The fault returns the folio locked (VM_FAULT_LOCKED); xfs_write_fault() drops the
            // invalidate_lock, then the fault handler unlocks the folio once the PTE is writable.
            cache.invalidateUnlock(task);
            cache.unlockFolio(task, folio);
        }
        return writable;
    }

    /**
     * {@code filemap_write_and_wait_range(mapping, startByte, endByte - 1)} through XFS's
     * {@code ->writepages} ({@code iomap_writepages()}, newest generation) and I/O completion, as
     * {@code fsync} runs it: each dirty folio of the range is locked, cleaned and put under
     * writeback; each dirty block below EOF is mapped by {@code xfs_map_blocks()} under
     * {@code ILOCK} shared, a delalloc block converted by {@code xfs_bmapi_convert_delalloc()}
     * (the whole record, as unwritten), its data written to the disk with the bytes beyond EOF
     * zeroed ({@code iomap_writepage_handle_eof()}); the folio is unlocked; completion converts
     * the written unwritten blocks ({@code xfs_iomap_write_unwritten()}) and ends writeback.
     *
     * <p>A dirty block over a hole is skipped: {@code xfs_map_blocks()} reports a hole as
     * {@code IOMAP_HOLE} ({@code HOLESTARTBLOCK}, "landed in a hole"), and iomap's writeback does
     * nothing for it ({@code iomap_writepage_map_blocks()}: {@code case IOMAP_HOLE: break;};
     * v6.1 {@code iomap_writepage_map()}: {@code if (wpc->iomap.type == IOMAP_HOLE) continue;};
     * the pre-iomap {@code xfs_writepage_map()} said it: "The dirty state however is entirely
     * meaningless for holes"). The folio is cleaned all the same, so that data never reaches the
     * disk: this is how a punched reservation under dirty data becomes {@code DATA_LOST}.
     *
     * @param task the task writing back
     * @param startByte first byte of the range
     * @param endByte byte just past the range, greater than {@code startByte}
     * @throws XfsError {@code ENOSPC} when the disk has no block for a conversion
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public void writeback(TaskContext task, long startByte, long endByte) throws XfsError {
        if (startByte < 0 || endByte <= startByte) {
            throw new IllegalArgumentException("[startByte " + startByte + ", endByte " + endByte
                    + "): must satisfy 0 <= startByte < endByte");
        }
        PageCache cache = file.cache();
        long index = startByte >> cache.pageShift();
        long lastIndex = (endByte - 1) >> cache.pageShift();
        while (true) {
            // writeback_iter(): the tagged lookup of the next dirty folio (RCU), then its lock.
            CachedFolio next = nextDirtyFolio(index, lastIndex);
            if (next == null) {
                return;
            }
            CachedFolio folio = cache.lockFolio(task, Math.max(next.index(), index));
            index = next.nextIndex();
            if (folio == null) {
                continue;
            }
            if (folio.testDirty()) {
                writebackFolio(task, folio);
            } else {
                cache.unlockFolio(task, folio);
            }
        }
    }

    /** The first dirty folio meeting pages {@code [index, lastIndex]}, or null. */
    private @Nullable CachedFolio nextDirtyFolio(long index, long lastIndex) {
        for (CacheEntry e : file.cache().entries()) {
            if (e instanceof CachedFolio && e.nextIndex() > index && e.index() <= lastIndex
                    && ((CachedFolio) e).testDirty()) {
                return (CachedFolio) e;
            }
        }
        return null;
    }

    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    private void writebackFolio(TaskContext task, CachedFolio folio) throws XfsError {
        PageCache cache = file.cache();
        ExtentMap extents = file.extents();
        long blockSize = extents.params().blockSize();
        long iSize = file.iSizeByte();
        List<Long> unwrittenBlocks = new ArrayList<>();
        for (ByteRange range : cache.writebackStart(task, folio)) {
            for (long b = range.startByte(); b < Math.min(range.endByte(), iSize); b += blockSize) {
                long fsb = b / blockSize;
                Extent mapping = extents.lookup(task, WhichFork.DATA, fsb);
                if (mapping.state() == ExtentState.HOLE) {
                    continue;
                }
                if (mapping.isDelalloc()) {
                    mapping = extents.convertDelalloc(task, WhichFork.DATA, b);
                }
                byte[] data = folio.readBytes(b - folio.pos(), (int) blockSize);
                for (long p = Math.max(b, iSize); p < b + blockSize; p++) {
                    data[(int) (p - b)] = 0;
                }
                extents.writeDisk(mapping.diskFsb() + fsb - mapping.fileOffFsb(), data);
                if (mapping.state() == ExtentState.UNWRITTEN) {
                    unwrittenBlocks.add(b);
                }
            }
        }
        cache.unlockFolio(task, folio);
        for (long b : unwrittenBlocks) {
            extents.convertUnwritten(task, b, blockSize);
        }
        cache.writebackEnd(task, folio);
    }

    /**
     * {@code fsync()}: {@code xfs_file_fsync()} writes back and waits on the whole file
     * ({@link #writeback} of {@code [0, 2^62)}); the log force is not modelled (nothing here is
     * lost by a crash).
     *
     * @param task the task
     * @throws XfsError as {@link #writeback}
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public void fsync(TaskContext task) throws XfsError {
        writeback(task, 0, PageCache.MAX_BYTE);
    }

    /**
     * {@code echo 1 > /proc/sys/vm/drop_caches}: {@code invalidate_mapping_pages()} of the file,
     * removing every clean folio not under writeback that it can lock without waiting.
     *
     * @param task the task
     * @return how many folios were removed
     */
    @SuppressWarnings("lock:method.guarantee.violated") // balanced, see the class comment
    public int dropCaches(TaskContext task) {
        return file.cache().dropCaches(task);
    }
}
