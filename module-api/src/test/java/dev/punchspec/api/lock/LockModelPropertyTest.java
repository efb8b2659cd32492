package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random sequences of lock operations by three tasks on the five kinds of lock, checked
 * after every step against a brute-force reference: the reference keeps only each task's held list
 * and derives everything else (holders, availability, expected reports) by scanning it.
 */
class LockModelPropertyTest {

    private static final int TASKS = 3;
    private static final int STEPS = 50;
    // Lists, not arrays: the Index Checker cannot see that random indices stay in bounds.
    private static final List<String> NAMES = List.of("i_rwsem", "invalidate_lock", "folio 0", "folio 1", "ILOCK");
    private static final List<LockRank> RANKS =
            List.of(LockRank.I_RWSEM, LockRank.INVALIDATE_LOCK, LockRank.FOLIO_LOCK, LockRank.FOLIO_LOCK, LockRank.ILOCK);
    /** The reference's marker for the punch level in place of a lock index. */
    private static final int LEVEL = -1;

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    /** One reference entry: a lock index (or {@link #LEVEL}) and a mode (null for the level). */
    private record Entry(int lock, @Nullable LockMode mode) {
    }

    private final LockValidator validator = new LockValidator(ViolationPolicy.RECORD);
    private final List<TaskContext> tasks = new ArrayList<>();
    private final List<ModelLock> locks = new ArrayList<>();
    private final List<List<Entry>> reference = new ArrayList<>();
    /** Expected reports, rendered by {@link #render}. */
    private final List<String> expected = new ArrayList<>();

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @MayReleaseLocks
    void randomOperationsMatchTheReference(long seed) {
        Random random = new Random(seed);
        for (int id = 0; id < TASKS; id++) {
            tasks.add(validator.newTask(id, "t" + id, new SequentialHook()));
            reference.add(new ArrayList<>());
        }
        for (int i = 0; i < NAMES.size(); i++) {
            locks.add(new ModelLock(NAMES.get(i), RANKS.get(i)));
        }
        for (int step = 0; step < STEPS; step++) {
            int task = random.nextInt(TASKS);
            int lock = random.nextInt(NAMES.size());
            LockMode mode = RANKS.get(lock) == LockRank.FOLIO_LOCK || random.nextBoolean() ? LockMode.EXCLUSIVE : LockMode.SHARED;
            int operation = random.nextInt(10);
            String what = "seed " + seed + " step " + step + ": op " + operation + " by t" + task + " on " + NAMES.get(lock) + " " + mode;
            apply(operation, task, lock, mode, what);
            compare(what);
        }
        for (int task = 0; task < TASKS; task++) {
            for (Entry entry : reference.get(task)) {
                String name = name(entry.lock());
                expected.add("HELD_AT_EXIT " + name + " held=" + name + "@" + task);
            }
            tasks.get(task).exit();
        }
        assertEquals(expected, reports(), "seed " + seed + " at exit");
    }

    @MayReleaseLocks
    private void apply(int operation, int task, int lock, LockMode mode, String what) {
        TaskContext context = tasks.get(task);
        ModelLock model = locks.get(lock);
        List<Entry> held = reference.get(task);
        switch (operation) {
            case 0, 1, 2 -> {
                expectOrder(task, RANKS.get(lock), NAMES.get(lock));
                if (contended(lock, mode)) {
                    int own = lastIndexOf(held, lock);
                    expected.add("DEADLOCK " + NAMES.get(lock) + " held="
                            + (own >= 0 ? NAMES.get(lock) + "@" + task : firstHolder(lock)));
                    LockViolation deadlock = assertThrows(LockViolation.class, () -> model.lock(context, mode), what);
                    assertEquals(LockViolation.Kind.DEADLOCK, deadlock.kind(), what);
                } else {
                    model.lock(context, mode);
                    held.add(new Entry(lock, mode));
                }
            }
            case 3 -> {
                boolean free = !contended(lock, mode);
                assertEquals(free, model.tryLock(context, mode), what);
                if (free) {
                    held.add(new Entry(lock, mode));
                }
            }
            case 4, 5 -> {
                int at = lastIndexOf(held, lock);
                if (at < 0) {
                    expected.add("UNLOCK_NOT_HELD " + NAMES.get(lock) + " held=" + firstHolder(lock));
                } else {
                    held.remove(at);
                }
                model.unlock(context);
            }
            case 6 -> {
                expectOrder(task, LockRank.PUNCH, "->punch");
                context.enterLevel(LockRank.PUNCH);
                held.add(new Entry(LEVEL, null));
            }
            case 7 -> {
                int at = lastIndexOf(held, LEVEL);
                if (at < 0) {
                    assertThrows(IllegalStateException.class, () -> context.exitLevel(LockRank.PUNCH), what);
                } else {
                    held.remove(at);
                    context.exitLevel(LockRank.PUNCH);
                }
            }
            case 8 -> {
                if (lastIndexOf(held, lock) < 0) {
                    expected.add("NOT_HELD " + NAMES.get(lock) + " held=" + firstHolder(lock));
                }
                validator.assertHeld(context, model);
            }
            default -> {
                if (!held.contains(new Entry(lock, LockMode.EXCLUSIVE))) {
                    expected.add("NOT_HELD_WRITE " + NAMES.get(lock) + " held="
                            + (lastIndexOf(held, lock) >= 0 ? NAMES.get(lock) + "@" + task : firstHolder(lock)));
                }
                validator.assertHeldWrite(context, model);
            }
        }
    }

    /**
     * Every held entry of rank >= the requested one breaks the order; the report names the
     * highest such rank, latest entry first.
     */
    private void expectOrder(int task, LockRank requested, String requestedName) {
        List<Entry> held = reference.get(task);
        for (int rank = LockRank.values().length - 1; rank >= requested.ordinal(); rank--) {
            for (int i = held.size() - 1; i >= 0; i--) {
                Entry entry = held.get(i);
                if (rank(entry).ordinal() == rank) {
                    expected.add((rank == requested.ordinal() ? "SAME_RANK " : "ORDER_INVERSION ") + requestedName
                            + " held=" + name(entry.lock()) + "@" + task);
                    return;
                }
            }
        }
    }

    private static LockRank rank(Entry entry) {
        return entry.lock() == LEVEL ? LockRank.PUNCH : RANKS.get(entry.lock());
    }

    private static String name(int lock) {
        return lock == LEVEL ? "->punch" : NAMES.get(lock);
    }

    /** The report's rendering of a lock's first holder (lowest task, earliest), or "-". */
    private String firstHolder(int lock) {
        List<Entry> holders = holders(lock);
        return holders.isEmpty() ? "-" : NAMES.get(lock) + "@" + holders.get(0).lock();
    }

    private static int lastIndexOf(List<Entry> held, int lock) {
        int found = -1;
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).lock() == lock) {
                found = i;
            }
        }
        return found;
    }

    /** The holders of a lock, by scanning every task's held list in id order. */
    private List<Entry> holders(int lock) {
        List<Entry> found = new ArrayList<>();
        for (int task = 0; task < TASKS; task++) {
            for (Entry entry : reference.get(task)) {
                if (entry.lock() == lock) {
                    found.add(new Entry(task, entry.mode()));
                }
            }
        }
        return found;
    }

    private boolean contended(int lock, LockMode mode) {
        for (Entry holder : holders(lock)) {
            if (mode == LockMode.EXCLUSIVE || holder.mode() == LockMode.EXCLUSIVE) {
                return true;
            }
        }
        return false;
    }

    private List<String> reports() {
        List<String> found = new ArrayList<>();
        for (LockViolation violation : validator.violations()) {
            found.add(render(violation));
        }
        return found;
    }

    private static String render(LockViolation violation) {
        HeldLock held = violation.heldLock();
        return violation.kind() + " " + violation.lockName() + " held="
                + (held == null ? "-" : held.lockName() + "@" + held.taskId());
    }

    private void compare(String what) {
        assertEquals(expected, reports(), what);
        for (int lock = 0; lock < NAMES.size(); lock++) {
            ModelLock model = locks.get(lock);
            List<Entry> actual = new ArrayList<>();
            for (HeldLock holder : model.holders()) {
                actual.add(new Entry(holder.taskId(), holder.mode()));
            }
            assertEquals(holders(lock), actual, what + ": holders of " + NAMES.get(lock));
            assertEquals(!contended(lock, LockMode.EXCLUSIVE), model.isAvailable(LockMode.EXCLUSIVE), what);
            if (model.kind() == LockKind.RW_SEMAPHORE) {
                assertEquals(!contended(lock, LockMode.SHARED), model.isAvailable(LockMode.SHARED), what);
            }
            for (int task = 0; task < TASKS; task++) {
                List<Entry> held = reference.get(task);
                assertEquals(lastIndexOf(held, lock) >= 0, model.isHeldBy(tasks.get(task)), what);
                assertEquals(held.contains(new Entry(lock, LockMode.EXCLUSIVE)),
                        model.isHeldExclusiveBy(tasks.get(task)), what);
            }
            ModelLock copy = model.copy();
            assertEquals(model, copy, what);
            assertEquals(model.hashCode(), copy.hashCode(), what);
        }
        for (int task = 0; task < TASKS; task++) {
            List<String> actual = new ArrayList<>();
            for (HeldLock entry : tasks.get(task).heldLocks()) {
                actual.add(entry.lockName() + " " + entry.mode());
            }
            List<String> wanted = new ArrayList<>();
            for (Entry entry : reference.get(task)) {
                wanted.add(name(entry.lock()) + " " + entry.mode());
            }
            assertEquals(wanted, actual, what + ": held by t" + task);
        }
        LockValidator copy = validator.copy();
        assertEquals(validator, copy, what);
        assertEquals(validator.hashCode(), copy.hashCode(), what);
        assertFalse(copy.tasks().isEmpty());
        assertTrue(copy.violations().equals(validator.violations()), what);
    }
}
