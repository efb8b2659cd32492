package dev.punchspec.punch;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Folio;
import dev.punchspec.api.mapping.Inode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A small, sequential page cache for the algorithm's tests: folios of any order with per-block
 * uptodate and dirty state, value (shadow) entries, {@code i_size}, and the lock state the punch
 * contract talks about. It is also the {@link Inode}.
 *
 * <p>{@link #seekHoleData} transcribes {@code mapping_seek_hole_data()} and
 * {@code folio_seek_hole_data()} (mm/filemap.c, KERNEL-NOTES §2) with XFS's
 * {@code iomap_is_partially_uptodate()}; {@link SeekReferenceTest} checks it against a byte-wise
 * definition. Lock misuse that would sleep forever in the kernel (taking a lock already held)
 * throws, since a sequential test has nobody to release it.
 */
final class FakeCache implements AddressSpace, Inode {

    /** A folio of the fake cache. */
    static final class FakeFolio implements Folio {
        private final FakeCache cache;
        final long index;
        final int order;
        /** Whether the folio has per-block state (an {@code iomap_folio_state}). */
        final boolean ifs;
        /** Per-block uptodate bits; without ifs all equal (the folio's uptodate flag). */
        final boolean[] uptodate;
        boolean dirty;
        /** Per-block dirty bits; meaningful only with ifs. */
        final boolean[] blockDirty;
        boolean locked;

        FakeFolio(FakeCache cache, long index, int order, boolean ifs, boolean[] uptodate,
                boolean dirty, boolean[] blockDirty) {
            this.cache = cache;
            this.index = index;
            this.order = order;
            this.ifs = ifs;
            this.uptodate = uptodate.clone();
            this.dirty = dirty;
            this.blockDirty = blockDirty.clone();
        }

        @Override
        public long index() {
            return index;
        }

        @Override
        public long nextIndex() {
            return index + (1L << order);
        }

        @Override
        public long pos() {
            return index << cache.pageShift;
        }

        @Override
        public long size() {
            return 1L << (cache.pageShift + order);
        }

        @Override
        public boolean testDirty() {
            return dirty;
        }

        @Override
        public boolean hasBlockState() {
            return ifs;
        }

        @Override
        public boolean testBlockDirty(int block) {
            if (!ifs || block < 0 || block >= blockDirty.length) {
                throw new IllegalArgumentException("testBlockDirty(" + block + ") on folio "
                        + describe() + " with " + blockDirty.length + " blocks, ifs " + ifs);
            }
            return blockDirty[block];
        }

        @Override
        public void unlock() {
            if (!locked) {
                throw new IllegalStateException("folio_unlock of an unlocked folio " + describe());
            }
            locked = false;
            cache.foliosLocked--;
            cache.event("folio_unlock " + index);
        }

        /** folio_test_uptodate(): with ifs, whether every block is uptodate. */
        boolean folioUptodate() {
            for (boolean u : uptodate) {
                if (!u) {
                    return false;
                }
            }
            return true;
        }

        int blocks() {
            return uptodate.length;
        }

        /** A compact description for failure messages. */
        String describe() {
            StringBuilder sb = new StringBuilder("F").append(index).append("/o").append(order)
                    .append(dirty ? " dirty" : " clean").append(" u=");
            for (boolean u : uptodate) {
                sb.append(u ? '1' : '0');
            }
            if (ifs) {
                sb.append(" ifs d=");
                for (boolean d : blockDirty) {
                    sb.append(d ? '1' : '0');
                }
            }
            return sb.toString();
        }
    }

    final int pageShift;
    final int blkbits;
    long iSize;
    /** Folios by first page index. */
    final TreeMap<Long, FakeFolio> folios = new TreeMap<>();
    /** Value entries: first page index to order. */
    final TreeMap<Long, Integer> values = new TreeMap<>();
    boolean invalidateLockHeld;
    int foliosLocked;
    /** Lock and cache events in order, for tests of the lock discipline; off unless enabled. */
    final List<String> events = new ArrayList<>();
    boolean recordEvents;
    /** Ranges passed to truncatePagecacheRange. */
    final List<long[]> truncated = new ArrayList<>();
    /** Called after every seek, with the number of seeks so far: lets a test race the walk. */
    @Nullable SeekHook afterSeek;
    int seeks;

    /** A hook run after a seek. */
    interface SeekHook {
        void afterSeek(int seekCount, int whence, long result);
    }

    /** Replaces the result of a seek when it returns non-null: a scripted misbehaving cache. */
    interface SeekScript {
        @Nullable Long result(int seekNumber, int whence, long start, long end);
    }

    @Nullable SeekScript seekScript;
    /** Folio lookups allowed before lockFolio throws: bounds a scan that does not terminate. */
    int maxLookups = Integer.MAX_VALUE;
    int lookups;

    /** Records an event when recording is enabled. */
    void event(String e) {
        if (recordEvents) {
            events.add(e);
        }
    }

    FakeCache(int pageShift, int blkbits) {
        if (blkbits > pageShift) {
            throw new IllegalArgumentException("the fake models block size <= page size");
        }
        this.pageShift = pageShift;
        this.blkbits = blkbits;
    }

    /** Adds a folio without per-block state, all blocks uptodate or not. */
    FakeFolio addFolio(long index, int order, boolean uptodate, boolean dirty) {
        int blocks = 1 << (pageShift + order - blkbits);
        boolean[] u = new boolean[blocks];
        java.util.Arrays.fill(u, uptodate);
        return addFolio(index, order, false, u, dirty, new boolean[blocks]);
    }

    /** Adds a folio; checks natural alignment and overlap. */
    FakeFolio addFolio(long index, int order, boolean ifs, boolean[] uptodate, boolean dirty,
            boolean[] blockDirty) {
        int blocks = 1 << (pageShift + order - blkbits);
        if (index % (1L << order) != 0) {
            throw new IllegalArgumentException("folio index " + index + " not aligned to order "
                    + order);
        }
        if (uptodate.length != blocks || blockDirty.length != blocks) {
            throw new IllegalArgumentException("folio of " + blocks + " blocks");
        }
        if (ifs && blocks < 2) {
            throw new IllegalArgumentException("ifs needs more than one block per folio");
        }
        if (!ifs) {
            for (boolean u : uptodate) {
                if (u != uptodate[0]) {
                    throw new IllegalArgumentException("without ifs the folio is uptodate or not");
                }
            }
        }
        for (long i = index; i < index + (1L << order); i++) {
            if (entryAt(i) != null) {
                throw new IllegalArgumentException("page " + i + " already cached");
            }
        }
        FakeFolio f = new FakeFolio(this, index, order, ifs, uptodate, dirty, blockDirty);
        folios.put(index, f);
        return f;
    }

    /** Adds a value (shadow) entry of the given order. */
    void addValue(long index, int order) {
        for (long i = index; i < index + (1L << order); i++) {
            if (entryAt(i) != null) {
                throw new IllegalArgumentException("page " + i + " already cached");
            }
        }
        values.put(index, order);
    }

    /** The folio covering page {@code index}, or null. */
    @Nullable FakeFolio folioAt(long index) {
        Map.Entry<Long, FakeFolio> e = folios.floorEntry(index);
        if (e != null && index < e.getValue().nextIndex()) {
            return e.getValue();
        }
        return null;
    }

    private boolean valueAt(long index) {
        Map.Entry<Long, Integer> e = values.floorEntry(index);
        return e != null && index < e.getKey() + (1L << e.getValue());
    }

    /** Folio or value entry at page {@code index}, as a description, or null. */
    @Nullable String entryAt(long index) {
        FakeFolio f = folioAt(index);
        if (f != null) {
            return f.describe();
        }
        return valueAt(index) ? "V" : null;
    }

    // ---- Inode

    @Override
    public long iSizeRead() {
        event("i_size_read");
        return iSize;
    }

    @Override
    public int blkbits() {
        return blkbits;
    }

    @Override
    public AddressSpace mapping() {
        return this;
    }

    // ---- AddressSpace

    @Override
    public int pageShift() {
        return pageShift;
    }

    /** {@code mapping_seek_hole_data()}, transcribed from mm/filemap.c. */
    @Override
    public long seekHoleData(long start, long end, int whence) {
        long result = seek(start, end, whence);
        seeks++;
        SeekScript script = seekScript;
        if (script != null) {
            Long scripted = script.result(seeks, whence, start, end);
            if (scripted != null) {
                result = scripted;
            }
        }
        event((whence == SEEK_DATA ? "SEEK_DATA(" : "SEEK_HOLE(") + start + ", " + end
                + ") = " + result);
        SeekHook hook = afterSeek;
        if (hook != null) {
            hook.afterSeek(seeks, whence, result);
        }
        return result;
    }

    private long seek(long start, long end, int whence) {
        boolean seekData = whence == SEEK_DATA;
        if (end <= start) {
            return -ENXIO;
        }
        long max = (end - 1) >> pageShift;
        long cursor = start >> pageShift;
        boolean found = false;
        while (cursor <= max) {
            // find_get_entry(&xas, max, XA_PRESENT): the next present entry at or after cursor
            long entryIndex = -1;
            long entrySize = 0;
            FakeFolio folio = folioAt(cursor);
            if (folio == null) {
                Map.Entry<Long, FakeFolio> next = folios.ceilingEntry(cursor);
                folio = next == null ? null : next.getValue();
            }
            Map.Entry<Long, Integer> value = values.floorEntry(cursor);
            if (value == null || cursor >= value.getKey() + (1L << value.getValue())) {
                value = values.ceilingEntry(cursor);
            }
            long folioFirst = folio == null ? Long.MAX_VALUE : Math.max(folio.index, cursor);
            long valueFirst = value == null ? Long.MAX_VALUE : Math.max(value.getKey(), cursor);
            if (Math.min(folioFirst, valueFirst) > max) {
                break;
            }
            if (folio != null && folioFirst < valueFirst) {
                entryIndex = folioFirst;
                entrySize = folio.size();
            } else if (value != null) {
                entryIndex = valueFirst;
                entrySize = (1L << pageShift) << value.getValue();
                folio = null;
            } else {
                break;
            }
            long pos = entryIndex << pageShift;
            if (start < pos) {
                if (!seekData) {
                    found = true;
                    break;
                }
                start = pos;
            }
            // round_up((u64)pos + 1, seek_size)
            long entryEnd = ((pos + 1 + entrySize - 1) / entrySize) * entrySize;
            start = folioSeekHoleData(folio, start, entryEnd, seekData);
            if (start < entryEnd) {
                found = true;
                break;
            }
            if (start >= end) {
                break;
            }
            cursor = entryEnd >> pageShift;
        }
        if (!found && seekData) {
            start = -ENXIO;
        }
        if (start > end) {
            return end;
        }
        return start;
    }

    /** {@code folio_seek_hole_data()} with XFS's {@code iomap_is_partially_uptodate()}. */
    private long folioSeekHoleData(@Nullable FakeFolio folio, long start, long end,
            boolean seekData) {
        if (folio == null || folio.folioUptodate()) {
            return seekData ? start : end;
        }
        long bsz = 1L << blkbits;
        long offset = (start - folio.pos()) & ~(bsz - 1);
        do {
            if (isPartiallyUptodate(folio, offset, bsz) == seekData) {
                break;
            }
            start = (start + bsz) & ~(bsz - 1);
            offset += bsz;
        } while (offset < folio.size());
        return start;
    }

    /** {@code iomap_is_partially_uptodate()}: false without ifs, else all blocks uptodate. */
    private boolean isPartiallyUptodate(FakeFolio folio, long from, long count) {
        if (!folio.ifs) {
            return false;
        }
        count = Math.min(folio.size() - from, count);
        int first = (int) (from >> blkbits);
        int last = (int) ((from + count - 1) >> blkbits);
        for (int i = first; i <= last; i++) {
            if (!folio.uptodate[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public @Nullable Folio lockFolio(long index) {
        if (++lookups > maxLookups) {
            throw new IllegalStateException("more than " + maxLookups + " folio lookups");
        }
        FakeFolio f = folioAt(index);
        event("filemap_lock_folio " + index + (f == null ? " = ENOENT" : " = " + f.index));
        if (f == null) {
            return null;
        }
        if (f.locked) {
            throw new IllegalStateException("folio " + f.index + " locked twice: sleeps forever");
        }
        f.locked = true;
        foliosLocked++;
        return f;
    }

    @Override
    public void truncatePagecacheRange(long startByte, long endByte) {
        if (!(0 <= startByte && startByte < endByte)) {
            throw new IllegalArgumentException("truncate range [" + startByte + ", " + endByte
                    + ")");
        }
        truncated.add(new long[] {startByte, endByte});
        event("truncate_pagecache_range " + startByte + " " + endByte);
    }

    @Override
    public void invalidateLock() {
        if (invalidateLockHeld) {
            throw new IllegalStateException("invalidate_lock taken twice: sleeps forever");
        }
        invalidateLockHeld = true;
        event("invalidate_lock");
    }

    @Override
    public void invalidateUnlock() {
        if (!invalidateLockHeld) {
            throw new IllegalStateException("invalidate_unlock without the lock");
        }
        invalidateLockHeld = false;
        event("invalidate_unlock");
    }

    @Override
    public boolean invalidateLockHeldWrite() {
        return invalidateLockHeld;
    }

    @Override
    public boolean dataAt(long pos) {
        long index = pos >> pageShift;
        FakeFolio f = folioAt(index);
        if (f != null) {
            return f.folioUptodate() || f.uptodate[(int) ((pos - f.pos()) >> blkbits)];
        }
        return valueAt(index);
    }

    @Override
    public boolean folioDirtyAt(long pos) {
        FakeFolio f = folioAt(pos >> pageShift);
        return f != null && f.dirty;
    }

    @Override
    public boolean blockDirtyAt(long pos) {
        FakeFolio f = folioAt(pos >> pageShift);
        if (f == null || !f.dirty) {
            return false;
        }
        return !f.ifs || f.blockDirty[(int) ((pos - f.pos()) >> blkbits)];
    }

    /** A compact description for failure messages. */
    String describe() {
        StringBuilder sb = new StringBuilder("cache{page=").append(1L << pageShift)
                .append(" block=").append(1L << blkbits).append(" i_size=").append(iSize);
        for (FakeFolio f : folios.values()) {
            sb.append(' ').append(f.describe());
        }
        for (Map.Entry<Long, Integer> v : values.entrySet()) {
            sb.append(" V").append(v.getKey()).append("/o").append(v.getValue());
        }
        return sb.append('}').toString();
    }
}
