package dev.punchspec.verify.fs;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.LockViolation;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.KernelWarn;
import dev.punchspec.extent.ContractViolation;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import dev.punchspec.punch.IomapEnd;
import dev.punchspec.verify.explore.Properties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The world of one execution of a filesystem scenario: the file, the lock validator its tasks
 * run under, the operations with one generation's {@code ->iomap_end}, the expected-content oracle,
 * and the generation's kernel warnings; with the end state and the properties at rest.
 *
 * <p>Nothing is shared between worlds: each has its own file, validator, oracle and generation
 * instance, so the explorer can build one per execution.
 */
public final class FsWorld {

    private final LockValidator validator = new LockValidator(ViolationPolicy.RECORD);
    private final ModelFile file;
    private final ExpectedContent expected = new ExpectedContent();
    private final List<String> warnings = new ArrayList<>();
    private final KernelWarn warn = (condition, site) -> {
        if (condition) {
            warnings.add(site);
        }
        return condition;
    };
    private final IomapEnd iomapEnd;
    private final FileOps ops;
    private final Set<String> signals = new TreeSet<>();

    /**
     * A sparse file of {@code iSizeByte} bytes (as {@code ftruncate} leaves it: no extents, no
     * cache) on an empty filesystem.
     *
     * @param geometry page size, block size and largest folio order
     * @param capacityBlocks the disk's size in blocks
     * @param iSizeByte the file's size
     * @param generation whose {@code ->iomap_end} the writes run
     */
    public FsWorld(Geometry geometry, long capacityBlocks, long iSizeByte, Generation generation) {
        this.file = new ModelFile(geometry, capacityBlocks);
        file.setISizeByte(iSizeByte);
        this.iomapEnd = generation.create(warn);
        this.ops = new FileOps(file, iomapEnd, expected);
    }

    /** @return the lock validator the world's tasks run under (violations recorded, not thrown) */
    public LockValidator validator() {
        return validator;
    }

    /** @return the file */
    public ModelFile file() {
        return file;
    }

    /** @return the operations */
    public FileOps ops() {
        return ops;
    }

    /** @return where the generation reports its {@code WARN_ON_ONCE} conditions */
    public KernelWarn warn() {
        return warn;
    }

    /**
     * Records that a scenario's event happened, for tasks that stage a race by waiting for it
     * (as a userfaultfd handler stages the real reproducer).
     *
     * @param event the event's name
     */
    public void signal(String event) {
        signals.add(event);
    }

    /**
     * @param event an event's name
     * @return whether it was signalled
     */
    public boolean signalled(String event) {
        return signals.contains(event);
    }

    /** @return the oracle */
    public ExpectedContent expected() {
        return expected;
    }

    /**
     * The end state the explorer counts: {@code i_size}, the data fork and the page cache.
     *
     * @return a canonical text of it
     */
    public String endState() {
        return "i_size=" + file.iSizeByte() + " extents=" + file.extents().extents(WhichFork.DATA) + " cache="
                + file.cache();
    }

    /**
     * The properties that must hold between any two steps: {@code DIRTY_WITHOUT_RESERVATION}
     * (dirty data below EOF is reserved or allocated before the folio is dirtied, by
     * {@code ->iomap_begin} or {@code page_mkwrite}, and stays so until writeback cleans it). The
     * others wait for rest: a reservation precedes its copy, so a leak shows only at the end; the
     * punch, contract and warning records accumulate and are read at rest.
     *
     * @return each {@code PROPERTY: detail}
     */
    public List<String> violationsAtStep() {
        return file.dirtyWithoutReservation();
    }

    /**
     * The properties at rest, in this order: {@code DIRTY_WITHOUT_RESERVATION},
     * {@code RESERVATION_LEAK}, {@code PUNCHED_NON_DELALLOC}, {@code CONTRACT} (the punch callers'
     * obligations, the extent model's recorded contract violations, both models' invariants),
     * {@code KERNEL_WARN} (the generation's {@code WARN_ON_ONCE} sites, then the extent model's),
     * then {@code DATA_LOST} ({@link #dataLost()}). {@code LOCK_ORDER} comes from the validator,
     * which the explorer reads itself.
     *
     * @return each {@code PROPERTY: detail}
     */
    public List<String> violationsAtRest() {
        List<String> found = new ArrayList<>();
        found.addAll(file.dirtyWithoutReservation());
        found.addAll(file.reservationLeaks());
        found.addAll(file.punchedNonDelalloc());
        found.addAll(file.contractViolations());
        for (ContractViolation v : file.extents().contractViolations()) {
            found.add(Properties.CONTRACT + ": " + v);
        }
        // A guard against a regression in module-cache: its public operations keep the invariant
        // (its own tests check that after each), so no state a test can build breaks it, and PIT's
        // mutant dropping this branch survives as equivalent on every reachable state.
        String cacheInvariant = file.cache().invariantViolation();
        if (cacheInvariant != null) {
            found.add(Properties.CONTRACT + ": page cache invariant: " + cacheInvariant);
        }
        for (String v : file.extents().invariantViolations()) {
            found.add(Properties.CONTRACT + ": extent map invariant: " + v);
        }
        for (String site : warnings) {
            found.add(Properties.KERNEL_WARN + ": " + site);
        }
        for (String site : file.extents().kernelWarnings()) {
            found.add(Properties.KERNEL_WARN + ": " + site);
        }
        found.addAll(dataLost());
        return found;
    }

    /**
     * Property {@code DATA_LOST}: on a copy of the file, a final {@code fsync} and a cache drop by
     * a task of its own, then every byte below EOF read back from the disk and compared with the
     * oracle.
     *
     * @return one {@code DATA_LOST: ...} per differing byte, ascending; a lock-model report of the
     *     final task as {@code LOCK_ORDER: ...}
     */
    public List<String> dataLost() {
        List<String> found = new ArrayList<>();
        ModelFile copy = file.copy();
        LockValidator finalValidator = new LockValidator(ViolationPolicy.RECORD);
        TaskContext task = finalValidator.newTask(0, "final-fsync", new SequentialHook());
        // Writeback and cache drop never call ->iomap_end: the world's generation serves.
        FileOps finalOps = new FileOps(copy, iomapEnd, new ExpectedContent());
        try {
            finalOps.fsync(task);
        } catch (XfsError e) {
            found.add(Properties.DATA_LOST + ": the final fsync failed: " + e.getMessage());
        }
        finalOps.dropCaches(task);
        for (LockViolation v : finalValidator.violations()) {
            found.add(Properties.LOCK_ORDER + ": final fsync: " + v.getMessage());
        }
        byte[] onDisk = readDisk(copy);
        for (int p = 0; p < onDisk.length; p++) {
            if (onDisk[p] != expected.at(p)) {
                found.add(Properties.DATA_LOST + ": byte " + p + " reads " + onDisk[p] + " after fsync and cache drop,"
                        + " expected " + expected.at(p));
            }
        }
        return found;
    }

    /**
     * The file's bytes below EOF as the disk holds them, through the data fork
     * ({@link dev.punchspec.extent.ExtentMap#readFileBlock}); the oracle compares byte by byte, so
     * a scenario's file stays far below 2 GiB.
     *
     * @throws ArithmeticException if {@code i_size} does not fit an array
     */
    private static byte[] readDisk(ModelFile file) {
        byte[] out = new byte[Math.toIntExact(file.iSizeByte())];
        long blockSize = file.extents().params().blockSize();
        for (int p = 0; p < out.length; p++) {
            out[p] = file.extents().readFileBlock(p / blockSize)[(int) (p % blockSize)];
        }
        return out;
    }
}
