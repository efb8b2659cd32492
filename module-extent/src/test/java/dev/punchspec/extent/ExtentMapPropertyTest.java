package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.Iomap;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random sequences of the extent map's operations against a brute-force per-block
 * reference: the state of every file block in each fork, the disk block behind every real file
 * block, which disk blocks are allocated and what they hold. After every operation the model must
 * agree block by block, read back what the reference says, keep its counters equal to the block
 * counts, and satisfy its invariants.
 *
 * <p>The reference is record-free, so two things come from the model: the indirect reservation a
 * reservation needs ({@code worst_indlen}, tested on its own in {@link XfsIndlenTest}) to predict
 * {@code -ENOSPC}, and the bounds of the delalloc record a writeback conversion starts from, which
 * depend on merges (with {@code maxExtentBlocks} above the file size a record is exactly a run of
 * delalloc blocks, and that is checked too).
 */
class ExtentMapPropertyTest {

    private static final int FILE_BLOCKS = 24;
    private static final int BLOCK = 4;
    private static final Geometry GEOMETRY = new Geometry(8, BLOCK, 2);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 48);
    }

    /** The per-block reference. */
    private static final class Reference {
        final ExtentState[][] state = new ExtentState[2][FILE_BLOCKS];
        final long[][] disk = new long[2][FILE_BLOCKS];
        final boolean[] used;
        final byte[] @Nullable [] contents;

        Reference(int capacity) {
            for (ExtentState[] fork : state) {
                Arrays.fill(fork, ExtentState.HOLE);
            }
            used = new boolean[capacity];
            contents = new byte[capacity][];
        }

        long count(int fork, ExtentState wanted) {
            return Arrays.stream(state[fork]).filter(s -> s == wanted).count();
        }

        long real(int fork) {
            return count(fork, ExtentState.UNWRITTEN) + count(fork, ExtentState.WRITTEN);
        }

        /** The disk allocator's policy, per block: first run holding {@code want}, else the longest. */
        long[] allocate(long want) {
            long bestStart = -1;
            long bestLen = 0;
            int b = 0;
            while (b < used.length) {
                if (used[b]) {
                    b++;
                    continue;
                }
                int start = b;
                while (b < used.length && !used[b]) {
                    b++;
                }
                if (b - start >= want) {
                    bestStart = start;
                    bestLen = want;
                    break;
                }
                if (b - start > bestLen) {
                    bestStart = start;
                    bestLen = b - start;
                }
            }
            for (long x = bestStart; x < bestStart + bestLen; x++) {
                used[(int) x] = true;
            }
            return new long[] {bestStart, bestLen};
        }
    }

    private static final class Run {
        final Random random;
        final XfsParams params;
        final ExtentMap map;
        final Reference ref;
        final TaskContext task;
        final boolean longRecords;
        int violations;
        int warnings;

        Run(long seed) {
            random = new Random(seed);
            int capacity = 12 + random.nextInt(50);
            longRecords = random.nextInt(3) > 0;
            XfsIndlen indlen = random.nextBoolean() ? new XfsIndlen(2, 2, 3) : new XfsIndlen(2 + random.nextInt(4),
                    2 + random.nextInt(4), 1 + random.nextInt(4));
            params = XfsParams.of(GEOMETRY, capacity).withIndlen(indlen)
                    .withMaxExtentBlocks(longRecords ? 1000 : 1 + random.nextInt(4));
            map = new ExtentMap(params);
            ref = new Reference(capacity);
            task = new LockValidator(ViolationPolicy.THROW).newTask(1, "test", new SequentialHook());
        }

        WhichFork anyFork() {
            return random.nextInt(3) == 0 ? WhichFork.COW : WhichFork.DATA;
        }

        void step() throws XfsError {
            switch (random.nextInt(8)) {
                case 0, 1 -> reserve();
                case 2 -> punch();
                case 3 -> callbackPunch();
                case 4 -> convert();
                case 5 -> convertUnwritten();
                case 6 -> writeDisk();
                default -> {
                    if (random.nextInt(4) == 0) {
                        truncate();
                    } else {
                        reserve();
                    }
                }
            }
            check();
        }

        void reserve() throws XfsError {
            WhichFork which = anyFork();
            int f = which.ordinal();
            int off = random.nextInt(FILE_BLOCKS);
            if (ref.state[f][off] != ExtentState.HOLE) {
                return;
            }
            int len = 1 + random.nextInt(FILE_BLOCKS - off);
            int prealloc = random.nextInt(FILE_BLOCKS - off - len + 1);
            int next = off;
            while (next < FILE_BLOCKS && ref.state[f][next] == ExtentState.HOLE) {
                next++;
            }
            long free = map.freeBlocks();
            long alen = Math.min(Math.min(len + prealloc, params.maxExtentBlocks()), next < FILE_BLOCKS ? next - off
                    : IndlenPolicy.MAX_FSB);
            if (alen + params.indlen().worstIndlen(alen) > free && prealloc > 0) {
                alen = Math.min(Math.min(len, params.maxExtentBlocks()), next < FILE_BLOCKS ? next - off
                        : IndlenPolicy.MAX_FSB);
            }
            long need = alen + params.indlen().worstIndlen(alen);
            if (need > free) {
                try {
                    map.reserveDelalloc(task, which, off, len, prealloc);
                    throw new AssertionError("reservation of " + need + " blocks with " + free + " free succeeded");
                } catch (XfsError e) {
                    assertEquals(XfsError.ENOSPC, e.errno());
                }
                return;
            }
            List<Extent> real = map.realExtents(which);
            Extent got = map.reserveDelalloc(task, which, off, len, prealloc);
            assertEquals(Extent.delalloc(off, alen, params.indlen().worstIndlen(alen)), got);
            assertTrue(map.allIn(which, got.fileOffFsb(), got.endFsb(), ExtentState.DELALLOC));
            assertEquals(real, map.realExtents(which));
            for (long b = off; b < off + alen; b++) {
                ref.state[f][(int) b] = ExtentState.DELALLOC;
            }
        }

        void punchReference(int f, long startByte, long endByte) {
            long startFsb = startByte / BLOCK;
            long endFsb = (endByte + BLOCK - 1) / BLOCK;
            for (long b = startFsb; b < Math.min(endFsb, FILE_BLOCKS); b++) {
                if (ref.state[f][(int) b] == ExtentState.DELALLOC) {
                    ref.state[f][(int) b] = ExtentState.HOLE;
                }
            }
        }

        void punch() {
            WhichFork which = anyFork();
            long startByte = random.nextInt(FILE_BLOCKS * BLOCK);
            long endByte = startByte + random.nextInt(FILE_BLOCKS * BLOCK - (int) startByte + 1);
            List<Extent> real = map.realExtents(which);
            long startFsb = params.toFsbt(startByte);
            long endFsb = params.toFsb(endByte);
            long before = map.delallocBlocksIn(which, 0, startFsb);
            long after = map.delallocBlocksIn(which, endFsb, IndlenPolicy.MAX_FSB);
            map.punchDelallocRange(task, which, startByte, endByte);
            punchReference(which.ordinal(), startByte, endByte);
            // punchDelallocRange's JML postcondition, evaluated.
            assertEquals(0, map.delallocBlocksIn(which, startFsb, endFsb));
            assertEquals(before, map.delallocBlocksIn(which, 0, startFsb));
            assertEquals(after, map.delallocBlocksIn(which, endFsb, IndlenPolicy.MAX_FSB));
            assertEquals(real, map.realExtents(which));
        }

        void callbackPunch() {
            boolean shared = random.nextBoolean();
            long offsetByte = random.nextInt(FILE_BLOCKS * BLOCK);
            long lengthByte = 1 + random.nextInt(FILE_BLOCKS * BLOCK - (int) offsetByte);
            if (random.nextBoolean()) {
                offsetByte -= offsetByte % BLOCK;
                lengthByte = Math.max(BLOCK, lengthByte - lengthByte % BLOCK);
            }
            Iomap iomap = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW | (shared ? Iomap.IOMAP_F_SHARED : 0), 0,
                    FILE_BLOCKS * BLOCK);
            boolean valid = map.punchArgumentsValid(offsetByte, lengthByte);
            assertEquals(offsetByte % BLOCK == 0 && lengthByte % BLOCK == 0, valid);
            map.punchCallback(task).punch(ExtentMapTest.inode(2), offsetByte, lengthByte, iomap);
            punchReference(shared ? 1 : 0, offsetByte, offsetByte + lengthByte);
            if (!valid) {
                violations++;
            }
        }

        void convert() throws XfsError {
            WhichFork which = anyFork();
            int f = which.ordinal();
            int b = random.nextInt(FILE_BLOCKS);
            long offsetByte = (long) b * BLOCK + random.nextInt(BLOCK);
            ExtentState before = ref.state[f][b];
            if (before == ExtentState.HOLE) {
                try {
                    map.convertDelalloc(task, which, offsetByte);
                    throw new AssertionError("conversion of a hole succeeded");
                } catch (XfsError e) {
                    assertEquals(XfsError.EAGAIN, e.errno());
                }
                if (which == WhichFork.DATA) {
                    warnings++;
                }
                return;
            }
            if (before != ExtentState.DELALLOC) {
                Extent got = map.convertDelalloc(task, which, offsetByte);
                assertTrue(got.contains(b) && got.isReal(), got.toString());
                return;
            }
            Extent record = map.mappingAt(which, b);
            if (longRecords) {
                long runStart = b;
                while (runStart > 0 && ref.state[f][(int) runStart - 1] == ExtentState.DELALLOC) {
                    runStart--;
                }
                long runEnd = b;
                while (runEnd < FILE_BLOCKS && ref.state[f][(int) runEnd] == ExtentState.DELALLOC) {
                    runEnd++;
                }
                assertEquals(runStart, record.fileOffFsb(), "a delalloc record is a delalloc run");
                assertEquals(runEnd, record.endFsb(), "a delalloc record is a delalloc run");
            }
            Extent got = map.convertDelalloc(task, which, offsetByte);
            long cursor = record.fileOffFsb();
            while (cursor <= b) {
                long[] run = ref.allocate(record.endFsb() - cursor);
                assertTrue(run[1] > 0, "the disk had room for the reservation");
                for (long x = 0; x < run[1]; x++) {
                    ref.state[f][(int) (cursor + x)] = ExtentState.UNWRITTEN;
                    ref.disk[f][(int) (cursor + x)] = run[0] + x;
                }
                cursor += run[1];
            }
            assertTrue(got.contains(b) && got.state() == ExtentState.UNWRITTEN, got.toString());
        }

        void convertUnwritten() {
            int b = random.nextInt(FILE_BLOCKS);
            if (!ref.state[0][b].isReal()) {
                return;
            }
            int end = b + 1;
            while (end < FILE_BLOCKS && ref.state[0][end].isReal() && random.nextInt(4) > 0) {
                end++;
            }
            long offsetByte = (long) b * BLOCK + random.nextInt(BLOCK);
            long lastBlockStart = (long) (end - 1) * BLOCK;
            long endByte = Math.max(offsetByte, lastBlockStart) + 1
                    + random.nextInt((int) (lastBlockStart + BLOCK - Math.max(offsetByte, lastBlockStart)));
            map.convertUnwritten(task, offsetByte, endByte - offsetByte);
            assertTrue(map.allIn(WhichFork.DATA, b, end, ExtentState.WRITTEN));
            for (int x = b; x < end; x++) {
                ref.state[0][x] = ExtentState.WRITTEN;
            }
        }

        void writeDisk() {
            int b = random.nextInt(FILE_BLOCKS);
            if (!ref.state[0][b].isReal()) {
                return;
            }
            byte[] data = new byte[BLOCK];
            random.nextBytes(data);
            map.writeDisk(ref.disk[0][b], data);
            ref.contents[(int) ref.disk[0][b]] = data;
        }

        void truncate() {
            long sizeByte = random.nextInt(FILE_BLOCKS * BLOCK + 1);
            map.truncateExtents(task, sizeByte);
            long first = (sizeByte + BLOCK - 1) / BLOCK;
            assertTrue(map.allIn(WhichFork.DATA, first, IndlenPolicy.MAX_FSB, ExtentState.HOLE));
            assertTrue(map.allIn(WhichFork.COW, first, IndlenPolicy.MAX_FSB, ExtentState.HOLE));
            for (int f = 0; f < 2; f++) {
                for (long x = first; x < FILE_BLOCKS; x++) {
                    if (ref.state[f][(int) x].isReal()) {
                        ref.used[(int) ref.disk[f][(int) x]] = false;
                    }
                    ref.state[f][(int) x] = ExtentState.HOLE;
                }
            }
        }

        void check() {
            assertEquals(List.of(), map.invariantViolations());
            assertTrue(map.spaceBalanced());
            assertEquals(violations, map.contractViolations().size(), map.contractViolations().toString());
            assertTrue(map.contractViolations().stream()
                    .allMatch(v -> v.contract().equals(ContractViolation.PUNCH_PARTIAL_BLOCK)));
            assertEquals(warnings, map.kernelWarnings().size());
            for (WhichFork which : WhichFork.values()) {
                int f = which.ordinal();
                for (int b = 0; b < FILE_BLOCKS; b++) {
                    Extent got = map.mappingAt(which, b);
                    assertEquals(ref.state[f][b], got.state(), which + " block " + b + ": " + map);
                    if (got.isReal()) {
                        assertEquals(ref.disk[f][b], got.diskFsb() + (b - got.fileOffFsb()), which + " block " + b);
                    }
                }
                assertEquals(ExtentState.HOLE, map.mappingAt(which, FILE_BLOCKS).state());
            }
            Disk disk = map.disk();
            for (int x = 0; x < ref.used.length; x++) {
                assertEquals(ref.used[x], disk.isAllocated(x), "disk block " + x);
                byte @Nullable [] stored = ref.contents[x];
                assertArrayEquals(stored == null ? new byte[BLOCK] : stored, disk.read(x));
            }
            for (int b = 0; b < FILE_BLOCKS; b++) {
                byte @Nullable [] stored = ref.contents[(int) ref.disk[0][b]];
                byte[] expected = ref.state[0][b] == ExtentState.WRITTEN && stored != null ? stored : new byte[BLOCK];
                assertArrayEquals(expected, map.readFileBlock(b), "read of file block " + b);
            }
            assertEquals(ref.count(0, ExtentState.DELALLOC) + ref.count(1, ExtentState.DELALLOC) + ref.real(1),
                    map.delayedBlocks());
            assertEquals(ref.real(0), map.inodeBlocks());
            assertEquals(ref.real(0) + ref.real(1), disk.usedBlocks());
            long delallocData = ref.count(0, ExtentState.DELALLOC) + ref.count(1, ExtentState.DELALLOC);
            assertTrue(map.delallocBlocks() >= delallocData, "indirect reservations are never negative");
            assertTrue(task.heldLocks().isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomOperationsAgreeWithThePerBlockReference(long seed) throws XfsError {
        Run run = new Run(seed);
        for (int step = 0; step < 80; step++) {
            run.step();
        }
    }
}
