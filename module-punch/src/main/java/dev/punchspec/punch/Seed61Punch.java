package dev.punchspec.punch;

import dev.punchspec.api.Align;
import dev.punchspec.api.Shifts;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Folio;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.KernelWarn;
import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.punch.scan.ReleaseMapping;
import dev.punchspec.punch.scan.ReleaseWarn;
import dev.punchspec.punch.scan.ScanFolio;
import dev.punchspec.punch.scan.ScanMapping;
import dev.punchspec.punch.scan.Seed61Release;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The seed generation: {@code iomap_file_buffered_write_punch_delalloc()} and its helpers as
 * f43dc4dc3eff ("iomap: buffered write failure should not truncate the page cache") introduced
 * them, in the 6.1.y backport (Leah Rumancik, 2024; {@code seed/000_e04cdb78d9f1d30e.txt}).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Goal: after a short or failed buffered write, remove the delalloc reservation the write made
 * over {@code [start_byte, end_byte)}, except under page-cache folios that are still dirty, whose
 * data writeback will need the reservation. The page cache is not truncated (the pre-seed
 * generation, {@link TruncatePunch}, did, and destroyed data that mmap stores put there).
 *
 * <p>Structure, exactly as the kernel's: {@link #writeDelallocRelease} takes the invalidate_lock
 * and walks the cached data ranges of {@code [start_byte, min(i_size, end_byte))} with
 * {@code SEEK_DATA}/{@code SEEK_HOLE} ({@link Seed61Release}); the scan ({@code Seed61Scan}) walks
 * each data range folio by folio, and for each dirty folio punches the gap since the last kept byte and moves the punch
 * start past the folio; the release finally punches from there to {@code end_byte}. Invariants:
 * {@code *punch_start_byte} only grows; every punch lies in {@code [start_byte, end_byte)}; the
 * punches are ascending and disjoint; every byte of {@code [start_byte, end_byte)} is punched except
 * the uptodate bytes of dirty folios below {@code min(i_size, end_byte)}
 * ({@link PunchContract#mustKeep} states it byte by byte). Granularity is the folio: a dirty
 * folio is kept whole, even its blocks that no write dirtied (per-block dirty state came in v6.6,
 * {@link Ifs66Punch}).
 *
 * <p>Java rendering: {@code loff_t *punch_start_byte} is a one-element {@code long[]} (the KeY
 * prover handles arrays); the release and scan loops themselves are {@link Seed61Release} and
 * {@code Seed61Scan}, in KeY's Java subset and proved in the build, reached through small
 * adapters; {@code filemap_lock_folio()}'s missing folio is {@code null} (6.1 returned NULL, later
 * kernels {@code ERR_PTR(-ENOENT)}); the {@code goto out_unlock} of the release is a labelled
 * block. A callback that throws (a model's contract violation) abandons the model
 * instance: locks taken here are then not released, since the kernel code has no such path.
 *
 * <p>Variation points: three historic bugs are modelled as subclasses that override one small
 * method each, which mirrors the kernel expression the bug changed: {@link #notReservedByThisWrite}
 * ({@code no-f-new}), {@link #pageIndex} and {@link #folioNextIndexPos} ({@code index32}), and
 * {@link #scanEndByte} ({@code no-eof-clamp}). Everything else is final. Rejected alternative: a
 * flag per variant inside this class, which would put the bugs into the code that is proved and
 * cited. KeY proves the release and scan loops against the contracts of their interfaces; the
 * adapters' shifts (this class's hooks with their faithful bodies) and the subclasses are outside
 * that proof: {@code index32} breaks the contract of {@link ScanFolio#nextIndexPos} by design.
 *
 * <p>Reading guide: start at {@link #fileBufferedWritePunchDelalloc}, then
 * {@link #writeDelallocRelease}, then {@link Seed61Release} and {@code Seed61Scan}.
 */
public class Seed61Punch {

    /** Where {@code WARN_ON_ONCE} reports go. */
    private final KernelWarn warn;

    /** An instance reporting kernel warnings to {@code warn}. */
    public Seed61Punch(KernelWarn warn) {
        if (warn == null) {
            throw new NullPointerException("warn must not be null");
        }
        this.warn = warn;
    }

    /**
     * {@code iomap_file_buffered_write_punch_delalloc()}, v6.1.y seed: the cleanup XFS's
     * {@code ->iomap_end} asks for after a write iteration over {@code iomap}.
     *
     * <p>Nothing to do unless the mapping is delalloc that this write reserved
     * ({@code IOMAP_F_NEW}; delalloc that existed before the write is not this cleanup's to
     * punch), and unless some block of {@code [pos, pos + length)} was left unwritten.
     *
     * @param posByte start of the mapping's part this iteration covered
     * @param lengthByte its length
     * @param writtenByte how many bytes the iteration advanced (0 .. lengthByte)
     * @param punch the filesystem's punch callback
     * @return 0, or the negative errno of a punch
     * @throws IllegalArgumentException for arguments outside {@link WriteEndRange#checkWriteEnd}
     */
    /*@ public normal_behavior
      @   requires 0 <= posByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte;
      @   requires posByte <= WriteEndRange.MAX_POS_BYTE - lengthByte;
      @   ensures \result <= 0;
      @*/
    public final int fileBufferedWritePunchDelalloc(Inode inode, Iomap iomap, long posByte,
            long lengthByte, long writtenByte, IomapPunch punch) {
        int blkbits = inode.blkbits();
        WriteEndRange.checkWriteEnd(blkbits, posByte, lengthByte, writtenByte);

        if (iomap.type() != Iomap.IOMAP_DELALLOC) {
            return 0;
        }
        /* Only delalloc this write reserved (IOMAP_F_NEW) is ours to punch. */
        if (notReservedByThisWrite(iomap)) {
            return 0;
        }
        /*
         * startByte: the first block the write left unused. A partly written block counts as used
         * (round up); when nothing was written, the range starts at the block holding posByte.
         */
        long startByte = WriteEndRange.lastWrittenBlock(blkbits, posByte, writtenByte);
        long endByte = WriteEndRange.endByte(blkbits, posByte, lengthByte);

        /* Every block of the mapping was written: no unused reservation is left. */
        if (startByte >= endByte) {
            return 0;
        }
        return writeDelallocRelease(inode, startByte, endByte, punch);
    }

    /**
     * {@code iomap_write_delalloc_release()}, v6.1.y seed: takes the invalidate_lock, walks the
     * cached data ranges of {@code [startByte, min(i_size, endByte))}, and punches everything but
     * the dirty folios found there.
     *
     * <p>The scan stops at EOF because {@code mapping_seek_hole_data()} does not know EOF: a fault
     * spanning EOF can leave dirty, uptodate folios past it, and keeping the delalloc under them
     * would leak it, since writeback never writes past EOF. So the final punch runs from the last
     * kept byte to {@code endByte}, through EOF.
     *
     * @return 0, a negative errno from a seek (the final punch is then skipped), or the errno of a
     *     punch
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte && endByte <= WriteEndRange.MAX_POS_BYTE;
      @   ensures \result <= 0;
      @*/
    final int writeDelallocRelease(Inode inode, long startByte, long endByte, IomapPunch punch) {
        AddressSpace mapping = inode.mapping();
        long scanEndByte = scanEndByte(inode, endByte);

        /*
         * invalidate_lock, exclusive, for the whole walk: page faults then cannot create folios
         * again and dirty them through ->page_mkwrite while the walk decides what to punch.
         */
        mapping.invalidateLock();
        int error = Seed61Release.writeDelallocRelease(new SeekView(mapping), new MappingView(mapping),
                new WarnView(), new ScanViews.PunchCall(inode, punch), startByte, endByte,
                scanEndByte);
        mapping.invalidateUnlock();
        return error;
    }

    /**
     * The two seeks of {@code iomap_write_delalloc_release()}, v6.1.y seed, as {@link Seed61Release}
     * calls them: {@code mapping_seek_hole_data()} with {@code SEEK_DATA} and {@code SEEK_HOLE}.
     */
    private static final class SeekView implements ReleaseMapping {

        private final AddressSpace mapping;

        SeekView(AddressSpace mapping) {
            this.mapping = mapping;
        }

        @Override
        public long seekData(long startByte, long endByte) {
            return mapping.seekHoleData(startByte, endByte, AddressSpace.SEEK_DATA);
        }

        @Override
        public long seekHole(long startByte, long endByte) {
            return mapping.seekHoleData(startByte, endByte, AddressSpace.SEEK_HOLE);
        }
    }

    /** The release's {@code WARN_ON_ONCE()} sites, reported to this instance's {@link KernelWarn}. */
    private final class WarnView implements ReleaseWarn {

        @Override
        public void warnOnOnce(boolean condition, int site) {
            warn.warnOnOnce(condition, RELEASE_WARNINGS[site]);
        }
    }

    /** The texts of {@link Seed61Release}'s {@code WARN_} sites, indexed by site. */
    private static final String[] RELEASE_WARNINGS = {
        "iomap_write_delalloc_release: start_byte < punch_start_byte",
        "iomap_write_delalloc_release: start_byte > scan_end_byte",
        "iomap_write_delalloc_release: data_end <= start_byte",
        "iomap_write_delalloc_release: data_end > scan_end_byte",
    };

    /**
     * The page cache as {@code Seed61Scan} sees it, over the api's {@link AddressSpace}: the folio
     * lookup {@code filemap_lock_folio(mapping, start_byte >> PAGE_SHIFT)} (the shift through
     * {@link #pageIndex}) and the missing-folio step {@code ALIGN_DOWN(start_byte, PAGE_SIZE) +
     * PAGE_SIZE} of {@code iomap_write_delalloc_scan()}, v6.1.y seed. Not static: the shifts are
     * this generation's variation points.
     */
    private final class MappingView implements ScanMapping {

        private final AddressSpace mapping;
        private final int pageShift;
        private final long pageSizeByte;

        MappingView(AddressSpace mapping) {
            this.mapping = mapping;
            this.pageShift = mapping.pageShift();
            this.pageSizeByte = Shifts.sizeOf(pageShift);
        }

        @Override
        @Acquires(LockRank.FOLIO_LOCK)
        public @Nullable ScanFolio lockFolio(long startByte) {
            Folio folio = mapping.lockFolio(pageIndex(startByte, pageShift));
            if (folio == null) {
                return null;
            }
            return new LockedFolio(folio, pageShift);
        }

        @Override
        public long nextPageStartByte(long startByte) {
            return Align.alignDown(startByte, pageSizeByte) + pageSizeByte;
        }
    }

    /**
     * A locked api {@link Folio} as {@code Seed61Scan} sees it: {@code folio_test_dirty()},
     * {@code folio_next_index(folio) << PAGE_SHIFT} (through {@link #folioNextIndexPos}) and
     * {@code folio_unlock()}, v6.1.y seed.
     */
    private final class LockedFolio implements ScanFolio {

        private final Folio folio;
        private final int pageShift;

        LockedFolio(Folio folio, int pageShift) {
            this.folio = folio;
            this.pageShift = pageShift;
        }

        @Override
        public boolean testDirty() {
            return folio.testDirty();
        }

        @Override
        public long nextIndexPos() {
            return folioNextIndexPos(folio, pageShift);
        }

        @Override
        @Releases(LockRank.FOLIO_LOCK)
        public void unlock() {
            folio.unlock();
        }
    }

    // ---- variation points: each mirrors one kernel expression; overridden only by the variants

    /**
     * The expression {@code !(iomap->flags & IOMAP_F_NEW)} of
     * {@code iomap_file_buffered_write_punch_delalloc()}, v6.1.y seed: whether the mapping's
     * delalloc blocks existed before this write. Overridden by
     * {@code no-f-new}.
     */
    //@ ensures \result == ((iomap.flags() & Iomap.IOMAP_F_NEW) == 0);
    /*@ pure @*/ boolean notReservedByThisWrite(Iomap iomap) {
        return (iomap.flags() & Iomap.IOMAP_F_NEW) == 0;
    }

    /**
     * The expression {@code min(i_size_read(inode), end_byte)} of
     * {@code iomap_write_delalloc_release()}, v6.1.y seed: where the cache scan stops. Overridden by {@code no-eof-clamp}.
     */
    long scanEndByte(Inode inode, long endByte) {
        return Math.min(inode.iSizeRead(), endByte);
    }

    /**
     * The expression {@code start_byte >> PAGE_SHIFT} of {@code iomap_write_delalloc_scan()},
     * v6.1.y seed: the {@code pgoff_t} argument of {@code filemap_lock_folio()}. Overridden by {@code index32}.
     */
    /*@ requires 0 <= startByte && 0 <= pageShift && pageShift < 31;
      @ ensures \result == startByte / (1L << pageShift);
      @*/
    long pageIndex(long startByte, int pageShift) {
        return Shifts.indexOf(startByte, pageShift);
    }

    /**
     * The expression {@code folio_next_index(folio) << PAGE_SHIFT} of
     * {@code iomap_write_delalloc_scan()}, v6.1.y seed: an {@code unsigned long} shifted before it
     * is widened to {@code loff_t}, exact on 64-bit kernels. Overridden by {@code index32}.
     */
    /*@ requires 0 <= pageShift && pageShift < 31;
      @ requires folio.nextIndex() <= (Long.MAX_VALUE >> pageShift);
      @ ensures \result == folio.nextIndex() * (1L << pageShift);
      @*/
    long folioNextIndexPos(Folio folio, int pageShift) {
        return Shifts.posOf(folio.nextIndex(), pageShift);
    }
}
