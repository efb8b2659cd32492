package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;

/**
 * The release loop of the seed generation: {@code iomap_write_delalloc_release()}, v6.1.y seed,
 * between taking and dropping the invalidate_lock; written in KeY's Java subset, proved by KeY in
 * the build, and the loop {@code dev.punchspec.punch.Seed61Punch} runs.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Goal: walk the cached data runs of {@code [startByte, scanEndByte)} with {@code SEEK_DATA}
 * and {@code SEEK_HOLE}, hand each run to the scan loop ({@link Seed61Scan}), which punches the
 * gaps before dirty folios, and finally punch from the last kept byte to {@code endByte}, past
 * EOF. A seek error leaves without the final punch, a punch error with it done or not, as in the
 * kernel ({@code goto out_unlock}).
 *
 * <p>What the proof shows, with the callees' contracts ({@link ReleaseMapping}, {@link ScanPunch}
 * and the scan's): the loop terminates without overflow, returns 0 or a negative errno, and
 * every punch, the scan's and the final one, meets {@link ScanPunch}'s precondition against one
 * floor that starts at {@code startByte} and only grows: each punch is non-empty, starts at or
 * after the end of the one before and ends by {@code endByte}, so the punches are ascending,
 * disjoint and inside {@code [startByte, endByte)}. The scan is called within its contract: the
 * punch start never passes the run's start, and the run is not empty.
 *
 * <p>Assumption: {@link ReleaseMapping#seekHole} finds the hole strictly after a byte
 * {@code SEEK_DATA} just returned. A folio that vanishes between the two seeks breaks it: then
 * {@code SEEK_HOLE} returns the start, the seed WARNs ({@code data_end <= start_byte}), scans an
 * empty run and seeks again from the same byte, so its progress rests on the next
 * {@code SEEK_DATA} (the newest generation skips such a run instead). That race is the
 * explorer's to cover, not this proof's.
 *
 * <p>What stays outside: the invalidate_lock (taken and dropped by the caller around this method;
 * the lock-order checker and the run-time lock model check it), {@code min(i_size, end_byte)}
 * (the caller's variation point, passed in as {@code scanEndByte}), the warnings' texts.
 *
 * <p>Reading guide: {@link #writeDelallocRelease} is the kernel function line by line from
 * {@code filemap_invalidate_lock()} to {@code out_unlock}; the ghost {@code set} statements only
 * move the punch's specification bounds.
 */
public final class Seed61Release {

    /** {@code ENXIO}: {@code SEEK_DATA} without data returns {@code -ENXIO} (the api's value). */
    public static final long ENXIO = 6;

    /** {@code WARN_ON_ONCE(start_byte < punch_start_byte)}. */
    public static final int WARN_START_BEFORE_PUNCH_START = 0;
    /** {@code WARN_ON_ONCE(start_byte > scan_end_byte)}. */
    public static final int WARN_START_PAST_SCAN_END = 1;
    /** {@code WARN_ON_ONCE(data_end <= start_byte)}. */
    public static final int WARN_DATA_END_NOT_AFTER_START = 2;
    /** {@code WARN_ON_ONCE(data_end > scan_end_byte)}. */
    public static final int WARN_DATA_END_PAST_SCAN_END = 3;

    private Seed61Release() {
    }

    /**
     * {@code iomap_write_delalloc_release()}, v6.1.y seed, inside the invalidate_lock.
     *
     * @param scanEndByte {@code scan_end_byte}, {@code min(i_size_read(inode), end_byte)}
     * @return 0, a negative errno from a seek (the final punch is then skipped), or the errno of
     *     a punch
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte;
      @   requires 0 <= scanEndByte && scanEndByte <= endByte;
      @   ensures \result <= 0;
      @   ensures startByte <= punch.punchFloorByte;
      @   assignable punch.punchFloorByte, punch.punchCeilingByte;
      @*/
    @Holds({LockRank.INVALIDATE_LOCK})
    public static int writeDelallocRelease(ReleaseMapping mapping, ScanMapping folios,
            ReleaseWarn warn, ScanPunch punch, long startByte, long endByte, long scanEndByte) {
        long[] punchStartByte = new long[] {startByte};
        int error = 0;
        //@ set punch.punchFloorByte = startByte;
        //@ set punch.punchCeilingByte = endByte;

        outUnlock:
        {
            /*@ loop_invariant punchStartByte.length == 1 && error == 0;
              @ loop_invariant \old(startByte) <= punch.punchFloorByte;
              @ loop_invariant punch.punchFloorByte <= punchStartByte[0];
              @ loop_invariant punchStartByte[0] <= startByte && punchStartByte[0] <= endByte;
              @ loop_invariant \old(startByte) <= startByte;
              @ decreases startByte < scanEndByte ? scanEndByte - startByte : 0;
              @ assignable punchStartByte[0], punch.punchFloorByte, punch.punchCeilingByte;
              @*/
            while (startByte < scanEndByte) {
                long dataEnd;

                startByte = mapping.seekData(startByte, scanEndByte);
                /* no cached data left below scan_end_byte: only the final punch remains */
                if (startByte == -ENXIO || startByte == scanEndByte) {
                    break;
                }
                if (startByte < 0) {
                    error = (int) startByte;
                    break outUnlock;
                }
                warn.warnOnOnce(startByte < punchStartByte[0], WARN_START_BEFORE_PUNCH_START);
                warn.warnOnOnce(startByte > scanEndByte, WARN_START_PAST_SCAN_END);

                /* SEEK_HOLE from start_byte: where this run of cached data ends */
                dataEnd = mapping.seekHole(startByte, scanEndByte);
                if (dataEnd < 0) {
                    error = (int) dataEnd;
                    break outUnlock;
                }
                warn.warnOnOnce(dataEnd <= startByte, WARN_DATA_END_NOT_AFTER_START);
                warn.warnOnOnce(dataEnd > scanEndByte, WARN_DATA_END_PAST_SCAN_END);

                error = Seed61Scan.writeDelallocScan(folios, punchStartByte, startByte, dataEnd, punch);
                if (error != 0) {
                    break outUnlock;
                }

                /* look for more data from where this run ended */
                startByte = dataEnd;
            }

            if (punchStartByte[0] < endByte) {
                //@ set punch.punchCeilingByte = endByte;
                error = punch.punch(punchStartByte[0], endByte - punchStartByte[0]);
            }
        }
        return error;
    }
}
