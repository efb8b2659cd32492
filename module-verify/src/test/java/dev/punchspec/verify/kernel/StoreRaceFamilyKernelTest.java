package dev.punchspec.verify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.punchspec.api.Geometry;
import dev.punchspec.verify.fs.StoreRaceScenario;
import dev.punchspec.verify.kernel.KernelCase.Resolution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default suite's family, "a failed write racing mmap stores" ({@link StoreRaceScenario},
 * generic/346's shape), at real geometry on the running kernel, every member compared with the
 * model's prediction ({@link ModelPrediction}, {@link Agreement}).
 *
 * <p>The mapping. The suite explores the family at tiny geometry (page 4 with blocks of 4 and of
 * 2 bytes, files of at most 4 bytes, {@code StoreRaceFamilyTest}); {@link #kernelCases} takes
 * every member of that enumeration ({@link StoreRaceScenario#family}) and scales every position
 * by {@code realBlock / tinyBlock}: block 4 -> 4096-byte blocks (x1024), block 2 -> 1024-byte
 * blocks (x512). Scaling keeps where each position lies in its block (start, a quarter, the
 * middle, ...), which is what the punch's rounding sees; the file stays within page 0 as it does
 * at tiny geometry. Every member maps to one case: {@code ftruncate(i_size)}, the write of
 * {@code [pos, pos + len)} stalled at its readable length after {@code ->iomap_begin}, the store
 * during the stall, then the copy fails. That is the family's only schedule: its storer waits for
 * the writer's user fault and the fault waits for the store ({@code StoreRaceScenario#run}), as
 * the helper forces it; the store takes no {@code i_rwsem}, so every member can be forced. The
 * write's bytes are the harness's fill (65) and the store's value 7 instead of the family's
 * {@code WRITE_BASE + i} and {@code 0x7F}: both sides get the same values, and each is told
 * apart from zero and from the other.
 *
 * <p>340 members per block size, one filesystem per block size.
 */
class StoreRaceFamilyKernelTest {

    private static final int FILL = 65;
    private static final int STORED = 7;
    /** The family's bound on sizes, write ends and store bytes at tiny geometry. */
    private static final long TINY_MAX_FILE_BYTE = 4;

    /** The tiny geometry of the suite whose members map to {@code blockSizeByte} blocks. */
    static Geometry tinyGeometry(int blockSizeByte) {
        return new Geometry(4, blockSizeByte == 4096 ? 4 : 2, 0);
    }

    /** Every member of the family at tiny geometry, scaled to {@code blockSizeByte} blocks. */
    static List<KernelCase> kernelCases(int blockSizeByte) {
        Geometry tiny = tinyGeometry(blockSizeByte);
        long scale = blockSizeByte / tiny.blockSize();
        List<KernelCase> cases = new ArrayList<>();
        for (StoreRaceScenario.Params p : StoreRaceScenario.family(List.of(tiny), TINY_MAX_FILE_BYTE)) {
            long size = p.iSizeByte() * scale;
            long pos = p.writePosByte() * scale;
            long length = p.writeLengthByte() * scale;
            long stall = p.readableByte() * scale;
            long store = p.storeByte() * scale;
            cases.add(new KernelCase("fam,I=" + size + ",P=" + pos + ",L=" + length + ",S=" + stall + ",Q=" + store,
                    blockSizeByte, List.of(KernelOp.truncate(size)), pos, length, stall, FILL,
                    List.of(KernelOp.store(store, STORED)), Resolution.FAIL));
        }
        return cases;
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 1024})
    void everyMemberOfTheStoreRaceFamilyAgreesWithTheModel(int blockSizeByte) throws IOException {
        List<KernelCase> cases = kernelCases(blockSizeByte);
        assertEquals(340, cases.size());
        KernelHarness harness = XfsShortWriteKernelTest.harnessOrSkip();
        List<KernelObservation> observations = harness.run(blockSizeByte, cases);
        harness.writeTable("store-race-family-" + blockSizeByte, cases, observations);
        XfsShortWriteKernelTest.assertAgreement(harness, "store-race-family-" + blockSizeByte, cases, observations);
    }
}
