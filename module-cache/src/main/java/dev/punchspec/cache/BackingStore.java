package dev.punchspec.cache;

/**
 * Where a read fills a folio from: the bytes the filesystem would read for a byte range of the
 * file (from written extents) or zeros (holes, unwritten and delalloc extents, beyond EOF), as
 * {@code iomap_read_folio_iter()} and {@code __iomap_write_begin()} decide per block. The extent
 * model implements it; {@link #ZEROS} reads zeros everywhere.
 */
@FunctionalInterface
public interface BackingStore {

    /** A store that reads zeros everywhere (a sparse file with nothing written). */
    BackingStore ZEROS = (posByte, dst, dstOffset, lengthByte) -> java.util.Arrays.fill(dst, dstOffset,
            dstOffset + lengthByte, (byte) 0);

    /**
     * Reads {@code [posByte, posByte + lengthByte)} of the file into
     * {@code dst[dstOffset, dstOffset + lengthByte)}.
     *
     * @param posByte file offset, {@code >= 0}
     * @param dst destination
     * @param dstOffset where in {@code dst} to put the first byte
     * @param lengthByte how many bytes, {@code >= 0}
     */
    void read(long posByte, byte[] dst, int dstOffset, int lengthByte);
}
