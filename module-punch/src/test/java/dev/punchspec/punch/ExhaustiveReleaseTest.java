package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generation against its contract over every cache state of two tiny geometries, every
 * block-aligned cleanup range and every interesting {@code i_size}: the punched bytes are exactly
 * the range minus what the generation must keep, calls are ordered and non-empty, the locks are
 * held as the callback is owed, no kernel warning fires, and the only misaligned call is the
 * predicted final punch at an unaligned EOF.
 */
class ExhaustiveReleaseTest {

    /**
     * The generations whose releases differ at these positions: {@code no-f-new} differs from the
     * seed only in its entry, {@code index32} only at positions of 4 GiB and more (both have tests
     * of their own).
     */
    static final Generation[] DISTINCT = {Generation.TRUNCATE, Generation.SEED_61,
        Generation.IFS_66, Generation.NEWEST, Generation.NO_EOF_CLAMP};

    static CacheStates.Geometry[] geometries() {
        return new CacheStates.Geometry[] {
            // block == page, folios of one or two pages
            new CacheStates.Geometry(2, 2, 3, 1),
            // two blocks per page, single-page folios
            new CacheStates.Geometry(2, 1, 2, 0),
        };
    }

    /**
     * One case per geometry and generation, so that a mutation analysis can run the one case that
     * covers the code it changed instead of the whole enumeration.
     */
    static Stream<Arguments> geometriesAndGenerations() {
        return Stream.of(geometries()).flatMap(g -> Stream.of(DISTINCT).map(gen -> Arguments.of(g, gen)));
    }

    @ParameterizedTest
    @MethodSource("geometriesAndGenerations")
    void everyGenerationMeetsItsContract(CacheStates.Geometry g, Generation gen) {
        long size = g.sizeByte();
        long bs = g.blockByte();
        // releases with the predicted unaligned EOF punch, calls made
        int[] unaligned = new int[1];
        int[] calls = new int[1];
        int states = CacheStates.forEach(g, c -> {
            for (long iSize = 0; iSize <= size + bs; iSize += Math.max(1, bs / 2)) {
                c.iSize = iSize;
                for (long start = 0; start < size + bs; start += bs) {
                    for (long end = start + bs; end <= size + bs; end += bs) {
                        check(gen, c, start, end, unaligned, calls);
                    }
                }
            }
        });
        assertTrue(states > 400, "enumerated " + states + " states");
        // The predicted misaligned final punch does occur in these geometries, for every
        // generation that stops at EOF and keeps something.
        boolean expected = gen.keep() != PunchContract.Keep.NOTHING && gen.scanStopsAtEof();
        assertEquals(expected, unaligned[0] > 0, gen.kernelName() + " " + g.describe());
        assertTrue(calls[0] > states, gen.kernelName() + " punched");
    }

    private static void check(Generation gen, FakeCache c, long start, long end,
            int[] unalignedCount, int[] callCount) {
        Recorder r = Runs.release(gen, c, start, end);
        callCount[0] += r.calls.size();
        List<PunchContract.Violation> vs = PunchContract.checkRelease(gen, c, c.blkbits, c.iSize,
                start, end, r.calls);
        boolean predicted = Runs.unalignedEofPunch(gen, c, start, end);
        boolean ok;
        if (predicted) {
            unalignedCount[0]++;
            ok = vs.size() == 1 && vs.get(0).kind() == PunchContract.Kind.UNALIGNED
                    && r.calls.get(r.calls.size() - 1).offsetByte() == c.iSize;
        } else {
            ok = vs.isEmpty();
        }
        if (!ok || !r.warnings.isEmpty()) {
            // run again with the event log on, for the message
            c.recordEvents = true;
            c.events.clear();
            Runs.release(gen, c, start, end);
            fail(gen.kernelName() + " on " + c.describe() + " releasing [" + start + ", " + end
                    + "): calls " + r.callsText() + ", warnings " + r.warnings
                    + ", unaligned EOF punch predicted " + predicted + Runs.text(vs)
                    + "\n  events " + c.events);
        }
    }
}
