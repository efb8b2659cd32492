package dev.punchspec.punch.scan;

/**
 * A locked folio as {@code iomap_write_delalloc_punch()} and
 * {@code iomap_write_delalloc_ifs_punch()} use it in the generations with per-block dirty state
 * (v6.6 and newest): everything of {@link ScanFolio}, plus the folio's blocks
 * ({@code struct iomap_folio_state}, "ifs": one dirty bit per block) and the three spellings of
 * the folio's end that the kernel versions use.
 *
 * <h2>Specification state</h2>
 *
 * <p>Ghost fields, valid while the folio is locked: {@code posByte} ({@code folio_pos()}),
 * {@code blockSizeByte} ({@code i_blocksize()}) and {@code blockCount} (blocks in the folio), with
 * {@link ScanFolio}'s {@code nextPosByte} as the folio's end. Block {@code i} is the byte range
 * {@code [posByte + i * blockSizeByte, posByte + (i + 1) * blockSizeByte)}.
 *
 * <p>KeY's automatic arithmetic is linear: it does not derive {@code i * b <= j * b} from
 * {@code i <= j}, nor {@code i == j} from {@code i * b <= j * b < i * b + b}. The block facts that
 * need it are therefore stated where the kernel computes a block number or a block position
 * ({@link #blockIndex}, {@link #blockPosByte}, {@link #nextCleanBlock}), relative to the two
 * blocks the caller names in {@code walkStartBlk} and {@code walkCeilingBlk}. They hold of any
 * folio whose blocks are consecutive and of one size, which {@code Folio} and {@code Geometry}
 * guarantee; the shifts that compute them stay in the implementation (as in {@link ScanFolio}).
 */
public interface IfsScanFolio extends ScanFolio {

    //@ public instance ghost long posByte;
    //@ public instance ghost long blockSizeByte;
    //@ public instance ghost int blockCount;
    /** The folio's position and end in blocks of the file: witnesses of their alignment. */
    //@ public instance ghost \bigint posBlock;
    //@ public instance ghost \bigint nextBlock;
    /**
     * Set by the caller before the block walk, in blocks of this folio: where the walk starts
     * ({@code startByte == posByte + blockSizeByte * walkStartBlk}) and the punch ceiling.
     */
    //@ public instance ghost \bigint walkStartBlk;
    //@ public instance ghost \bigint walkCeilingBlk;

    /**
     * {@code folio_pos(folio) + folio_size(folio)}, the v6.6 bound of {@code *punch_start_byte}
     * (eee2d2e6ea55): the byte just past the folio.
     */
    /*@ public normal_behavior
      @   ensures \result == nextPosByte;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long posPlusSizeByte();

    /** {@code folio_next_pos(folio)}, the newest spelling: the byte just past the folio. */
    /*@ public normal_behavior
      @   ensures \result == nextPosByte;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long nextPos();

    /** {@code ifs = folio->private} is not {@code NULL}: the folio has per-block state. */
    /*@ public normal_behavior
      @   assignable \nothing;
      @*/
    /*@ helper @*/ boolean hasBlockState();

    /**
     * {@code offset_in_folio(folio, byte) >> inode->i_blkbits}: the number of the block holding
     * {@code byteInFile}, which lies in the folio.
     */
    /*@ public normal_behavior
      @   requires posByte <= byteInFile && byteInFile < nextPosByte;
      @   ensures 0 <= \result && \result < blockCount && \result < Integer.MAX_VALUE;
      @   ensures (\bigint) posByte + (\bigint) \result * blockSizeByte <= byteInFile;
      @   ensures byteInFile
      @       < (\bigint) posByte + (\bigint) \result * blockSizeByte + blockSizeByte;
      @   ensures (\bigint) posByte + (\bigint) \result * blockSizeByte + blockSizeByte
      @       <= nextPosByte;
      @   ensures byteInFile == posByte + blockSizeByte * walkStartBlk ==> \result == walkStartBlk;
      @   ensures posByte + blockSizeByte * walkStartBlk <= byteInFile ==> walkStartBlk <= \result;
      @   ensures byteInFile < posByte + blockSizeByte * walkCeilingBlk
      @       ==> \result < walkCeilingBlk;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ int blockIndex(long byteInFile);

    /** {@code folio_pos(folio) + (block << inode->i_blkbits)}: the first byte of the block. */
    /*@ public normal_behavior
      @   requires 0 <= block && block < blockCount;
      @   ensures \result == (\bigint) posByte + (\bigint) block * blockSizeByte;
      @   ensures \result + blockSizeByte <= nextPosByte;
      @   ensures block < walkCeilingBlk
      @       ==> \result + blockSizeByte <= posByte + blockSizeByte * walkCeilingBlk;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long blockPosByte(int block);

    /** {@code 1 << inode->i_blkbits}: the block size in bytes. */
    /*@ public normal_behavior
      @   ensures \result == blockSizeByte;
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long blockSize();

    /** {@code ifs_block_is_dirty(folio, ifs, block)}: the dirty bit of block {@code block}. */
    /*@ public normal_behavior
      @   requires 0 <= block && block < blockCount;
      @   assignable \nothing;
      @*/
    /*@ pure helper @*/ boolean testBlockDirty(int block);

    /**
     * {@code ifs_next_clean_block(folio, start_blk, end_blk)} (newest): the first block of
     * {@code [startBlk, endBlk]} whose dirty bit is clear, or {@code endBlk + 1} if there is none.
     */
    /*@ public normal_behavior
      @   requires 0 <= startBlk && startBlk <= endBlk + 1 && endBlk < blockCount;
      @   ensures startBlk <= \result && \result <= endBlk + 1;
      @   ensures (\bigint) startBlk * blockSizeByte <= (\bigint) \result * blockSizeByte;
      @   ensures \result <= endBlk ==> !testBlockDirty(\result);
      @   ensures (\forall int j; startBlk <= j && j < \result; testBlockDirty(j));
      @   assignable \nothing;
      @*/
    /*@ helper @*/ int nextCleanBlock(int startBlk, int endBlk);
}
