package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;

/**
 * The scan loop and the per-folio punching of the newest generation:
 * {@code iomap_write_delalloc_scan()}, {@code iomap_write_delalloc_punch()} and
 * {@code iomap_write_delalloc_ifs_punch()} of KERNEL-NOTES §1.e (void since 4bceb9ba05ac,
 * {@code folio_next_pos()}, {@code ifs_next_clean_block()}), written in KeY's Java subset, proved
 * by KeY in the build, and the code {@code dev.punchspec.punch.NewestPunch} runs.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Goal and proof as {@link Ifs66Scan}'s, whose v6.6.0 code this follows with three changes:
 * the punch callback returns nothing, so nothing stops early (the proved loops call
 * {@link ScanPunch} and ignore its result, which the adapter fixes at 0); every folio end is
 * {@code folio_next_pos()}; and the block walk jumps from clean block to clean block with
 * {@code ifs_next_clean_block()} ({@link IfsScanFolio#nextCleanBlock}) instead of testing every
 * block. The per-block rule follows from that function's contract (the blocks it skips are dirty,
 * the one it returns is clean, asserted before each punch) and the loop invariant that every punch
 * so far ends at or before the block where the next search starts.
 *
 * <p>Assumed, as for {@link Ifs66Scan}: the scan starts on a block boundary and the callback's
 * ceiling is a block boundary at or after {@code endByte}.
 *
 * <p>Reading guide: each method is the kernel function line by line; ghost statements only move
 * specification state.
 */
public final class NewestScan {

    private NewestScan() {
    }

    /**
     * {@code iomap_write_delalloc_scan()}, newest: the folio walk, advancing by
     * {@code folio_next_pos()}.
     *
     * @param punchStartByte {@code loff_t *punch_start_byte}: one element, read and updated
     */
    /*@ public normal_behavior
      @   requires punchStartByte.length == 1 && mapping.blockSizeByte > 0;
      @   requires 0 <= punchStartByte[0] && punchStartByte[0] <= startByte && startByte < endByte;
      @   requires startByte == mapping.blockSizeByte * mapping.scanStartBlock;
      @   requires endByte <= punch.punchCeilingByte;
      @   requires punch.punchCeilingByte == mapping.blockSizeByte * mapping.ceilingBlock;
      @   ensures \old(punchStartByte[0]) <= punchStartByte[0] && punchStartByte[0] <= endByte;
      @   ensures \old(punchStartByte[0]) <= punch.punchFloorByte;
      @   ensures punch.punchFloorByte <= punchStartByte[0] || punchStartByte[0] == endByte;
      @   assignable punchStartByte[0], punch.punchFloorByte, mapping.stepBlock;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK})
    public static void writeDelallocScan(IfsScanMapping mapping, long[] punchStartByte,
            long startByte, long endByte, ScanPunch punch) {
        //@ set punch.punchFloorByte = punchStartByte[0];
        //@ ghost \bigint startBlock = mapping.scanStartBlock;
        /*@ loop_invariant \old(punchStartByte[0]) <= punch.punchFloorByte;
          @ loop_invariant \old(punchStartByte[0]) <= punchStartByte[0];
          @ loop_invariant punchStartByte[0] <= startByte && punchStartByte[0] <= endByte;
          @ loop_invariant punch.punchFloorByte <= punchStartByte[0]
          @     || (punchStartByte[0] == endByte && endByte <= startByte);
          @ loop_invariant \old(startByte) <= startByte;
          @ loop_invariant startByte == mapping.blockSizeByte * startBlock;
          @ decreases startByte < endByte ? endByte - startByte : 0;
          @ assignable punchStartByte[0], punch.punchFloorByte, mapping.stepBlock;
          @*/
        while (startByte < endByte) {
            /* the folio at startByte, locked (filemap_lock_folio()) */
            IfsScanFolio folio = mapping.lockFolio(startByte);
            if (folio == null) {
                startByte = mapping.nextPageStartByte(startByte);
                //@ set startBlock = mapping.stepBlock;
                continue;
            }

            //@ set folio.walkStartBlk = startBlock - folio.posBlock;
            //@ set folio.walkCeilingBlk = mapping.ceilingBlock - folio.posBlock;
            writeDelallocPunch(folio, punchStartByte, startByte, endByte, punch);

            /* go on at the end of this folio, whatever its size */
            startByte = folio.nextPos();
            //@ set startBlock = folio.nextBlock;
            folio.unlock();
        }
    }

    /**
     * {@code iomap_write_delalloc_punch()}, newest: for a dirty folio, punches the gap before
     * {@code startByte}, then the folio's clean blocks, then bounds {@code *punch_start_byte} by
     * {@code folio_next_pos()}. A clean folio is left to the next punch.
     */
    /*@ public normal_behavior
      @   requires punchStartByte.length == 1 && folio.blockSizeByte > 0 && 0 <= folio.posByte;
      @   requires folio.posByte <= startByte && startByte < folio.nextPosByte;
      @   requires startByte < endByte;
      @   requires startByte == folio.posByte + folio.blockSizeByte * folio.walkStartBlk;
      @   requires 0 <= punch.punchFloorByte && punch.punchFloorByte <= punchStartByte[0];
      @   requires punchStartByte[0] <= startByte;
      @   requires endByte <= punch.punchCeilingByte;
      @   requires punch.punchCeilingByte
      @       == folio.posByte + folio.blockSizeByte * folio.walkCeilingBlk;
      @   ensures \old(punchStartByte[0]) <= punchStartByte[0] && punchStartByte[0] <= endByte;
      @   ensures punchStartByte[0] <= folio.nextPosByte;
      @   ensures \old(punch.punchFloorByte) <= punch.punchFloorByte;
      @   ensures punch.punchFloorByte <= folio.nextPosByte;
      @   ensures punch.punchFloorByte <= punchStartByte[0]
      @       || (punchStartByte[0] == endByte && endByte < folio.nextPosByte);
      @   assignable punchStartByte[0], punch.punchFloorByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK})
    public static void writeDelallocPunch(IfsScanFolio folio, long[] punchStartByte,
            long startByte, long endByte, ScanPunch punch) {
        if (!folio.testDirty()) {
            return;
        }

        /* dirty: first punch the gap from the last kept byte up to here */
        if (startByte > punchStartByte[0]) {
            punch.punch(punchStartByte[0], startByte - punchStartByte[0]);
        }

        /* then the folio's own clean blocks */
        writeDelallocIfsPunch(folio, startByte, endByte, punch);

        /*
         * The next punch may start after this folio, but not beyond endByte, the end of the data
         * range: a folio reaching past the range must not carry the punch start over bytes that
         * the range does not cover.
         */
        punchStartByte[0] = Math.min(endByte, folio.nextPos());
    }

    /**
     * {@code iomap_write_delalloc_ifs_punch()}, newest: one punch of one block for every block
     * from the one holding {@code startByte} to the one holding
     * {@code min(endByte, folio_next_pos()) - 1} whose ifs dirty bit is clear, found with
     * {@code ifs_next_clean_block()}. Folios without per-block state are skipped: they have only
     * the folio-wide dirty flag and are kept whole.
     */
    /*@ public normal_behavior
      @   requires folio.blockSizeByte > 0 && 0 <= folio.posByte;
      @   requires folio.posByte <= startByte && startByte < folio.nextPosByte;
      @   requires startByte < endByte;
      @   requires startByte == folio.posByte + folio.blockSizeByte * folio.walkStartBlk;
      @   requires 0 <= punch.punchFloorByte && punch.punchFloorByte <= startByte;
      @   requires endByte <= punch.punchCeilingByte;
      @   requires punch.punchCeilingByte
      @       == folio.posByte + folio.blockSizeByte * folio.walkCeilingBlk;
      @   ensures \old(punch.punchFloorByte) <= punch.punchFloorByte;
      @   ensures punch.punchFloorByte <= folio.nextPosByte;
      @   assignable punch.punchFloorByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK})
    public static void writeDelallocIfsPunch(IfsScanFolio folio, long startByte, long endByte,
            ScanPunch punch) {
        int firstBlk;
        int lastBlk;
        long lastByte;

        if (!folio.hasBlockState()) {
            return;
        }

        lastByte = Math.min(endByte - 1, folio.nextPos() - 1);
        firstBlk = folio.blockIndex(startByte);
        lastBlk = folio.blockIndex(lastByte);
        /*@ loop_invariant 0 <= firstBlk && firstBlk <= lastBlk + 1;
          @ loop_invariant \old(punch.punchFloorByte) <= punch.punchFloorByte;
          @ loop_invariant punch.punchFloorByte
          @     <= (\bigint) folio.posByte + (\bigint) firstBlk * folio.blockSizeByte;
          @ decreases lastBlk + 1 - firstBlk;
          @ assignable punch.punchFloorByte;
          @*/
        while ((firstBlk = folio.nextCleanBlock(firstBlk, lastBlk)) <= lastBlk) {
            //@ assert !folio.testBlockDirty(firstBlk);
            punch.punch(folio.blockPosByte(firstBlk), folio.blockSize());
            firstBlk++;
        }
    }
}
