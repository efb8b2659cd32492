package dev.punchspec.cache;

/**
 * The block walk of {@code folio_seek_hole_data()} (mm/filemap.c, with the 64-bit block mask of
 * f505e6c91e7a, v6.14 and stable): where, inside one folio that is not uptodate, the first byte at
 * or after a start lies whose block's uptodate state is the one sought.
 *
 * <p>Written in the Java subset KeY reads, proved by KeY in the build, and the code the cache runs
 * ({@link PageCache#seekHoleData}). It works on arrays and longs only:
 * <ul>
 *   <li>{@code blockUptodate[k]}: what {@code ops->is_partially_uptodate(folio, k * bsz, bsz)}
 *       answers for block {@code k}; for iomap ({@code iomap_is_partially_uptodate()}) the block's
 *       ifs uptodate bit, or false for every block when the folio has no ifs;
 *   <li>{@code blockOffsetByte[k]}: the offset of block {@code k} in the folio,
 *       {@code k * bsz}, for {@code k} in {@code [0, nrBlocks]} (the last entry is the folio size).
 * </ul>
 *
 * <p>Why a table of block offsets instead of the kernel's mask arithmetic
 * ({@code offset_in_folio(folio, start) & ~(bsz - 1)} for the first block,
 * {@code (start + bsz) & ~((u64)bsz - 1)} for each next one): KeY's automatic arithmetic is linear
 * and handles neither bit masks nor the monotonicity of {@code k * bsz} (measured: a version of
 * this walk stated with {@code k * bsz} stays open). The table holds exactly the kernel's block
 * boundaries ({@link PageCache} builds it once per folio order and a test compares it with the
 * mask formula for every block), so the positions returned are the kernel's. The first loop finds
 * the block holding the start by walking the table instead of masking; that costs O(blocks per
 * folio), which the kernel's second loop costs too in the worst case.
 *
 * <p>Contracts: {@link #blockContaining} and {@link #firstMatchingBlock} carry the functional
 * specification of the two steps (which block holds the start; the first block at or after it
 * whose state matches). {@link #seekInFolio} composes them the way the kernel's do-while does: the
 * start itself if its own block matches (returned unaligned), else the first matching block's
 * boundary, else the folio end.
 */
public final class FolioBlockWalk {

    private FolioBlockWalk() {
    }

    /**
     * The block of a folio holding {@code offsetByte}: the kernel's
     * {@code offset_in_folio(folio, start) & ~(bsz - 1)}, as a block number.
     *
     * @param offsetByte an offset inside the folio
     * @param blockOffsetByte the block boundaries of the folio, {@code 0} first, the folio size last
     * @return {@code k} with {@code blockOffsetByte[k] <= offsetByte < blockOffsetByte[k + 1]}
     */
    /*@ public normal_behavior
      @   requires blockOffsetByte.length >= 2 && blockOffsetByte[0] == 0;
      @   requires 0 <= offsetByte && offsetByte < blockOffsetByte[blockOffsetByte.length - 1];
      @   ensures 0 <= \result && \result < blockOffsetByte.length - 1;
      @   ensures blockOffsetByte[\result] <= offsetByte && offsetByte < blockOffsetByte[\result + 1];
      @   assignable \nothing;
      @*/
    public static int blockContaining(long offsetByte, long[] blockOffsetByte) {
        int block = 0;
        /*@ loop_invariant 0 <= block && block < blockOffsetByte.length - 1
          @   && blockOffsetByte[block] <= offsetByte;
          @ decreases blockOffsetByte.length - block;
          @ assignable \nothing;
          @*/
        while (blockOffsetByte[block + 1] <= offsetByte) {
            block++;
        }
        return block;
    }

    /**
     * The kernel's do-while over blocks: the first block from {@code fromBlock} on whose
     * {@code is_partially_uptodate()} answer equals {@code seekData}, or the number of blocks when
     * none does.
     *
     * @param blockUptodate per block, whether it is uptodate
     * @param fromBlock the block holding the start
     * @param seekData true for {@code SEEK_DATA} (look for an uptodate block), false for
     *     {@code SEEK_HOLE}
     * @return the first matching block in {@code [fromBlock, nrBlocks)}, or {@code nrBlocks}
     */
    /*@ public normal_behavior
      @   requires 0 <= fromBlock && fromBlock < blockUptodate.length;
      @   ensures fromBlock <= \result && \result <= blockUptodate.length;
      @   ensures (\forall int k; fromBlock <= k && k < \result; blockUptodate[k] != seekData);
      @   ensures \result < blockUptodate.length ==> blockUptodate[\result] == seekData;
      @   assignable \nothing;
      @*/
    public static int firstMatchingBlock(boolean[] blockUptodate, int fromBlock, boolean seekData) {
        int block = fromBlock;
        /*@ loop_invariant fromBlock <= block && block <= blockUptodate.length
          @   && (\forall int k; fromBlock <= k && k < block; blockUptodate[k] != seekData);
          @ decreases blockUptodate.length - block;
          @ assignable \nothing;
          @*/
        while (block < blockUptodate.length && blockUptodate[block] != seekData) {
            block++;
        }
        return block;
    }

    /**
     * The block walk of {@code folio_seek_hole_data()} after the folio is locked and found still
     * in the mapping.
     *
     * @param startByte the file offset to start from, inside the folio
     * @param folioPosByte {@code folio_pos(folio)}
     * @param blockOffsetByte the block boundaries of the folio (see the class comment)
     * @param blockUptodate per block, whether it is uptodate
     * @param seekData true for {@code SEEK_DATA}, false for {@code SEEK_HOLE}
     * @return {@code startByte} if its block matches; else the file offset of the first matching
     *     block after it; else the folio end ({@code folio_pos + folio_size})
     */
    /*@ public normal_behavior
      @   requires blockUptodate.length >= 1 && blockOffsetByte.length == blockUptodate.length + 1;
      @   requires blockOffsetByte[0] == 0;
      @   requires (\forall int i, j; 0 <= i && i <= j && j <= blockUptodate.length;
      @                blockOffsetByte[i] <= blockOffsetByte[j]);
      @   requires 0 <= folioPosByte
      @       && (\bigint) folioPosByte + blockOffsetByte[blockUptodate.length] <= 4611686018427387904L;
      @   requires folioPosByte <= startByte
      @       && startByte < (\bigint) folioPosByte + blockOffsetByte[blockUptodate.length];
      @   ensures startByte <= \result
      @       && \result <= (\bigint) folioPosByte + blockOffsetByte[blockUptodate.length];
      @   assignable \nothing;
      @*/
    public static long seekInFolio(long startByte, long folioPosByte, long[] blockOffsetByte,
            boolean[] blockUptodate, boolean seekData) {
        int startBlock = blockContaining(startByte - folioPosByte, blockOffsetByte);
        int matchBlock = firstMatchingBlock(blockUptodate, startBlock, seekData);
        if (matchBlock == startBlock) {
            // The block holding the start already matches: the kernel returns start unaligned.
            return startByte;
        }
        // Hints for KeY (instances of the sortedness precondition); they cost nothing at run time.
        //@ assert startBlock + 1 <= matchBlock && matchBlock <= blockUptodate.length;
        //@ assert blockOffsetByte[startBlock + 1] <= blockOffsetByte[matchBlock];
        //@ assert blockOffsetByte[matchBlock] <= blockOffsetByte[blockUptodate.length];
        return folioPosByte + blockOffsetByte[matchBlock];
    }
}
