package dev.punchspec.verify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.verify.kernel.KernelCase.Resolution;
import dev.punchspec.verify.kernel.KernelObservation.Span;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness's pure parts (scripts, validation, parsing): these run everywhere, root or not. */
class KernelCaseTest {

    private static KernelCase sample() {
        return new KernelCase("c1", 1024, List.of(KernelOp.truncate(32768)), 1000, 1500, 750, 65,
                List.of(KernelOp.store(1200, 7), KernelOp.msync(1200, 1)), Resolution.FAIL);
    }

    @Test
    void theScriptRunsTheOperationsAroundTheStalledWriteThenReportsAndSyncs() {
        assertEquals(List.of("open /m/f", "truncate 32768", "stall 1000 1500 750 65", "mstore 1200 7", "msync 1200 1",
                "fail", "report cache", "fsync"), sample().script("/m/f"));
        assertEquals(List.of("reopen /m/f", "report disk"), KernelCase.inspectScript("/m/f"));
        assertEquals("dwrite 4096 8192 9", KernelOp.directWrite(4096, 8192, 9).render());
        assertEquals("prime 238 4096", KernelOp.prime(238, 4096).render());
        assertEquals("fsync", KernelOp.fsync().render());
        assertEquals("syncrange 0 8192", KernelOp.syncRange(0, 8192).render());
        assertEquals(8192, KernelOp.syncRange(0, 8192).endByte());
        assertEquals("mload 5", KernelOp.load(5).render());
        assertEquals("read 0 10", KernelOp.read(0, 10).render());
        assertEquals("write 3 4 5", KernelOp.write(3, 4, 5).render());
        assertEquals(2500, sample().writeEndByte());
    }

    @Test
    void badCasesAreRejectedNamingTheFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024,
                List.of(), 0, 100, 100, 65, List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("stallAtByte") && String.valueOf(e.getMessage()).contains("100"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024, List.of(), 0, 100, -1, 65,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("stallAtByte"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 512, List.of(), 0, 100, 0, 65,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("blockSizeByte") && String.valueOf(e.getMessage()).contains("512"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024, List.of(), 0, 0, 0, 65,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("writeLengthByte"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024, List.of(), -1, 10, 0, 65,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("writeStartByte"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024, List.of(), 0, 10, 0, 256,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("fillValue"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("a b", 1024, List.of(), 0, 10, 0, 1,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("name"), String.valueOf(e.getMessage()));
        // 64 KiB is the end of the harness's preallocation-free world: one byte more is refused.
        new KernelCase("c", 1024, List.of(KernelOp.truncate(65536)), 0, 10, 0, 1, List.of(), Resolution.FAIL);
        e = assertThrows(IllegalArgumentException.class, () -> new KernelCase("c", 1024, List.of(), 65536, 1, 0, 1,
                List.of(), Resolution.FAIL));
        assertTrue(String.valueOf(e.getMessage()).contains("65537"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> KernelOp.directWrite(100, 4096, 1));
        assertTrue(String.valueOf(e.getMessage()).contains("100"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> KernelOp.store(0, 300));
        assertTrue(String.valueOf(e.getMessage()).contains("300"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> KernelOp.read(0, 0));
        assertTrue(String.valueOf(e.getMessage()).contains("lengthByte"), String.valueOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> KernelOp.truncate(-5));
        assertTrue(String.valueOf(e.getMessage()).contains("-5"), String.valueOf(e.getMessage()));
    }

    @Test
    void onlyTheOperationsThatTakeIRwsemAreExpectedToWait() {
        assertTrue(KernelOp.truncate(0).kind().takesIRwsem());
        assertTrue(KernelOp.read(0, 1).kind().takesIRwsem());
        assertTrue(KernelOp.write(0, 1, 1).kind().takesIRwsem());
        assertTrue(KernelOp.directWrite(0, 4096, 1).kind().takesIRwsem());
        assertFalse(KernelOp.store(0, 1).kind().takesIRwsem());
        assertFalse(KernelOp.msync(0, 1).kind().takesIRwsem());
        assertFalse(KernelOp.fsync().kind().takesIRwsem());
        assertFalse(KernelOp.syncRange(0, 1).kind().takesIRwsem());
        assertFalse(KernelOp.load(0).kind().takesIRwsem());
    }

    @Test
    void theHelpersOutputParsesIntoAnObservation() {
        List<String> run = List.of("op 0 truncate before ok", "stalled 1000 1500 750", "op 2 mstore during ok",
                "op 3 mload during ok 7", "blocked 4 xfs_ilock", "pwrite 750 0", "cache stat 4096 4", "cache map data 0 2048",
                "cache map hole 2048 4096", "cache extent 0 2048 0x7", "cache bytes 0 1000 0", "cache bytes 1000 1750 65",
                "cache bytes 1750 4096 0", "op 5 fsync after ok");
        List<String> disk = List.of("disk stat 4096 4", "disk map data 0 2048", "disk map hole 2048 4096",
                "disk extent 0 2048 0x1", "disk bytes 0 1000 0", "disk bytes 1000 1750 65", "disk bytes 1750 4096 0");
        KernelObservation o = KernelObservation.parse(run, disk);
        assertEquals(750, o.pwriteReturn());
        assertEquals(0, o.pwriteErrno());
        assertEquals(4, o.blockedFromIndex());
        assertEquals("xfs_ilock", o.blockedOn());
        assertEquals("7", o.op(3).value());
        assertEquals("during", o.op(2).phase());
        assertEquals(List.of(new Span(0, 2048)), o.cache().delallocSpans());
        assertEquals(List.of(), o.cache().allocatedSpans());
        assertEquals(List.of(new Span(0, 2048)), o.disk().allocatedSpans());
        assertEquals(List.of(new Span(0, 2048)), o.cache().data());
        assertEquals(4, o.cache().blocks512());
        assertEquals(65, o.disk().byteAt(1000));
        assertEquals(0, o.disk().byteAt(1750));
        assertTrue(o.disk().allEqual(1000, 1750, 65));
        assertFalse(o.disk().allEqual(999, 1750, 65));
        assertEquals("[0,1000)=0 [1000,1750)=65 [1750,4096)=0", o.disk().runs());
        assertEquals("[0,1000)=0 [1000,1750)=? [1750,4096)=0", o.disk().runs(Set.of(0)));
        assertTrue(o.summary(Set.of(0)).endsWith("bytes=[0,1000)=0 [1000,1750)=? [1750,4096)=0"), o.summary(Set.of(0)));
        assertTrue(o.summary().contains("pwrite=750 blockedFrom=4(xfs_ilock); cache: blocks512=4 data=[[0,2048)]"), o.summary());
        assertThrows(IllegalArgumentException.class, () -> o.op(9));
    }

    @Test
    void adjacentExtentsCoalesceAndUnknownOrBrokenOutputIsRefused() {
        List<String> run = List.of("pwrite -1 14", "cache stat 8192 16", "cache extent 0 4096 0x4",
                "cache extent 4096 8192 0x5", "cache bytes 0 8192 0");
        List<String> disk = List.of("disk stat 8192 16", "disk extent 0 4096 0x0", "disk extent 4096 8192 0x801",
                "disk bytes 0 8192 0");
        KernelObservation o = KernelObservation.parse(run, disk);
        assertEquals(List.of(new Span(0, 8192)), o.cache().delallocSpans());
        assertEquals(List.of(new Span(0, 8192)), o.disk().allocatedSpans());
        assertTrue(o.disk().extents().get(1).unwritten());
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(List.of("bogus"), disk));
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(List.of("blocked 2"), disk));
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(List.of("cache stat 1 1"), disk));
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(
                List.of("pwrite 1 0", "cache stat 10 0", "cache bytes 0 5 0"), disk));
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(
                List.of("pwrite 1 0", "cache stat 10 0", "cache bytes 1 10 0"), disk));
        assertThrows(IllegalStateException.class, () -> KernelObservation.parse(
                List.of("pwrite x 0", "cache stat 10 0", "cache bytes 0 10 0"), disk));
    }
}
