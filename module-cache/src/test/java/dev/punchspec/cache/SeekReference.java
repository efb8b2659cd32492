package dev.punchspec.cache;

import dev.punchspec.api.mapping.AddressSpace;

/**
 * The brute-force reference of {@code mapping_seek_hole_data()}'s semantics (KERNEL-NOTES §2),
 * byte by byte over {@link PageCache#dataAt}: independent of the walk's code.
 *
 * <ul>
 *   <li>{@code end <= start}: {@code -ENXIO};
 *   <li>the walk may look past {@code end}, but only inside the entry covering the page of byte
 *       {@code end - 1}; call the end of that entry (or {@code end} without one) {@code E};
 *   <li>{@code SEEK_DATA}: the first data byte in {@code [start, E)}, clamped to {@code end}, or
 *       {@code -ENXIO};
 *   <li>{@code SEEK_HOLE}: the first non-data byte in {@code [start, E)}, clamped to {@code end},
 *       or {@code end} (the implicit hole).
 * </ul>
 */
final class SeekReference {

    private SeekReference() {
    }

    static long seek(PageCache cache, long startByte, long endByte, int whence) {
        if (endByte <= startByte) {
            return -AddressSpace.ENXIO;
        }
        CacheEntry last = cache.entryAt((endByte - 1) >> cache.pageShift());
        long limit = last == null ? endByte : Math.max(endByte, last.nextIndex() << cache.pageShift());
        boolean seekData = whence == AddressSpace.SEEK_DATA;
        for (long p = startByte; p < limit; p++) {
            if (cache.dataAt(p) == seekData) {
                return Math.min(p, endByte);
            }
        }
        return seekData ? -AddressSpace.ENXIO : endByte;
    }
}
