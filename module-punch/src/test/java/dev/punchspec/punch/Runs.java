package dev.punchspec.punch;

import dev.punchspec.api.mapping.Iomap;
import java.util.List;

/** Runs one release of a generation on a fake cache and checks the invariants every run shares. */
final class Runs {

    private Runs() {
    }

    /** A mapping for releases that go through the newest release directly. */
    static final Iomap NEW_DELALLOC = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 1);

    /**
     * Runs generation {@code g}'s release of {@code [startByte, endByte)} on {@code cache} and
     * returns the recorder. {@code truncate} has no release of its own and runs its entry with a
     * write of nothing over exactly that (block aligned) range.
     */
    static Recorder release(Generation g, FakeCache cache, long startByte, long endByte) {
        Recorder r = new Recorder(cache);
        int result;
        switch (g) {
            case TRUNCATE:
                result = new TruncatePunch().fileBufferedWritePunchDelalloc(cache, NEW_DELALLOC,
                        startByte, endByte - startByte, 0, r);
                break;
            case IFS_66:
                result = new Ifs66Punch(r).writeDelallocRelease(cache, startByte, endByte, r);
                break;
            case NEWEST:
                cache.invalidateLock();
                new NewestPunch(r).writeDelallocRelease(cache, startByte, endByte, 0,
                        NEW_DELALLOC, r);
                cache.invalidateUnlock();
                result = 0;
                break;
            default:
                result = g.seedInstance(r).writeDelallocRelease(cache, startByte, endByte, r);
                break;
        }
        if (result != 0 || cache.invalidateLockHeld || cache.foliosLocked != 0) {
            throw new AssertionError(g.kernelName() + " left result " + result + ", invalidate_lock "
                    + cache.invalidateLockHeld + ", " + cache.foliosLocked + " folio locks");
        }
        return r;
    }

    /**
     * Whether the kernel's final punch starts at an unaligned {@code i_size} (see
     * {@link PunchContract}): {@code i_size} inside {@code (start, end)}, not block aligned, and
     * the byte before it cached data of a dirty folio.
     */
    static boolean unalignedEofPunch(Generation g, FakeCache c, long startByte, long endByte) {
        long iSize = c.iSize;
        return g.keep() != PunchContract.Keep.NOTHING && g.scanStopsAtEof()
                && iSize % (1L << c.blkbits) != 0 && startByte < iSize && iSize < endByte
                && c.dataAt(iSize - 1) && c.folioDirtyAt(iSize - 1);
    }

    /** Formats violations for a failure message. */
    static String text(List<PunchContract.Violation> vs) {
        StringBuilder sb = new StringBuilder();
        for (PunchContract.Violation v : vs) {
            sb.append("\n  ").append(v.kind()).append(": ").append(v.message());
        }
        return sb.toString();
    }
}
