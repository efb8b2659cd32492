package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import java.util.ArrayList;
import java.util.List;

/**
 * A block-granular XFS extent map for the conformance vectors: per fork, one type per block
 * ({@code H} hole, {@code D} delalloc, {@code W} written, {@code U} unwritten), and
 * {@code xfs_bmap_punch_delalloc_range()} with XFS's rounding (start down, end up, to blocks) and its
 * rule of deleting only delalloc. It records every call like {@link Recorder}.
 */
final class ReferenceExtents implements XfsBmapPunch {

    /** One recorded call: the half-open byte range asked for, and the fork. */
    record Call(long offsetByte, long lengthByte, int fork, boolean invalidateLockHeld,
            int foliosLocked) {
    }

    private final FakeCache cache;
    private final char[] data;
    private final char[] cow;
    final List<Call> calls = new ArrayList<>();

    ReferenceExtents(FakeCache cache, String data, String cow) {
        if (data.length() != cow.length()) {
            throw new IllegalArgumentException("forks of different lengths");
        }
        this.cache = cache;
        this.data = data.toCharArray();
        this.cow = cow.toCharArray();
    }

    /** {@code xfs_bmap_punch_delalloc_range()}: XFS_B_TO_FSBT(start) .. XFS_B_TO_FSB(end). */
    @Override
    public int punchDelallocRange(Inode inode, int whichFork, long startByte, long endByte) {
        calls.add(new Call(startByte, endByte - startByte, whichFork, cache.invalidateLockHeld,
                cache.foliosLocked));
        char[] fork = whichFork == XFS_COW_FORK ? cow : data;
        long startFsb = startByte >> cache.blkbits;
        long endFsb = (endByte + (1L << cache.blkbits) - 1) >> cache.blkbits;
        for (long b = startFsb; b < endFsb && b < fork.length; b++) {
            if (fork[(int) b] == 'D') {
                fork[(int) b] = 'H';
            }
        }
        return 0;
    }

    String data() {
        return new String(data);
    }

    String cow() {
        return new String(cow);
    }

    /** The calls as contract calls, for {@link PunchContract}. */
    List<PunchContract.PunchCall> punchCalls() {
        List<PunchContract.PunchCall> out = new ArrayList<>();
        for (Call c : calls) {
            out.add(new PunchContract.PunchCall(c.offsetByte(), c.lengthByte(),
                    c.invalidateLockHeld(), c.foliosLocked()));
        }
        return out;
    }
}
