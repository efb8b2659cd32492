package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The page cache ({@code struct address_space}) as {@code iomap_write_delalloc_scan()} uses it in
 * the generations with per-block dirty state (v6.6 and newest): the folio lookup with locking and
 * the page step over a missing folio, as {@link ScanMapping}, plus the block size, which the
 * per-block punching needs. The scan only reads the mapping, so neither method assigns anything a
 * proof sees.
 *
 * <p>Why an interface of its own rather than {@link ScanMapping}: the folio it returns must expose
 * its blocks ({@link IfsScanFolio}), and KeY's Java subset has neither generics nor covariant
 * casts a proof could follow.
 *
 * <p>Block boundaries are stated as {@code blockSizeByte * n} with a ghost block number {@code n}
 * that the caller or the callee names, never with {@code %} or a quantifier over {@code n}:
 * KeY expands {@code %} into division terms its linear arithmetic cannot use, and it did not find
 * the instance of {@code \forall n; x == blockSizeByte * n ==> ...} that a proof needed (both
 * measured on the per-block punch: open goals). With the block numbers named, every fact is
 * linear. Two ghost fields carry the caller's witnesses: {@code scanStartBlock}, the block number
 * of the byte the scan starts at, and {@code ceilingBlock}, that of the punch callback's ceiling.
 * Every step of the scan lands on a block boundary (folio ends, and page ends since a block is
 * never larger than a page in this model: {@code Geometry}), and the methods name its number.
 */
public interface IfsScanMapping {

    /** {@code i_blocksize(inode)}, in bytes: a power of two, at most {@code PAGE_SIZE}. */
    //@ public instance ghost long blockSizeByte;
    /** Witness: the scan's first byte is {@code blockSizeByte * scanStartBlock}. */
    //@ public instance ghost \bigint scanStartBlock;
    /** Witness: the punch callback's ceiling is {@code blockSizeByte * ceilingBlock}. */
    //@ public instance ghost \bigint ceilingBlock;
    /** The block number of the last {@link #nextPageStartByte} result. */
    //@ public instance ghost \bigint stepBlock;

    /**
     * {@code filemap_lock_folio(mapping, start_byte >> PAGE_SHIFT)}: the folio caching the page
     * that holds {@code startByte}, locked, or {@code null} where there is none. A folio returned
     * holds {@code startByte}, has this mapping's block size, and ends on a block boundary.
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   ensures \result != null ==> \fresh(\result)
      @       && 0 <= \result.posByte && \result.posByte <= startByte
      @       && startByte < \result.nextPosByte
      @       && \result.blockSizeByte == blockSizeByte
      @       && \result.posByte == blockSizeByte * \result.posBlock
      @       && \result.nextPosByte == blockSizeByte * \result.nextBlock;
      @   assignable \nothing;
      @*/
    /*@ helper @*/
    @Acquires(LockRank.FOLIO_LOCK)
    @Nullable IfsScanFolio lockFolio(long startByte);

    /**
     * {@code ALIGN_DOWN(start_byte, PAGE_SIZE) + PAGE_SIZE}: the first byte of the page after the
     * one holding {@code startByte}, a block boundary: block {@code stepBlock}.
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte;
      @   ensures startByte < \result && \result == blockSizeByte * stepBlock;
      @   assignable stepBlock;
      @*/
    /*@ helper @*/ long nextPageStartByte(long startByte);
}
