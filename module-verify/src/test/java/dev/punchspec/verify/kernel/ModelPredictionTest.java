package dev.punchspec.verify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.verify.kernel.Agreement.Verdict;
import dev.punchspec.verify.kernel.KernelCase.Resolution;
import dev.punchspec.verify.kernel.KernelObservation.FileState;
import dev.punchspec.verify.kernel.KernelObservation.Span;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model's predictions for kernel cases and the agreement verdicts, without a kernel: each
 * expected value is the kernel's, from the run recorded in docs/kernel-harness.md (case names as
 * there). Runs everywhere.
 */
class ModelPredictionTest {

    private static final long SPARSE = 32768;

    private static KernelCase failed(String name, int blockSizeByte, long sizeByte, long start, long length,
            long stall, List<KernelOp> during) {
        return new KernelCase(name, blockSizeByte, List.of(KernelOp.truncate(sizeByte)), start, length, stall, 65,
                during, Resolution.FAIL);
    }

    private static byte[] bytes(long sizeByte, long fromByte, long toByte, int value) {
        byte[] b = new byte[(int) sizeByte];
        for (long i = fromByte; i < toByte; i++) {
            b[(int) i] = (byte) value;
        }
        return b;
    }

    @Test
    void aFailedWriteKeepsTheBlocksOfItsCopiedPrefix() {
        ModelPrediction p = ModelPrediction.of(failed("fail,P=0,L=9000,S=4500", 4096, SPARSE, 0, 9000, 4500, List.of()));
        assertEquals(4500, p.pwriteReturn());
        assertEquals(16, p.blocks512());
        assertEquals(List.of(new Span(0, 8192)), p.data());
        assertEquals(SPARSE, p.sizeByte());
        assertEquals(List.of(), diff(bytes(SPARSE, 0, 4500, 65), p.diskBytes()));
        assertEquals(Set.of(), p.findings());
        ModelPrediction none = ModelPrediction.of(failed("fail,P=1000,L=1500,S=0", 1024, SPARSE, 1000, 1500, 0, List.of()));
        assertEquals(-1, none.pwriteReturn());
        assertEquals(KernelObservation.EFAULT, none.pwriteErrno());
        assertEquals(0, none.blocks512());
        assertEquals(List.of(), none.data());
    }

    /**
     * The kernel copies nothing of a write before the stall ends (its chunk is the whole write):
     * a store to the write's first byte during the stall is overwritten by the copy. With order-0
     * folios the model would copy the first page before stalling and keep the store.
     */
    @Test
    void theStallPrecedesTheWholeCopyOnlyWithLargeFolios() {
        KernelCase c = failed("store,P=0,L=9000,S=4500,Q=0", 4096, SPARSE, 0, 9000, 4500,
                List.of(KernelOp.store(0, 7)));
        assertEquals(65, ModelPrediction.of(c).diskBytes()[0]);
        assertEquals(7, ModelPrediction.of(c, 0).diskBytes()[0]);
    }

    /**
     * msync during the stall converts the write's whole reservation (unwritten where nothing was
     * stored); SEEK_DATA reports those unwritten blocks as data because the store's fault read
     * the file's pages around it into the page cache.
     */
    @Test
    void anMsyncedReservationReadsAsDataThroughTheFaultsReadAround() {
        ModelPrediction p = ModelPrediction.of(failed("store,P=0,L=9000,S=0,Q=0,msync", 4096, SPARSE, 0, 9000, 0,
                List.of(KernelOp.store(0, 7), KernelOp.msync(0, 1))));
        assertEquals(-1, p.pwriteReturn());
        assertEquals(24, p.blocks512());
        assertEquals(List.of(new Span(0, 12288)), p.data());
        assertEquals("[[0,4096)written, [4096,12288)unwritten]", p.extents());
        assertEquals("[[0,4096)written, [4096,12288)unwritten]", p.diskExtents(), "the punch removes no unwritten block");
        assertEquals(List.of(), diff(bytes(SPARSE, 0, 1, 7), p.diskBytes()));
    }

    @Test
    void aStoreInTheBlockOfAnUnalignedEofIsLostAndTheModelSaysSo() {
        ModelPrediction lost = ModelPrediction.of(failed("eof=2500,Q=2499,L=4096", 1024, 2500, 0, 4096, 0,
                List.of(KernelOp.store(2499, 7))));
        assertEquals(0, lost.diskBytes()[2499]);
        // What FsWorld.violationsAtRest() reported for this case when the predictions used it.
        assertEquals(Set.of("CONTRACT", "DATA_LOST", "DIRTY_WITHOUT_RESERVATION"), lost.findings());
        ModelPrediction kept = ModelPrediction.of(failed("eof=2500,Q=1250,L=4096", 1024, 2500, 0, 4096, 0,
                List.of(KernelOp.store(1250, 7))));
        assertEquals(7, kept.diskBytes()[1250]);
        assertTrue(!kept.findings().contains("DATA_LOST"), kept.findings().toString());
    }

    @Test
    void operationsTakingIRwsemRunAfterTheWrite() {
        ModelPrediction truncated = ModelPrediction.of(failed("during=truncate,fail", 4096, SPARSE, 0, 4096, 0,
                List.of(KernelOp.truncate(16384))));
        assertEquals(16384, truncated.sizeByte());
        assertEquals(0, truncated.blocks512());
        ModelPrediction direct = ModelPrediction.of(new KernelCase("during=dwrite,continue", 1024,
                List.of(KernelOp.truncate(SPARSE)), 0, 4096, 0, 65, List.of(KernelOp.directWrite(16384, 4096, 9)),
                Resolution.CONTINUE));
        assertEquals(4096, direct.pwriteReturn());
        assertEquals(16, direct.blocks512());
        assertEquals(List.of(new Span(0, 4096), new Span(16384, 20480)), direct.data());
        byte[] expected = bytes(SPARSE, 0, 4096, 65);
        System.arraycopy(bytes(4096, 0, 4096, 9), 0, expected, 16384, 4096);
        assertEquals(List.of(), diff(expected, direct.diskBytes()));
        ModelPrediction extended = ModelPrediction.of(new KernelCase("continue,extend,P=1000,L=1500,S=750", 1024,
                List.of(), 1000, 1500, 750, 65, List.of(), Resolution.CONTINUE));
        assertEquals(2500, extended.sizeByte());
        assertEquals(6, extended.blocks512());
        assertEquals(List.of(new Span(0, 2500)), extended.data());
    }

    @Test
    void shapesTheTranslationDoesNotModelAreRefusedWithTheReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> ModelPrediction.of(
                failed("shrink", 4096, SPARSE, 0, 4096, 100, List.of(KernelOp.truncate(1000)))));
        assertTrue(String.valueOf(e.getMessage()).contains("truncate from 32768 to 1000"), String.valueOf(e.getMessage()));
        e = assertThrows(UnsupportedOperationException.class, () -> ModelPrediction.of(
                failed("dio-over-cache", 4096, SPARSE, 0, 4096, 100, List.of(KernelOp.directWrite(0, 4096, 9)))));
        assertTrue(String.valueOf(e.getMessage()).contains("direct write"), String.valueOf(e.getMessage()));
        e = assertThrows(UnsupportedOperationException.class, () -> ModelPrediction.of(new KernelCase("beyond", 4096,
                List.of(), 1000, 10, 5, 65, List.of(), Resolution.FAIL)));
        assertTrue(String.valueOf(e.getMessage()).contains("beyond EOF"), String.valueOf(e.getMessage()));
    }

    /** The kernel side of a case as the model predicts it, with {@code disk} bytes of its own. */
    private static KernelObservation observed(ModelPrediction p, long blocks512, byte[] disk) {
        return new KernelObservation(p.pwriteReturn(), p.pwriteErrno(), -1, "", List.of(),
                new FileState(p.sizeByte(), blocks512, p.data(), fiemap(p.extents()), disk),
                new FileState(p.sizeByte(), 0, p.data(), fiemap(p.diskExtents()), disk));
    }

    /** FIEMAP extents from a text {@code [[a,b)state, ...]}. */
    private static List<KernelObservation.Extent> fiemap(String text) {
        java.util.ArrayList<KernelObservation.Extent> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+),(\\d+)\\)(\\w+)").matcher(text);
        while (m.find()) {
            String state = String.valueOf(m.group(3));
            out.add(new KernelObservation.Extent(new Span(Long.parseLong(String.valueOf(m.group(1))),
                    Long.parseLong(String.valueOf(m.group(2)))), state.equals("delalloc")
                            ? KernelObservation.FIEMAP_EXTENT_DELALLOC : state.equals("unwritten")
                                    ? KernelObservation.FIEMAP_EXTENT_UNWRITTEN : 0));
        }
        return out;
    }

    @Test
    void aDifferenceIsExplainedOnlyByOldMemoryInTheUncopiedRestOfAnUnalignedShortWrite() {
        KernelCase c = failed("stale,P=0,L=1500,S=750", 4096, SPARSE, 0, 1500, 750, List.of());
        ModelPrediction p = ModelPrediction.of(c);
        assertEquals(Verdict.AGREE, Agreement.of(c, p, observed(p, p.blocks512(), p.diskBytes())).verdict());
        Agreement blocks = Agreement.of(c, p, observed(p, p.blocks512() + 8, p.diskBytes()));
        assertEquals(Verdict.DISAGREE, blocks.verdict());
        assertEquals("differ: st_blocks", blocks.note());
        byte[] stale = p.diskBytes();
        stale[750] = (byte) 238;
        stale[1499] = (byte) 238;
        assertEquals(Verdict.EXPLAINED, Agreement.of(c, p, observed(p, p.blocks512(), stale)).verdict());
        stale[1500] = (byte) 238;
        assertEquals(Verdict.DISAGREE, Agreement.of(c, p, observed(p, p.blocks512(), stale)).verdict(),
                "beyond the write's end");
        KernelCase aligned = failed("stale,P=0,L=2048,S=750", 1024, SPARSE, 0, 2048, 750, List.of());
        ModelPrediction q = ModelPrediction.of(aligned);
        byte[] alignedStale = q.diskBytes();
        alignedStale[1000] = (byte) 238;
        assertEquals(Verdict.DISAGREE, Agreement.of(aligned, q, observed(q, q.blocks512(), alignedStale)).verdict(),
                "a block-aligned write zeroes its uncopied rest");
        String table = Agreement.table("t", List.of(blocks));
        assertTrue(table.startsWith("### t: 1 cases, 0 agree, 0 explained, 1 disagree\n"), table);
        assertTrue(table.contains("| **NO**: differ: st_blocks |"), table);
    }

    /** The offsets where {@code a} and {@code b} differ (at most ten), for readable failures. */
    private static List<Integer> diff(byte[] a, byte[] b) {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(a.length, b.length) && out.size() < 10; i++) {
            if (i >= a.length || i >= b.length || a[i] != b[i]) {
                out.add(i);
            }
        }
        return out;
    }
}
