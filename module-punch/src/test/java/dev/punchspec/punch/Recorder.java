package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.api.mapping.KernelWarn;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording punch callback (both shapes, and XFS's extent operation) and a recording
 * {@code WARN_ON_ONCE}: every call is kept with the lock state of the fake cache at the time, and a
 * test can make the n-th punch fail.
 */
final class Recorder implements IomapPunch, IomapPunchIomap, XfsBmapPunch, KernelWarn {

    private final FakeCache cache;
    final List<PunchContract.PunchCall> calls = new ArrayList<>();
    final List<Iomap> iomaps = new ArrayList<>();
    final List<Integer> forks = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    /** The 0-based call that returns {@link #error}, or -1. */
    int failCall = -1;
    int error = -5;

    Recorder(FakeCache cache) {
        this.cache = cache;
    }

    private int record(long offsetByte, long lengthByte) {
        calls.add(new PunchContract.PunchCall(offsetByte, lengthByte, cache.invalidateLockHeld,
                cache.foliosLocked));
        cache.event("punch " + offsetByte + " " + lengthByte);
        return calls.size() - 1 == failCall ? error : 0;
    }

    @Override
    public int punch(Inode inode, long offsetByte, long lengthByte) {
        return record(offsetByte, lengthByte);
    }

    @Override
    public void punch(Inode inode, long offsetByte, long lengthByte, Iomap iomap) {
        iomaps.add(iomap);
        if (record(offsetByte, lengthByte) != 0) {
            throw new AssertionError("a void punch cannot fail");
        }
    }

    @Override
    public int punchDelallocRange(Inode inode, int whichFork, long startByte, long endByte) {
        forks.add(whichFork);
        return record(startByte, endByte - startByte);
    }

    @Override
    public boolean warnOnOnce(boolean condition, String site) {
        if (condition) {
            warnings.add(site);
        }
        return condition;
    }

    /** The calls as {@code [offset, end)} pairs, for compact assertions. */
    String callsText() {
        StringBuilder sb = new StringBuilder();
        for (PunchContract.PunchCall c : calls) {
            sb.append('[').append(c.offsetByte()).append(',').append(c.endByte()).append(')');
        }
        return sb.toString();
    }
}
