package dev.punchspec.punch;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.KernelWarn;
import dev.punchspec.punch.scan.Ifs66Scan;
import dev.punchspec.punch.scan.IfsScanMapping;
import dev.punchspec.punch.scan.ScanPunch;

/**
 * The v6.6.0 generation: the seed with per-block dirty punching, as the iomap-6.6 merge (Ritesh
 * Harjani's series, 2023-07) left {@code fs/iomap/buffered-io.c}.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>What changed from {@link Seed61Punch}, commit by commit:
 * <ul>
 *   <li>4ce02c679722: the per-folio state ("ifs") got a dirty bit per block, and a write marks
 *       only the blocks it copied into dirty, while a write fault still dirties the whole folio.
 *       A dirty folio can therefore hold uptodate but clean blocks, whose delalloc writeback would
 *       never convert: the seed would leak it. {@link Ifs66Scan#writeDelallocIfsPunch} punches
 *       every clean block of a dirty folio inside the data range, one block per punch call;</li>
 *   <li>7f79d85b525b: the per-folio work moved out of the scan loop into
 *       {@link Ifs66Scan#writeDelallocPunch};</li>
 *   <li>eee2d2e6ea55: the bound of {@code *punch_start_byte} became
 *       {@code folio_pos(folio) + folio_size(folio)}, which cannot overflow on 32-bit kernels,
 *       while the scan's advance stayed {@code folio_next_index(folio) << PAGE_SHIFT} until
 *       c13094b894de (v6.13, backported to 6.6.y later; not in 6.6.0).</li>
 * </ul>
 * The release loop, the entry and the error handling are the seed's, with the
 * {@code iomap_punch_t} typedef (0af2b37d8e7a). They are repeated here rather than inherited so
 * that this class is the whole algorithm of its generation and can be read and diffed against the
 * kernel file on its own, and so that its contract (which keeps less than the seed's) is not tied
 * to the seed's by subtyping.
 *
 * <p>The scan loop and the per-folio punching ({@code iomap_write_delalloc_scan()},
 * {@code iomap_write_delalloc_punch()}, {@code iomap_write_delalloc_ifs_punch()}) are
 * {@link Ifs66Scan}, in KeY's Java subset and proved in the build (module-punch/README.md, KeY);
 * this class hands them the page cache, the folios and the callback through {@link ScanViews}.
 *
 * <p>What is kept: the uptodate bytes below {@code min(i_size, end_byte)} whose block is dirty
 * (its ifs dirty bit where the folio has per-block state, the folio's dirty flag where not). One
 * consequence of punching whole blocks: when {@code i_size} is not block-aligned and its block is
 * clean in a dirty folio, the block's punch and the final punch {@code [i_size, end_byte)} overlap
 * by the part of the block past EOF ({@link PunchContract} states this exactly).
 */
public final class Ifs66Punch {

    /** Where {@code WARN_ON_ONCE} reports go. */
    private final KernelWarn warn;

    /** An instance reporting kernel warnings to {@code warn}. */
    public Ifs66Punch(KernelWarn warn) {
        if (warn == null) {
            throw new NullPointerException("warn must not be null");
        }
        this.warn = warn;
    }

    /**
     * {@code iomap_file_buffered_write_punch_delalloc()}, v6.6.0: unchanged from the seed.
     *
     * @return 0, or the negative errno of a punch
     * @throws IllegalArgumentException for arguments outside {@link WriteEndRange#checkWriteEnd}
     */
    /*@ public normal_behavior
      @   requires 0 <= posByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte;
      @   requires posByte <= WriteEndRange.MAX_POS_BYTE - lengthByte;
      @   ensures \result <= 0;
      @*/
    public int fileBufferedWritePunchDelalloc(Inode inode, Iomap iomap, long posByte,
            long lengthByte, long writtenByte, IomapPunch punch) {
        int blkbits = inode.blkbits();
        WriteEndRange.checkWriteEnd(blkbits, posByte, lengthByte, writtenByte);

        if (iomap.type() != Iomap.IOMAP_DELALLOC) {
            return 0;
        }
        /* Only delalloc this write reserved (IOMAP_F_NEW) is ours to punch. */
        if ((iomap.flags() & Iomap.IOMAP_F_NEW) == 0) {
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
     * {@code iomap_write_delalloc_release()}, v6.6.0: unchanged from the seed (takes the
     * invalidate_lock itself, {@code WARN_ON_ONCE(data_end <= start_byte)}, errors skip the final
     * punch).
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte && endByte <= WriteEndRange.MAX_POS_BYTE;
      @   ensures \result <= 0;
      @*/
    int writeDelallocRelease(Inode inode, long startByte, long endByte, IomapPunch punch) {
        AddressSpace mapping = inode.mapping();
        long[] punchStartByte = {startByte};
        long scanEndByte = Math.min(inode.iSizeRead(), endByte);
        int error = 0;
        IfsScanMapping folios = new ScanViews.IfsMappingView(inode);
        ScanPunch scanPunch = new ScanViews.PunchCall(inode, punch);

        /*
         * invalidate_lock, exclusive, for the whole walk: page faults then cannot create folios
         * again and dirty them through ->page_mkwrite while the walk decides what to punch.
         */
        mapping.invalidateLock();
        outUnlock:
        {
            /*@ loop_invariant punchStartByte.length == 1;
              @ decreases scanEndByte - startByte;
              @*/
            while (startByte < scanEndByte) {
                long dataEnd;

                startByte = mapping.seekHoleData(startByte, scanEndByte, AddressSpace.SEEK_DATA);
                /* No cached data left below scan_end_byte: only the final punch remains. */
                if (startByte == -AddressSpace.ENXIO || startByte == scanEndByte) {
                    break;
                }
                if (startByte < 0) {
                    error = (int) startByte;
                    break outUnlock;
                }
                warn.warnOnOnce(startByte < punchStartByte[0],
                        "iomap_write_delalloc_release: start_byte < punch_start_byte");
                warn.warnOnOnce(startByte > scanEndByte,
                        "iomap_write_delalloc_release: start_byte > scan_end_byte");

                /* SEEK_HOLE from start_byte tells where this run of cached data ends. */
                dataEnd = mapping.seekHoleData(startByte, scanEndByte, AddressSpace.SEEK_HOLE);
                if (dataEnd < 0) {
                    error = (int) dataEnd;
                    break outUnlock;
                }
                warn.warnOnOnce(dataEnd <= startByte,
                        "iomap_write_delalloc_release: data_end <= start_byte");
                warn.warnOnOnce(dataEnd > scanEndByte,
                        "iomap_write_delalloc_release: data_end > scan_end_byte");

                error = Ifs66Scan.writeDelallocScan(folios, punchStartByte, startByte, dataEnd,
                        scanPunch);
                if (error != 0) {
                    break outUnlock;
                }

                /* Look for more data from where this run ended. */
                startByte = dataEnd;
            }

            if (punchStartByte[0] < endByte) {
                error = punch.punch(inode, punchStartByte[0], endByte - punchStartByte[0]);
            }
        }
        mapping.invalidateUnlock();
        return error;
    }
}
