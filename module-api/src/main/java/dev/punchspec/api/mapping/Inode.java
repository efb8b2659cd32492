package dev.punchspec.api.mapping;

/**
 * The parts of {@code struct inode} the punch path reads, seen from one model thread.
 *
 * <p>Mirrors {@code i_size_read()}, {@code inode->i_blkbits} / {@code i_blocksize()} and
 * {@code inode->i_mapping} (all generations).
 */
public interface Inode {

    /**
     * {@code i_size_read(inode)}: the file size in bytes. Read without a lock in the kernel; a
     * model implementation makes the read a scheduling point where the size can change
     * concurrently (truncate, an extending write).
     */
    //@ ensures \result >= 0;
    long iSizeRead();

    /**
     * {@code inode->i_blkbits}: log2 of the filesystem block size ({@code i_blocksize(inode) ==
     * 1 << i_blkbits}).
     */
    //@ ensures 0 <= \result && \result < 31;
    /*@ pure @*/ int blkbits();

    /** {@code inode->i_mapping}: the page cache of this file. */
    /*@ pure @*/ AddressSpace mapping();
}
