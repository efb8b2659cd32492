package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;

/**
 * The scan loop and the per-folio punching of the v6.6.0 generation:
 * {@code iomap_write_delalloc_scan()}, {@code iomap_write_delalloc_punch()} and
 * {@code iomap_write_delalloc_ifs_punch()} as the iomap-6.6 merge left them, written in KeY's Java
 * subset, proved by KeY in the build, and the code {@code dev.punchspec.punch.Ifs66Punch} runs.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Goal: walk the cached data range {@code [startByte, endByte)} folio by folio; at each dirty
 * folio punch the gap {@code [*punch_start_byte, startByte)}, then every clean block of the folio
 * from {@code startByte} up to the block holding {@code min(endByte, folio end) - 1}, one block
 * per call, then move {@code *punch_start_byte} to {@code min(endByte, folio_pos + folio_size)}.
 *
 * <p>Proved (overflow checking), for every mapping, folio and callback meeting their contracts
 * ({@link IfsScanMapping}, {@link IfsScanFolio}, {@link ScanPunch}): the loops terminate without
 * overflow; every punch is non-empty, starts at or after the end of the punch before it (the
 * callback's floor), and ends by the callback's ceiling, which the caller sets to a block boundary
 * at or after {@code endByte} (the release's {@code end_byte}); and the per-block rule of
 * {@link #writeDelallocIfsPunch}: every punch made before a dirty block ends at or before it, and
 * every punch made after it starts at or after its end, so no punch of the folio's walk touches a
 * dirty block. The ceiling is a block boundary rather than {@code endByte} because the kernel
 * punches whole blocks: where {@code endByte} (clamped to {@code i_size} by the seek) falls inside
 * a clean block, the block's punch runs past it. For the same reason the scan hands the next
 * punch start back as {@code endByte} while the last block punch may end after it, the v6.6
 * EOF-block overlap of the release's final punch ({@code PunchContract} states it); the scan's
 * postcondition says exactly when.
 *
 * <p>Assumed, and stated as preconditions: the scan starts on a block boundary (the release's
 * {@code start_byte} is one, and {@code SEEK_DATA} and {@code SEEK_HOLE} answer block or folio
 * boundaries below {@code scan_end_byte}), and the ceiling is a block boundary at or after
 * {@code endByte}.
 *
 * <p>Rejected alternatives: keeping these methods in {@code Ifs66Punch} against the api's
 * interfaces (KeY cannot load those, and their JML has no frames, see {@link Seed61Scan}); a ghost
 * log of every punch to state the per-block rule as a postcondition (the seed's scan did not close
 * with one); the rule is instead proved as JML assertions at the two points where it can fail.
 *
 * <p>Reading guide: each method is the kernel function line by line; ghost statements only move
 * specification state, and the {@code else} branch of the block loop holds nothing else.
 */
public final class Ifs66Scan {

    private Ifs66Scan() {
    }

    /**
     * {@code iomap_write_delalloc_scan()}, v6.6.0: the seed's folio walk with the per-folio work in
     * {@link #writeDelallocPunch}; the advance is still {@code folio_next_index(folio) <<
     * PAGE_SHIFT}.
     *
     * @param punchStartByte {@code loff_t *punch_start_byte}: one element, read and updated
     * @return 0, or the errno of a punch (the folio is unlocked first)
     */
    /*@ public normal_behavior
      @   requires punchStartByte.length == 1 && mapping.blockSizeByte > 0;
      @   requires 0 <= punchStartByte[0] && punchStartByte[0] <= startByte && startByte < endByte;
      @   requires startByte == mapping.blockSizeByte * mapping.scanStartBlock;
      @   requires endByte <= punch.punchCeilingByte;
      @   requires punch.punchCeilingByte == mapping.blockSizeByte * mapping.ceilingBlock;
      @   ensures \result <= 0;
      @   ensures \old(punchStartByte[0]) <= punchStartByte[0] && punchStartByte[0] <= endByte;
      @   ensures \old(punchStartByte[0]) <= punch.punchFloorByte;
      @   ensures \result == 0
      @       ==> punch.punchFloorByte <= punchStartByte[0] || punchStartByte[0] == endByte;
      @   assignable punchStartByte[0], punch.punchFloorByte, mapping.stepBlock;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK})
    public static int writeDelallocScan(IfsScanMapping mapping, long[] punchStartByte,
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
            int ret;

            /* the folio at startByte, locked (filemap_lock_folio()) */
            IfsScanFolio folio = mapping.lockFolio(startByte);
            if (folio == null) {
                startByte = mapping.nextPageStartByte(startByte);
                //@ set startBlock = mapping.stepBlock;
                continue;
            }

            //@ set folio.walkStartBlk = startBlock - folio.posBlock;
            //@ set folio.walkCeilingBlk = mapping.ceilingBlock - folio.posBlock;
            ret = writeDelallocPunch(folio, punchStartByte, startByte, endByte, punch);
            if (ret != 0) {
                folio.unlock();
                return ret;
            }

            /* go on at the end of this folio, whatever its size */
            startByte = folio.nextIndexPos();
            //@ set startBlock = folio.nextBlock;
            folio.unlock();
        }
        return 0;
    }

    /**
     * {@code iomap_write_delalloc_punch()}, v6.6.0 (7f79d85b525b): for a dirty folio, punches the
     * gap before {@code startByte}, then the folio's clean blocks, then bounds
     * {@code *punch_start_byte} by {@code folio_pos + folio_size} (eee2d2e6ea55). A clean folio is
     * left to the next punch.
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
      @   ensures \result <= 0;
      @   ensures \old(punchStartByte[0]) <= punchStartByte[0] && punchStartByte[0] <= endByte;
      @   ensures punchStartByte[0] <= folio.nextPosByte;
      @   ensures \old(punch.punchFloorByte) <= punch.punchFloorByte;
      @   ensures punch.punchFloorByte <= folio.nextPosByte;
      @   ensures \result == 0 ==> punch.punchFloorByte <= punchStartByte[0]
      @       || (punchStartByte[0] == endByte && endByte < folio.nextPosByte);
      @   assignable punchStartByte[0], punch.punchFloorByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK})
    public static int writeDelallocPunch(IfsScanFolio folio, long[] punchStartByte,
            long startByte, long endByte, ScanPunch punch) {
        int ret = 0;

        if (!folio.testDirty()) {
            return ret;
        }

        /* dirty: first punch the gap from the last kept byte up to here */
        if (startByte > punchStartByte[0]) {
            ret = punch.punch(punchStartByte[0], startByte - punchStartByte[0]);
            if (ret != 0) {
                return ret;
            }
        }

        /* then the folio's own clean blocks */
        ret = writeDelallocIfsPunch(folio, startByte, endByte, punch);
        if (ret != 0) {
            return ret;
        }

        /*
         * The next punch may start after this folio, but not beyond endByte, the end of the data
         * range: a folio reaching past the range must not carry the punch start over bytes that
         * the range does not cover.
         */
        punchStartByte[0] = Math.min(endByte, folio.posPlusSizeByte());

        return ret;
    }

    /**
     * {@code iomap_write_delalloc_ifs_punch()}, v6.6.0 (4ce02c679722): one punch of one block for
     * every block from the one holding {@code startByte} to the one holding
     * {@code min(endByte, folio end) - 1} whose ifs dirty bit is clear. Folios without per-block
     * state are skipped. The reason for the walk: with per-block dirty state a dirty folio can hold
     * uptodate blocks that are clean, which writeback will not write, so their delalloc would leak
     * if the folio were kept whole.
     *
     * <p>Proved besides the contract, as assertions: when the walk meets a dirty block, every
     * punch so far ends at or before the block's start; every punch it makes starts at or after
     * the end of every dirty block met before ({@code keptEndByte}).
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
      @   ensures \result <= 0;
      @   ensures \old(punch.punchFloorByte) <= punch.punchFloorByte;
      @   ensures punch.punchFloorByte <= folio.nextPosByte;
      @   assignable punch.punchFloorByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK})
    public static int writeDelallocIfsPunch(IfsScanFolio folio, long startByte, long endByte,
            ScanPunch punch) {
        int firstBlk;
        int lastBlk;
        long lastByte;
        int ret = 0;
        //@ ghost \bigint keptEndByte = punch.punchFloorByte;

        if (!folio.hasBlockState()) {
            return ret;
        }

        lastByte = Math.min(endByte - 1, folio.posPlusSizeByte() - 1);
        firstBlk = folio.blockIndex(startByte);
        lastBlk = folio.blockIndex(lastByte);
        /*@ loop_invariant firstBlk <= i && i <= lastBlk + 1 && ret == 0;
          @ loop_invariant \old(punch.punchFloorByte) <= punch.punchFloorByte;
          @ loop_invariant punch.punchFloorByte
          @     <= (\bigint) folio.posByte + (\bigint) i * folio.blockSizeByte;
          @ loop_invariant keptEndByte
          @     <= (\bigint) folio.posByte + (\bigint) i * folio.blockSizeByte;
          @ decreases lastBlk + 1 - i;
          @ assignable punch.punchFloorByte;
          @*/
        for (int i = firstBlk; i <= lastBlk; i++) {
            if (!folio.testBlockDirty(i)) {
                /*@ assert keptEndByte
                  @     <= (\bigint) folio.posByte + (\bigint) i * folio.blockSizeByte;
                  @*/
                ret = punch.punch(folio.blockPosByte(i), folio.blockSize());
                if (ret != 0) {
                    return ret;
                }
            } else {
                /*@ assert punch.punchFloorByte
                  @     <= (\bigint) folio.posByte + (\bigint) i * folio.blockSizeByte;
                  @*/
                /*@ set keptEndByte = (\bigint) folio.posByte + (\bigint) i * folio.blockSizeByte
                  @     + folio.blockSizeByte;
                  @*/
            }
        }

        return ret;
    }
}
