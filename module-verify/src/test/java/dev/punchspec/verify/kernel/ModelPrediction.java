package dev.punchspec.verify.kernel;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.cache.CacheEntry;
import dev.punchspec.cache.PageCache;
import dev.punchspec.extent.Extent;
import dev.punchspec.extent.ExtentMap;
import dev.punchspec.extent.ExtentState;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Properties;
import dev.punchspec.verify.fs.FileOps;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.fs.ModelFile;
import dev.punchspec.verify.kernel.KernelCase.Resolution;
import dev.punchspec.verify.kernel.KernelObservation.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model's prediction for one {@link KernelCase}: what the harness observes, computed by running
 * the same case on the model ({@link FsWorld} with the {@code newest} generation, the generation
 * of the running 6.18 kernel, KERNEL-NOTES §1.e) at the same geometry, in the one schedule the C
 * helper forces.
 *
 * <p>Implementation overview. {@link #of(KernelCase)} translates a case into model steps once,
 * generically, operation by operation ({@link #apply}); the schedule is the helper's: the
 * operations {@code before}, then the buffered write, stalled in its user-buffer fault after
 * {@code ->iomap_begin} reserved delalloc, the operations {@code during} that do not take
 * {@code i_rwsem} run by a second task inside that fault, then the copy fails at the stall byte
 * or continues; the operations from the first one that takes {@code i_rwsem} on wait for the
 * write (the kernel blocks them on the lock; so would the model's lock, with a
 * {@code DEADLOCK} under the sequential hook) and run after it, in order. Then the prediction
 * is read as the helper reads the kernel ({@code report cache}), the file is fsynced and read
 * back from the model's disk (the helper's unmount, mount and {@code report disk}).
 *
 * <p>Geometry. Page 4096, the image's block size, largest folio order {@link #MAX_FOLIO_ORDER}:
 * XFS has large folios on this kernel, and the harness shows it: a write of 9000 bytes stalled at
 * byte 4500 copies its first page only after the operations of the stall (the store grid's
 * {@code store,P=0,L=9000,S=4500,Q=0} ends with the write's byte at 0, not the store's), which
 * needs {@code iomap_write_iter()}'s chunk ({@code mapping_max_folio_size()}) to cover the whole
 * write; with order-0 folios the model would copy page 0 before the stall. The kernel's largest
 * order on x86-64 is the PMD order (2 MiB); every case stays below 64 KiB, so order 4 (64 KiB)
 * gives the same chunk and the same folio orders ({@code fgf_set_order()} of writes below
 * 16 KiB is at most 2). Faults create order-0 folios in both (the store grid: the folio a store
 * dirties covers one page).
 *
 * <p>What the translation adds to the model's operations, and why:
 * <ul>
 * <li>fault read-around ({@code do_sync_mmap_readahead()}): a fault on an uncached page reads
 * the uncached pages of {@code [page - 16, page + 16)} below EOF (128 KiB window) as clean,
 * uptodate order-0 folios. It shows in {@code SEEK_DATA} over unwritten extents (the msync rows:
 * unwritten blocks the write never touched report data). Buffered read-ahead is not added (no
 * case reads over an unwritten extent);
 * <li>{@code SEEK_DATA}/{@code SEEK_HOLE} as XFS answers them ({@code xfs_seek_iomap_begin()},
 * {@code iomap_seek_data_iter()}): a hole is a hole, delalloc and written extents are data, an
 * unwritten extent is data where the page cache has data ({@code mapping_seek_hole_data()},
 * {@link PageCache#dataAt});
 * <li>{@code st_blocks} = {@code i_nblocks + i_delayed_blks} in 512-byte units;
 * <li>a continued write: the model's buffer either faults for good or never, so the stall of a
 * write that then continues is {@code ->iomap_begin} under {@code i_rwsem}, the operations, then
 * the whole write, whose own {@code ->iomap_begin} finds the reservation (or what writeback made
 * of it). Equivalent for what is compared: a complete write punches nothing, so the
 * {@code IOMAP_F_NEW} it loses is never read;
 * <li>truncate, O_DIRECT write and a write starting beyond EOF exist only in the shapes the cases
 * use, each refused with the reason otherwise ({@link UnsupportedOperationException}).
 * </ul>
 * Not predicted: old memory. The model's folios start zeroed, so where the kernel exposes old
 * memory (docs/findings/short-copy-stale-bytes) the model says zero ({@link Agreement} explains it).
 */
record ModelPrediction(long pwriteReturn, int pwriteErrno, long blocks512, List<Span> data, String extents,
        long sizeByte, byte[] diskBytes, String diskExtents, Set<String> findings) {

    /** The largest folio order of the model instance (see the class comment). */
    static final int MAX_FOLIO_ORDER = 4;
    /** {@code PAGE_SIZE} of this machine. */
    static final int PAGE_SIZE = 4096;
    /** The harness's image: 300 MiB ({@link XfsScratch}); its blocks are the model disk's. */
    static final long IMAGE_BYTES = 300L << 20;
    /** {@code VM_READAHEAD_PAGES}: 128 KiB, the fault read-around window. */
    static final int READAROUND_PAGES = 32;

    ModelPrediction {
        data = List.copyOf(data);
        diskBytes = diskBytes.clone();
        findings = Set.copyOf(findings);
    }

    @Override
    public byte[] diskBytes() {
        return diskBytes.clone();
    }

    /**
     * Runs {@code c} on the model.
     *
     * @throws UnsupportedOperationException naming the operation when the case uses a shape the
     *     translation does not model
     */
    static ModelPrediction of(KernelCase c) {
        return of(c, MAX_FOLIO_ORDER);
    }

    /**
     * Runs {@code c} on the model with another largest folio order (for the test that shows why
     * the prediction needs large folios).
     */
    static ModelPrediction of(KernelCase c, int maxFolioOrder) {
        try {
            return new Run(c, maxFolioOrder).run();
        } catch (XfsError e) {
            throw new IllegalStateException("case " + c.name() + ": the model failed: " + e.getMessage(), e);
        }
    }

    /** One model run of a case. */
    private static final class Run {
        private final KernelCase c;
        private final FsWorld world;
        private final ModelFile file;
        private final FileOps ops;
        private final TaskContext helper;
        private final TaskContext writer;
        private final TaskContext other;

        Run(KernelCase c, int maxFolioOrder) {
            this.c = c;
            Geometry geometry = new Geometry(PAGE_SIZE, c.blockSizeByte(), maxFolioOrder);
            this.world = new FsWorld(geometry, IMAGE_BYTES / c.blockSizeByte(), 0, Generation.NEWEST);
            this.file = world.file();
            this.ops = world.ops();
            this.helper = world.validator().newTask(0, "helper", new SequentialHook());
            this.writer = world.validator().newTask(1, "writer", new SequentialHook());
            this.other = world.validator().newTask(2, "during", new SequentialHook());
        }

        @SuppressWarnings("lock:method.guarantee.violated") // i_rwsem taken and released here
        ModelPrediction run() throws XfsError {
            for (KernelOp op : c.before()) {
                apply(helper, op);
            }
            List<KernelOp> duringStall = new ArrayList<>();
            List<KernelOp> afterWrite = new ArrayList<>();
            for (KernelOp op : c.during()) {
                (afterWrite.isEmpty() && !op.kind().takesIRwsem() ? duringStall : afterWrite).add(op);
            }
            byte[] data = filled(c.writeLengthByte(), c.fillValue());
            extendToWriteStart(c.writeStartByte());
            long written;
            if (c.resolution() == Resolution.FAIL) {
                boolean[] stalled = {false};
                written = ops.bufferedWrite(writer, c.writeStartByte(), data, Math.toIntExact(c.stallAtByte()), () -> {
                    // Later fault-ins of the same write fail at once: the helper unmapped the rest.
                    if (!stalled[0]) {
                        stalled[0] = true;
                        applyAll(other, duringStall);
                    }
                });
                if (!stalled[0]) {
                    throw new IllegalStateException("case " + c.name() + ": the model's write never reached its user fault");
                }
            } else {
                file.iRwsem().lock(writer, LockMode.EXCLUSIVE);
                try {
                    file.extents().bufferedWriteIomapBegin(writer, c.writeStartByte(), c.writeLengthByte(),
                            file.iSizeByte());
                    applyAll(other, duringStall);
                } finally {
                    file.iRwsem().unlock(writer);
                }
                written = ops.bufferedWrite(writer, c.writeStartByte(), data, data.length);
            }
            applyAll(other, afterWrite);
            long blockSize = c.blockSizeByte();
            ExtentMap extents = file.extents();
            long blocks512 = (extents.inodeBlocks() + extents.delayedBlocks()) * blockSize / 512;
            List<Span> dataMap = dataMap();
            String extentsBefore = extentsText();
            Set<String> findings = findingsAtRest();
            // The helper's fsync; the unmount and mount leave what the disk holds, which is what
            // the model's reads through the data fork return.
            ops.fsync(helper);
            byte[] disk = readDisk();
            for (int b = 0; b < disk.length; b++) {
                if (disk[b] != world.expected().at(b)) {
                    findings.add(Properties.DATA_LOST);
                    break;
                }
            }
            return new ModelPrediction(written < 0 ? -1 : written, written < 0 ? (int) -written : 0, blocks512, dataMap,
                    extentsBefore, file.iSizeByte(), disk, extentsText(), findings);
        }

        /**
         * The names of the properties at rest that {@link FsWorld#violationsAtRest()} reports,
         * from the same public checks, but {@code DATA_LOST}, which {@link #run} adds from its
         * own read of the disk after the same fsync: {@code FsWorld.dataLost()} reads the disk a
         * block per byte, 134 MB of arrays for a 32 KiB file at 4096-byte blocks, which made the
         * predictions cost more than the kernel runs. Not included: the generation's own
         * {@code WARN_ON_ONCE} sites, which {@code FsWorld} keeps to itself.
         */
        private Set<String> findingsAtRest() {
            Set<String> names = new TreeSet<>();
            List<String> found = new ArrayList<>();
            found.addAll(file.dirtyWithoutReservation());
            found.addAll(file.reservationLeaks());
            found.addAll(file.punchedNonDelalloc());
            found.addAll(file.contractViolations());
            for (String v : found) {
                names.add(v.substring(0, v.indexOf(':')));
            }
            if (!file.extents().contractViolations().isEmpty() || file.cache().invariantViolation() != null
                    || !file.extents().invariantViolations().isEmpty()) {
                names.add(Properties.CONTRACT);
            }
            if (!file.extents().kernelWarnings().isEmpty()) {
                names.add(Properties.KERNEL_WARN);
            }
            return names;
        }

        /** The file's bytes below EOF through the data fork, a block at a time. */
        private byte[] readDisk() {
            int blockSize = c.blockSizeByte();
            byte[] disk = new byte[Math.toIntExact(file.iSizeByte())];
            for (int b = 0; b < disk.length; b += blockSize) {
                System.arraycopy(file.extents().readFileBlock(b / blockSize), 0, disk, b,
                        Math.min(blockSize, disk.length - b));
            }
            return disk;
        }

        private void applyAll(TaskContext task, List<KernelOp> list) {
            for (KernelOp op : list) {
                try {
                    apply(task, op);
                } catch (XfsError e) {
                    throw new IllegalStateException("case " + c.name() + ": " + op.render() + ": " + e.getMessage(), e);
                }
            }
        }

        /** One operation of the helper's script on the model. */
        private void apply(TaskContext task, KernelOp op) throws XfsError {
            long first = op.firstArg();
            long second = op.secondArg();
            switch (op.kind()) {
                case TRUNCATE:
                    truncate(task, first);
                    break;
                case WRITE:
                    ops.bufferedWrite(task, first, filled(second, (int) op.thirdArg()), Math.toIntExact(second));
                    break;
                case DWRITE:
                    directWrite(task, first, second, (int) op.thirdArg());
                    break;
                case MSTORE:
                    readAround(task, first);
                    ops.mmapStore(task, first, (byte) second);
                    break;
                case MLOAD:
                    load(task, first);
                    break;
                case READ:
                    ops.bufferedRead(task, first, Math.toIntExact(second));
                    break;
                case MSYNC:
                    // msync(MS_SYNC) -> vfs_fsync_range() of the whole pages of the range.
                    ops.writeback(task, first / PAGE_SIZE * PAGE_SIZE, ceilPage(first + second));
                    break;
                case FSYNC:
                    ops.fsync(task);
                    break;
                case SYNCRANGE:
                    ops.writeback(task, first, first + second);
                    break;
                case PRIME:
                    // Old memory is not modelled: the model's folios start zeroed.
                    break;
                default:
                    throw new UnsupportedOperationException("case " + c.name() + ": no model of " + op.render());
            }
        }

        /**
         * {@code do_sync_mmap_readahead()}'s read-around for a fault at {@code atByte}, when its
         * page is not cached: the uncached pages of the window below EOF become clean, uptodate
         * order-0 folios read from the file.
         *
         * @return whether the fault's page lies below EOF (else the fault is {@code SIGBUS})
         */
        @SuppressWarnings("lock:method.guarantee.violated") // readFolio releases what it takes
        private boolean readAround(TaskContext task, long atByte) {
            long size = file.iSizeByte();
            long page = atByte / PAGE_SIZE;
            if (size == 0 || page > (size - 1) / PAGE_SIZE) {
                return false;
            }
            if (cached(page)) {
                return true;
            }
            long lastPage = Math.min((size - 1) / PAGE_SIZE, page + READAROUND_PAGES / 2 - 1);
            for (long p = Math.max(0, page - READAROUND_PAGES / 2); p <= lastPage; p++) {
                if (!cached(p)) {
                    file.cache().readFolio(task, p, 0, file.backingStore());
                }
            }
            return true;
        }

        /** A one-byte load through the mapping: the read fault ({@code filemap_fault()}) below EOF. */
        @SuppressWarnings("lock:method.guarantee.violated") // readFolio releases what it takes
        private void load(TaskContext task, long atByte) {
            if (readAround(task, atByte)) {
                file.cache().readFolio(task, atByte / PAGE_SIZE, 0, file.backingStore());
            }
        }

        private boolean cached(long page) {
            for (CacheEntry e : file.cache().entries()) {
                if (e.index() <= page && page < e.nextIndex()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A write starting beyond EOF: {@code xfs_file_write_zero_eof()} zeroes
         * {@code [i_size, start)} first, which the model does not model; with nothing cached or
         * mapped there it has nothing to zero and the write is the model's write from an
         * {@code i_size} at its start (the write ends beyond it, so the final size is the same).
         */
        private void extendToWriteStart(long startByte) {
            long size = file.iSizeByte();
            if (startByte <= size) {
                return;
            }
            if (c.resolution() == Resolution.FAIL || !emptyFrom(size)) {
                throw new UnsupportedOperationException("case " + c.name() + ": a write at " + startByte
                        + " beyond EOF " + size + " is modelled only when it continues over nothing cached or mapped");
            }
            file.setISizeByte(startByte);
        }

        /** True when no extent and no cache entry reaches beyond {@code fromByte}. */
        private boolean emptyFrom(long fromByte) {
            long blockSize = c.blockSizeByte();
            for (Extent e : file.extents().extents(WhichFork.DATA)) {
                if (e.state() != ExtentState.HOLE && e.endFsb() * blockSize > fromByte) {
                    return false;
                }
            }
            for (CacheEntry e : file.cache().entries()) {
                if (e.nextIndex() * PAGE_SIZE > fromByte) {
                    return false;
                }
            }
            return true;
        }

        /**
         * {@code ftruncate}: growing a file with nothing beyond its size sets {@code i_size}
         * ({@code xfs_setattr_size()} has nothing to zero); shrinking it to a page boundary is
         * {@code truncate_setsize()} (the page cache from there on removed) and
         * {@code xfs_itruncate_extents()}, under {@code i_rwsem} and {@code invalidate_lock}.
         */
        @SuppressWarnings("lock:method.guarantee.violated") // the locks are taken and released here
        private void truncate(TaskContext task, long sizeByte) {
            long size = file.iSizeByte();
            if (sizeByte >= size ? !emptyFrom(size) : sizeByte % PAGE_SIZE != 0) {
                throw new UnsupportedOperationException("case " + c.name() + ": truncate from " + size + " to "
                        + sizeByte + " is modelled only growing an empty tail or shrinking to a page boundary");
            }
            file.iRwsem().lock(task, LockMode.EXCLUSIVE);
            try {
                if (sizeByte < size) {
                    file.cache().invalidateLock(task);
                    try {
                        file.cache().truncatePagecacheRange(task, sizeByte, PageCache.MAX_BYTE);
                    } finally {
                        file.cache().invalidateUnlock(task);
                    }
                    file.extents().truncateExtents(task, sizeByte);
                }
                file.setISizeByte(sizeByte);
            } finally {
                file.iRwsem().unlock(task);
            }
        }

        /**
         * An O_DIRECT write into a hole with nothing cached ({@code xfs_file_dio_write()}): the
         * range's blocks allocated, written and converted. XFS allocates them unwritten directly
         * ({@code xfs_iomap_write_direct()}); the model has no direct allocation, so they are
         * reserved and converted as writeback converts delalloc, which leaves the same unwritten
         * record, then written and converted at completion ({@code xfs_dio_write_end_io()}).
         */
        @SuppressWarnings("lock:method.guarantee.violated") // i_rwsem taken and released here
        private void directWrite(TaskContext task, long startByte, long lengthByte, int value) throws XfsError {
            long blockSize = c.blockSizeByte();
            ExtentMap extents = file.extents();
            long startFsb = startByte / blockSize;
            long endFsb = (startByte + lengthByte) / blockSize;
            if (!extents.allIn(WhichFork.DATA, startFsb, endFsb, ExtentState.HOLE) || anyCached(startByte,
                    startByte + lengthByte) || startByte + lengthByte > file.iSizeByte()) {
                throw new UnsupportedOperationException("case " + c.name() + ": a direct write is modelled only"
                        + " into a hole below EOF with nothing cached");
            }
            file.iRwsem().lock(task, LockMode.SHARED);
            try {
                extents.reserveDelalloc(task, WhichFork.DATA, startFsb, endFsb - startFsb, 0);
                byte[] block = filled(blockSize, value);
                for (long b = startByte; b < startByte + lengthByte; b += blockSize) {
                    Extent mapping = extents.convertDelalloc(task, WhichFork.DATA, b);
                    extents.writeDisk(mapping.diskFsb() + b / blockSize - mapping.fileOffFsb(), block);
                }
                extents.convertUnwritten(task, startByte, lengthByte);
                world.expected().record(startByte, filled(lengthByte, value), 0, lengthByte);
            } finally {
                file.iRwsem().unlock(task);
            }
        }

        private boolean anyCached(long startByte, long endByte) {
            for (long p = startByte / PAGE_SIZE; p < ceilPage(endByte) / PAGE_SIZE; p++) {
                if (cached(p)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The data fork's extents other than holes as FIEMAP would list them, adjacent extents of
         * one state coalesced ({@link Agreement#extentsText}).
         */
        private String extentsText() {
            long blockSize = c.blockSizeByte();
            List<Span> spans = new ArrayList<>();
            List<String> states = new ArrayList<>();
            for (Extent e : file.extents().extents(WhichFork.DATA)) {
                if (e.state() != ExtentState.HOLE) {
                    spans.add(new Span(e.fileOffFsb() * blockSize, e.endFsb() * blockSize));
                    states.add(Agreement.stateName(e.state() == ExtentState.DELALLOC,
                            e.state() == ExtentState.UNWRITTEN));
                }
            }
            return Agreement.extentsText(spans, states);
        }

        /**
         * The {@code SEEK_DATA}/{@code SEEK_HOLE} map over {@code [0, i_size)} as XFS answers it
         * (see the class comment), block by block, coalesced.
         */
        private List<Span> dataMap() {
            long size = file.iSizeByte();
            long blockSize = c.blockSizeByte();
            List<Span> out = new ArrayList<>();
            for (long b = 0; b < size; b += blockSize) {
                ExtentState state = file.extents().mappingAt(WhichFork.DATA, b / blockSize).state();
                boolean isData = state == ExtentState.DELALLOC || state == ExtentState.WRITTEN
                        || state == ExtentState.UNWRITTEN && file.cache().dataAt(b);
                if (!isData) {
                    continue;
                }
                long end = Math.min(size, b + blockSize);
                int last = out.size() - 1;
                if (last >= 0 && out.get(last).endByte() == b) {
                    out.set(last, new Span(out.get(last).startByte(), end));
                } else {
                    out.add(new Span(b, end));
                }
            }
            return out;
        }
    }

    private static long ceilPage(long byteOffset) {
        return (byteOffset + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    private static byte[] filled(long lengthByte, int value) {
        byte[] data = new byte[Math.toIntExact(lengthByte)];
        Arrays.fill(data, (byte) value);
        return data;
    }
}
