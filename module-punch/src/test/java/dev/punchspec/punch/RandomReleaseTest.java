package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random cases at geometries too large to enumerate: 8-byte pages, 2-byte blocks (four per
 * page) and folios up to four pages (sixteen blocks), against the same contract as
 * {@link ExhaustiveReleaseTest}. Each seed is one reproducible case family.
 */
class RandomReleaseTest {

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyGenerationMeetsItsContract(long seed) {
        Random rnd = new Random(seed);
        CacheStates.Geometry g = new CacheStates.Geometry(3, 1, 12, 2);
        long bs = g.blockByte();
        long blocks = g.sizeByte() / bs;
        for (int round = 0; round < 10; round++) {
            FakeCache c = CacheStates.random(g, rnd);
            c.iSize = rnd.nextInt((int) g.sizeByte() + 8);
            long start = rnd.nextInt((int) blocks) * bs;
            long end = start + (1 + rnd.nextInt((int) (blocks - start / bs) + 2)) * bs;
            for (Generation gen : ExhaustiveReleaseTest.DISTINCT) {
                Recorder r = Runs.release(gen, c, start, end);
                List<PunchContract.Violation> vs = PunchContract.checkRelease(gen, c, c.blkbits,
                        c.iSize, start, end, r.calls);
                boolean predicted = Runs.unalignedEofPunch(gen, c, start, end);
                boolean ok = predicted
                        ? vs.size() == 1 && vs.get(0).kind() == PunchContract.Kind.UNALIGNED
                        : vs.isEmpty();
                if (!ok || !r.warnings.isEmpty()) {
                    fail("seed " + seed + " round " + round + ": " + gen.kernelName() + " on "
                            + c.describe() + " releasing [" + start + ", " + end + "): calls "
                            + r.callsText() + " warnings " + r.warnings + Runs.text(vs));
                }
            }
        }
    }
}
