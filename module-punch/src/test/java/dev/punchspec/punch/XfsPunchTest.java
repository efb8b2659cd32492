package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.punchspec.api.mapping.Iomap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XFS punch callbacks: byte-range conversion, fork choice, error handling. */
class XfsPunchTest {

    private final FakeCache cache = new FakeCache(2, 1);
    private final Recorder bmap = new Recorder(cache);

    @Test
    void v61CallbackPunchesTheDataForkAndReturnsTheError() {
        Xfs61DelallocPunch p = new Xfs61DelallocPunch(bmap);
        assertEquals(0, p.punch(cache, 4, 8));
        bmap.failCall = 1;
        assertEquals(-5, p.punch(cache, 16, 2));
        assertEquals("[4,12)[16,18)", bmap.callsText());
        assertEquals(List.of(XfsBmapPunch.XFS_DATA_FORK, XfsBmapPunch.XFS_DATA_FORK), bmap.forks);
    }

    @Test
    void newestCallbackPicksTheCowForkForSharedMappings() {
        XfsNewestDelallocPunch p = new XfsNewestDelallocPunch(bmap);
        p.punch(cache, 4, 8, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 64));
        p.punch(cache, 12, 4, new Iomap(Iomap.IOMAP_DELALLOC,
                Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED, 0, 64));
        p.punch(cache, 20, 2, new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_SHARED, 0, 64));
        assertEquals("[4,12)[12,16)[20,22)", bmap.callsText());
        assertEquals(List.of(XfsBmapPunch.XFS_DATA_FORK, XfsBmapPunch.XFS_COW_FORK,
                XfsBmapPunch.XFS_COW_FORK), bmap.forks);
    }

    @Test
    void newestCallbackRejectsAnErrorFromTheExtentModel() {
        XfsNewestDelallocPunch p = new XfsNewestDelallocPunch(bmap);
        bmap.failCall = 0;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.punch(cache, 0, 2, Runs.NEW_DELALLOC));
        assertEquals("xfs_bmap_punch_delalloc_range is void since v6.12; the extent model"
                + " returned -5", e.getMessage());
    }

    @Test
    void kernelForkNumbers() {
        assertEquals(0, XfsBmapPunch.XFS_DATA_FORK);
        assertEquals(2, XfsBmapPunch.XFS_COW_FORK);
    }
}
