package dev.punchspec.punch;

import dev.punchspec.api.Shifts;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Folio;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.api.mapping.KernelWarn;
import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.punch.scan.IfsScanMapping;
import dev.punchspec.punch.scan.NewestScan;
import dev.punchspec.punch.scan.ScanPunch;

/**
 * The newest generation: {@code iomap_write_delalloc_release()} and its helpers in the newest
 * {@code fs/iomap/buffered-io.c} of KERNEL-NOTES §1.e (brauner/linux 1d025706fa27, using
 * {@code folio_next_pos()} and {@code ifs_next_clean_block()}), entered from XFS's
 * {@code xfs_buffered_write_iomap_end()} (alberand/linux 31c9b0e50027).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>What changed from {@link Ifs66Punch}, commit by commit:
 * <ul>
 *   <li>4bceb9ba05ac: the punch callback and every helper are void; punch errors are no longer
 *       seen, so nothing stops early on one;</li>
 *   <li>492f53758fad: the callback gets the iomap, so XFS can punch the COW fork of a shared
 *       range ({@link XfsNewestDelallocPunch});</li>
 *   <li>caf0ea451d97, b78495166264: the entry checks ({@code IOMAP_DELALLOC}, {@code IOMAP_F_NEW},
 *       start and end) moved into the filesystem's {@code ->iomap_end}
 *       ({@link #bufferedWriteIomapEnd}), and the filesystem takes the invalidate_lock: the
 *       release only asserts that its caller holds it exclusively;</li>
 *   <li>abd7d651ad2c: zeroing and unsharing ({@code IOMAP_ZERO}, {@code IOMAP_UNSHARE}) already
 *       hold it, so XFS asserts instead of locking for them; the write-fault removal of
 *       {@code xfs_page_mkwrite_iomap_ops} added the {@code IOMAP_FAULT} early return;</li>
 *   <li>7a9d43eace88: direct-I/O completion can invalidate the cache without either lock, so
 *       {@code SEEK_HOLE} may return the {@code SEEK_DATA} result; the release then seeks again
 *       ({@code data_end == start_byte}) instead of warning; a negative seek result warns and
 *       returns without the final punch;</li>
 *   <li>c13094b894de and the {@code folio_next_pos()} cleanup: the scan advance and the bounds
 *       use a 64-bit {@code folio_next_pos()}; "iomap: use find_next_bit() for dirty bitmap
 *       scanning": the ifs punch jumps between clean blocks with {@code ifs_next_clean_block()}
 *       (still one punch per clean block).</li>
 * </ul>
 *
 * <p>The scan loop and the per-folio punching ({@code iomap_write_delalloc_scan()},
 * {@code iomap_write_delalloc_punch()}, {@code iomap_write_delalloc_ifs_punch()}) are
 * {@link NewestScan}, in KeY's Java subset and proved in the build (module-punch/README.md, KeY);
 * this class hands them the page cache, the folios and the callback through {@link ScanViews}.
 *
 * <p>What is kept is what {@link Ifs66Punch} keeps. Termination of the release loop now depends on
 * the cache: each {@code data_end == start_byte} retry needs a concurrent eviction between the two
 * seeks, so a sequential run never retries.
 */
public final class NewestPunch {

    /** Where {@code WARN_ON_ONCE} and lockdep assertion reports go. */
    private final KernelWarn warn;

    /** An instance reporting kernel warnings to {@code warn}. */
    public NewestPunch(KernelWarn warn) {
        if (warn == null) {
            throw new NullPointerException("warn must not be null");
        }
        this.warn = warn;
    }

    /**
     * {@code xfs_buffered_write_iomap_end()}, newest: XFS's cleanup after a write iteration over
     * {@code iomap}.
     *
     * <p>Returns without punching when the mapping is not delalloc reserved by this very write
     * (delalloc that was there before belongs to earlier writes or faults, not to this cleanup),
     * when the iteration is a write fault (no failure of {@code iomap_page_mkwrite()} ever calls
     * for taking back the delalloc it reserved), and when no block was left unwritten. Takes the
     * invalidate_lock around the release, except for zeroing and unsharing, whose callers hold it.
     *
     * @param flags the iteration's {@code IOMAP_*} flags
     * @param punch the filesystem's callback; XFS passes {@link XfsNewestDelallocPunch}
     * @return 0, as the kernel function always does since 4bceb9ba05ac
     * @throws IllegalArgumentException for arguments outside {@link WriteEndRange#checkWriteEnd}
     */
    /*@ public normal_behavior
      @   requires 0 <= offsetByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte;
      @   requires offsetByte <= WriteEndRange.MAX_POS_BYTE - lengthByte;
      @   ensures \result == 0;
      @*/
    public int bufferedWriteIomapEnd(Inode inode, long offsetByte, long lengthByte,
            long writtenByte, int flags, Iomap iomap, IomapPunchIomap punch) {
        int blkbits = inode.blkbits();
        WriteEndRange.checkWriteEnd(blkbits, offsetByte, lengthByte, writtenByte);
        long startByte;
        long endByte;

        /* Only delalloc this write reserved (IOMAP_F_NEW) is ours to punch. */
        if (iomap.type() != Iomap.IOMAP_DELALLOC || (iomap.flags() & Iomap.IOMAP_F_NEW) == 0) {
            return 0;
        }

        /*
         * A write fault: iomap_page_mkwrite() has no failure that would need the delalloc it
         * reserved taken back, so there is never anything to release for it.
         */
        if ((flags & Iomap.IOMAP_FAULT) != 0) {
            return 0;
        }

        /* Every block of the mapping was written: no unused reservation is left. */
        startByte = WriteEndRange.lastWrittenBlock(blkbits, offsetByte, writtenByte);
        endByte = WriteEndRange.endByte(blkbits, offsetByte, lengthByte);
        if (startByte >= endByte) {
            return 0;
        }

        /* Zeroing and unsharing arrive with invalidate_lock already held: assert, do not lock. */
        AddressSpace mapping = inode.mapping();
        if ((flags & (Iomap.IOMAP_UNSHARE | Iomap.IOMAP_ZERO)) != 0) {
            warn.warnOnOnce(!mapping.invalidateLockHeldWrite(),
                    "xfs_buffered_write_iomap_end: rwsem_assert_held_write(invalidate_lock)");
            writeDelallocRelease(inode, startByte, endByte, flags, iomap, punch);
        } else {
            mapping.invalidateLock();
            writeDelallocRelease(inode, startByte, endByte, flags, iomap, punch);
            mapping.invalidateUnlock();
        }
        return 0;
    }

    /**
     * {@code iomap_write_delalloc_release()}, newest (exported): punches everything in
     * {@code [startByte, endByte)} except the dirty blocks of the cached data below
     * {@code min(i_size, endByte)}. The caller must hold the invalidate_lock exclusively; a caller
     * that does not is reported as the lockdep assertion would.
     *
     * @param flags the iteration's flags (passed through by the kernel, unused by the walk)
     * @throws IllegalArgumentException when {@code [startByte, endByte)} is not a range of
     *     {@link WriteEndRange#checkRange}
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte <= endByte && endByte <= WriteEndRange.MAX_POS_BYTE;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK})
    public void writeDelallocRelease(Inode inode, long startByte, long endByte, int flags,
            Iomap iomap, IomapPunchIomap punch) {
        WriteEndRange.checkRange(startByte, endByte);
        AddressSpace mapping = inode.mapping();
        long[] punchStartByte = {startByte};
        long scanEndByte = Math.min(inode.iSizeRead(), endByte);
        IfsScanMapping folios = new ScanViews.IfsMappingView(inode);
        ScanPunch scanPunch = new ScanViews.PunchIomapCall(inode, iomap, punch);

        /*
         * Why the caller must hold invalidate_lock exclusively: it keeps page faults from creating
         * folios again and dirtying them through ->page_mkwrite while this walk decides what to
         * punch and punches it. Without it, a folio dirtied behind the walk could have its
         * reservation removed and stay dirty in the cache with no space behind it.
         */
        warn.warnOnOnce(!mapping.invalidateLockHeldWrite(),
                "iomap_write_delalloc_release: lockdep_assert_held_write(invalidate_lock)");

        /*@ loop_invariant punchStartByte.length == 1;
          @*/
        while (startByte < scanEndByte) {
            long dataEnd;

            startByte = mapping.seekHoleData(startByte, scanEndByte, AddressSpace.SEEK_DATA);
            /*
             * No cached data left below scan_end_byte: only the final punch remains.
             *
             * mapping_seek_hole_data() is specified to return an offset or -ENXIO and nothing
             * else. Another negative value would mean its interface changed without this caller
             * being updated, hence the warning below.
             */
            if (startByte == -AddressSpace.ENXIO || startByte == scanEndByte) {
                break;
            }
            if (warn.warnOnOnce(startByte < 0, "iomap_write_delalloc_release: start_byte < 0")) {
                return;
            }
            warn.warnOnOnce(startByte < punchStartByte[0],
                    "iomap_write_delalloc_release: start_byte < punch_start_byte");
            warn.warnOnOnce(startByte > scanEndByte,
                    "iomap_write_delalloc_release: start_byte > scan_end_byte");

            /* SEEK_HOLE from start_byte tells where this run of cached data ends. */
            dataEnd = mapping.seekHoleData(startByte, scanEndByte, AddressSpace.SEEK_HOLE);
            if (warn.warnOnOnce(dataEnd < 0, "iomap_write_delalloc_release: data_end < 0")) {
                return;
            }

            /*
             * Direct-I/O completion invalidates the cache without holding invalidate_lock
             * (7a9d43eace88), so the data SEEK_DATA just found may already be gone: seek again.
             */
            if (dataEnd == startByte) {
                continue;
            }

            warn.warnOnOnce(dataEnd < startByte,
                    "iomap_write_delalloc_release: data_end < start_byte");
            warn.warnOnOnce(dataEnd > scanEndByte,
                    "iomap_write_delalloc_release: data_end > scan_end_byte");

            NewestScan.writeDelallocScan(folios, punchStartByte, startByte, dataEnd, scanPunch);

            /* Look for more data from where this run ended. */
            startByte = dataEnd;
        }

        if (punchStartByte[0] < endByte) {
            punch.punch(inode, punchStartByte[0], endByte - punchStartByte[0], iomap);
        }
    }

    /**
     * {@code ifs_next_clean_block(folio, start_blk, end_blk)}, newest: the first block in
     * {@code [startBlk, endBlk]} whose ifs dirty bit is clear, or {@code endBlk + 1} if none
     * ({@code find_next_zero_bit()} over the dirty half of the ifs bitmap).
     */
    /*@ public normal_behavior
      @   requires 0 <= startBlk && startBlk <= endBlk + 1;
      @   ensures startBlk <= \result && \result <= endBlk + 1;
      @*/
    static /*@ pure @*/ int ifsNextCleanBlock(Folio folio, int startBlk, int endBlk) {
        int blk = startBlk;
        /*@ loop_invariant startBlk <= blk && blk <= endBlk + 1;
          @ decreases endBlk + 1 - blk;
          @*/
        while (blk <= endBlk && folio.testBlockDirty(blk)) {
            blk++;
        }
        return blk;
    }

    /**
     * {@code folio_next_pos(folio)}: {@code (loff_t)folio_next_index(folio) << PAGE_SHIFT}, widened
     * before the shift so that it cannot overflow on 32-bit kernels.
     */
    //@ requires 0 <= pageShift && pageShift < 31;
    //@ requires folio.nextIndex() <= (Long.MAX_VALUE >> pageShift);
    //@ ensures \result == folio.nextIndex() * (1L << pageShift);
    static long folioNextPos(Folio folio, int pageShift) {
        return Shifts.posOf(folio.nextIndex(), pageShift);
    }
}
