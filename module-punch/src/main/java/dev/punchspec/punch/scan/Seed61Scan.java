package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;

/**
 * The scan loop of the seed generation: {@code iomap_write_delalloc_scan()}, v6.1.y (f43dc4dc3eff
 * in Leah Rumancik's 6.1 backport), written in KeY's Java subset, proved by KeY in the build, and
 * the loop {@code dev.punchspec.punch.Seed61Punch} runs.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Goal: walk the cached data range {@code [startByte, endByte)} folio by folio; at each dirty
 * folio punch {@code [*punch_start_byte, startByte)} if not empty and move
 * {@code *punch_start_byte} past the folio, bounded by {@code endByte}.
 *
 * <p>Why a class of its own with interfaces of its own: module-api's interfaces cannot be loaded
 * by KeY (generics and JDK types around them) and their JML has no frames, so a proof against them
 * loses every fact at each call (measured: module-punch/README.md). Here the loop sees the page
 * cache ({@link ScanMapping}), the folio ({@link ScanFolio}) and the callback ({@link ScanPunch})
 * through contracts over ghost state that each method's {@code assignable} frames: the folio's
 * dirty flag and end, and the callback's floor and ceiling (where the next punch may start at the
 * earliest, and where every punch must end). {@code Seed61Punch} implements them over the api's
 * {@code AddressSpace}, {@code Folio} and {@code IomapPunch} (adapters with no logic beyond the
 * kernel expressions named in each method).
 *
 * <p>What stays outside the proof: the two shifts by {@code PAGE_SHIFT} and
 * {@code ALIGN_DOWN(start_byte, PAGE_SIZE) + PAGE_SIZE} (KeY's automatic arithmetic is linear; the
 * adapters compute them with module-api's {@code Shifts} and {@code Align}), and the locks (checked
 * by the lock-order checker at compile time and by the lock model at run time).
 *
 * <p>Rejected alternatives: proving {@code Seed61Punch.writeDelallocScan} directly against the api
 * interfaces with specification stubs (it stayed open on heap framing of the callbacks); a ghost
 * log of every punch as arrays of offsets and ends (its frame conditions kept the proof open at
 * 600 s). Not proved here: that no punch overlaps a dirty folio (module-punch/README.md, KeY).
 *
 * <p>Reading guide: {@link #writeDelallocScan} is the kernel function line by line; the ghost
 * {@code set} statements before the loop only initialise specification state.
 */
public final class Seed61Scan {

    private Seed61Scan() {
    }

    /**
     * {@code iomap_write_delalloc_scan()}, v6.1.y seed.
     *
     * <p>Proved (KeY, overflow checking): it terminates without overflow and returns 0 or a
     * negative errno; {@code *punchStartByte} only grows and stays at most {@code endByte}; every
     * punch meets {@link ScanPunch}'s precondition with the floor set to the old
     * {@code *punchStartByte} and the ceiling to {@code endByte}: it is non-empty, lies in
     * {@code [old *punchStartByte, endByte)}, and starts at or after the end of the one before
     * (ascending and disjoint); on success the last punch ends at or before the new
     * {@code *punchStartByte}, so the caller's next punch from there is disjoint from it too.
     *
     * @param punchStartByte {@code loff_t *punch_start_byte}: one element, read and updated
     * @return 0, or the errno of a punch (the folio is unlocked first)
     */
    /*@ public normal_behavior
      @   requires punchStartByte.length == 1;
      @   requires 0 <= punchStartByte[0] && punchStartByte[0] <= startByte && startByte < endByte;
      @   ensures \result <= 0;
      @   ensures \old(punchStartByte[0]) <= punchStartByte[0] && punchStartByte[0] <= endByte;
      @   ensures \old(punchStartByte[0]) <= punch.punchFloorByte;
      @   ensures \result == 0 ==> punch.punchFloorByte <= punchStartByte[0];
      @   ensures punch.punchCeilingByte == endByte;
      @   assignable punchStartByte[0], punch.punchFloorByte, punch.punchCeilingByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK})
    public static int writeDelallocScan(ScanMapping mapping, long[] punchStartByte,
            long startByte, long endByte, ScanPunch punch) {
        //@ set punch.punchFloorByte = punchStartByte[0];
        //@ set punch.punchCeilingByte = endByte;
        /*@ loop_invariant \old(punchStartByte[0]) <= punch.punchFloorByte;
          @ loop_invariant punch.punchFloorByte <= punchStartByte[0];
          @ loop_invariant punchStartByte[0] <= startByte && punchStartByte[0] <= endByte;
          @ loop_invariant \old(startByte) <= startByte;
          @ loop_invariant punch.punchCeilingByte == endByte;
          @ decreases startByte < endByte ? endByte - startByte : 0;
          @ assignable punchStartByte[0], punch.punchFloorByte;
          @*/
        while (startByte < endByte) {
            /* the folio at startByte, locked (filemap_lock_folio()) */
            ScanFolio folio = mapping.lockFolio(startByte);
            if (folio == null) {
                startByte = mapping.nextPageStartByte(startByte);
                continue;
            }

            /* dirty: punch the gap from the last kept byte up to here, then keep the folio */
            if (folio.testDirty()) {
                if (startByte > punchStartByte[0]) {
                    int error = punch.punch(punchStartByte[0], startByte - punchStartByte[0]);
                    if (error != 0) {
                        folio.unlock();
                        return error;
                    }
                }

                /*
                 * The next punch may start after this folio, but not beyond endByte, the end of
                 * the data range: a folio reaching past the range must not carry the punch start
                 * over bytes that the range does not cover.
                 */
                punchStartByte[0] = Math.min(endByte, folio.nextIndexPos());
            }

            /* go on at the end of this folio, whatever its size */
            startByte = folio.nextIndexPos();
            folio.unlock();
        }
        return 0;
    }
}
