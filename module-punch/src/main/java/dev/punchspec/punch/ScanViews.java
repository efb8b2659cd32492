package dev.punchspec.punch;

import dev.punchspec.api.Align;
import dev.punchspec.api.Shifts;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Folio;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.lockorder.qual.RunsAt;
import dev.punchspec.punch.scan.IfsScanFolio;
import dev.punchspec.punch.scan.IfsScanMapping;
import dev.punchspec.punch.scan.ScanPunch;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Adapters from module-api's page cache, folio and punch callback to the interfaces of the loops
 * KeY proves ({@code dev.punchspec.punch.scan}), shared by the generations that need the same
 * view. Each method is the one kernel expression its Javadoc names, computed with module-api's
 * {@link Shifts} and {@link Align}; there is no other logic here. The seed's page-cache views stay
 * in {@link Seed61Punch}, where its historic-bug variants override the index arithmetic.
 */
final class ScanViews {

    private ScanViews() {
    }

    /**
     * The api's int-returning punch callback as the proved loops call it:
     * {@code punch(inode, offset, length)} (v6.1.y seed to v6.11).
     */
    static final class PunchCall implements ScanPunch {

        private final Inode inode;
        private final IomapPunch punch;

        PunchCall(Inode inode, IomapPunch punch) {
            this.inode = inode;
            this.punch = punch;
        }

        /*
         * This is the callback itself, forwarded: PUNCH is entered once, by the scan's call. The
         * lock-order checker sees two @RunsAt(PUNCH) methods, one calling the other, as recursion.
         */
        @Override
        @RunsAt(LockRank.PUNCH)
        @SuppressWarnings("lockorder:recursive.locking")
        public int punch(long offsetByte, long lengthByte) {
            return punch.punch(inode, offsetByte, lengthByte);
        }
    }

    /**
     * The newest, void punch callback as the proved loops call it:
     * {@code punch(inode, offset, length, iomap)} (4bceb9ba05ac, 492f53758fad). It returns 0, the
     * only value the loops could see since punch errors are no longer propagated.
     */
    static final class PunchIomapCall implements ScanPunch {

        private final Inode inode;
        private final Iomap iomap;
        private final IomapPunchIomap punch;

        PunchIomapCall(Inode inode, Iomap iomap, IomapPunchIomap punch) {
            this.inode = inode;
            this.iomap = iomap;
            this.punch = punch;
        }

        /* forwarded, as PunchCall's */
        @Override
        @RunsAt(LockRank.PUNCH)
        @SuppressWarnings("lockorder:recursive.locking")
        public int punch(long offsetByte, long lengthByte) {
            punch.punch(inode, offsetByte, lengthByte, iomap);
            return 0;
        }
    }

    /**
     * The page cache as the per-block scans ({@code Ifs66Scan}, {@code NewestScan}) see it: the
     * folio lookup {@code filemap_lock_folio(mapping, start_byte >> PAGE_SHIFT)} and the
     * missing-folio step {@code ALIGN_DOWN(start_byte, PAGE_SIZE) + PAGE_SIZE} of
     * {@code iomap_write_delalloc_scan()}, v6.6.0 and newest.
     */
    static final class IfsMappingView implements IfsScanMapping {

        private final AddressSpace mapping;
        private final int pageShift;
        private final long pageSizeByte;
        private final int blkbits;

        IfsMappingView(Inode inode) {
            this.mapping = inode.mapping();
            this.pageShift = mapping.pageShift();
            this.pageSizeByte = Shifts.sizeOf(pageShift);
            this.blkbits = inode.blkbits();
        }

        @Override
        @Acquires(LockRank.FOLIO_LOCK)
        public @Nullable IfsScanFolio lockFolio(long startByte) {
            Folio folio = mapping.lockFolio(Shifts.indexOf(startByte, pageShift));
            if (folio == null) {
                return null;
            }
            return new IfsLockedFolio(folio, pageShift, blkbits);
        }

        @Override
        public long nextPageStartByte(long startByte) {
            return Align.alignDown(startByte, pageSizeByte) + pageSizeByte;
        }
    }

    /**
     * A locked api {@link Folio} as the per-block scans see it, v6.6.0 and newest: the folio's
     * dirty flag, its end in the three spellings, its blocks and their dirty bits.
     */
    static final class IfsLockedFolio implements IfsScanFolio {

        private final Folio folio;
        private final int pageShift;
        private final int blkbits;

        IfsLockedFolio(Folio folio, int pageShift, int blkbits) {
            this.folio = folio;
            this.pageShift = pageShift;
            this.blkbits = blkbits;
        }

        /** {@code folio_test_dirty(folio)}. */
        @Override
        public boolean testDirty() {
            return folio.testDirty();
        }

        /** {@code folio_next_index(folio) << PAGE_SHIFT} (v6.6.0's scan advance). */
        @Override
        public long nextIndexPos() {
            return Shifts.posOf(folio.nextIndex(), pageShift);
        }

        /** {@code folio_pos(folio) + folio_size(folio)} (v6.6.0's bounds). */
        @Override
        public long posPlusSizeByte() {
            return folio.pos() + folio.size();
        }

        /** {@code folio_next_pos(folio)} (newest). */
        @Override
        public long nextPos() {
            return NewestPunch.folioNextPos(folio, pageShift);
        }

        /** {@code folio->private != NULL}. */
        @Override
        public boolean hasBlockState() {
            return folio.hasBlockState();
        }

        /** {@code offset_in_folio(folio, byte) >> inode->i_blkbits}. */
        @Override
        public int blockIndex(long byteInFile) {
            return (int) Shifts.indexOf(Align.offsetIn(byteInFile, folio.size()), blkbits);
        }

        /** {@code folio_pos(folio) + (block << inode->i_blkbits)}. */
        @Override
        public long blockPosByte(int block) {
            return folio.pos() + Shifts.posOf(block, blkbits);
        }

        /** {@code 1 << inode->i_blkbits}. */
        @Override
        public long blockSize() {
            return Shifts.sizeOf(blkbits);
        }

        /** {@code ifs_block_is_dirty(folio, ifs, block)}. */
        @Override
        public boolean testBlockDirty(int block) {
            return folio.testBlockDirty(block);
        }

        /** {@code ifs_next_clean_block(folio, start_blk, end_blk)} (newest). */
        @Override
        public int nextCleanBlock(int startBlk, int endBlk) {
            return NewestPunch.ifsNextCleanBlock(folio, startBlk, endBlk);
        }

        /** {@code folio_unlock(folio); folio_put(folio);}. */
        @Override
        @Releases(LockRank.FOLIO_LOCK)
        public void unlock() {
            folio.unlock();
        }
    }
}
