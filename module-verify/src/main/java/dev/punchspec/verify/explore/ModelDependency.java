package dev.punchspec.verify.explore;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The dependency relation of the model's scheduling points, derived from the model's locking:
 * two steps of different tasks are independent only when both run between two operations on the
 * filesystem-level locks ({@code i_rwsem}, {@code invalidate_lock}, {@code ILOCK}) and they name
 * no lock in common. Every other step is dependent on every step of another task.
 *
 * <p>Soundness argument. A step is its starting point and the code its task runs until its next
 * point ({@link Transition}), so what it can touch follows from both ends and from the locks its
 * task holds in between. The model state, from the code:
 * <ul>
 * <li>Lock state: a {@code ModelLock}'s holders. A step changes or reads them only at its ends: an
 *     acquire ({@code lock}, {@code trylock}, {@code woken:}) grants right after the starting
 *     point, and {@code ModelLock.unlock} releases right before its point, so the release belongs
 *     to the step that ends there. Two steps naming the same lock are dependent; this also covers
 *     enabling (a release enables a {@code woken:} acquire) and disabling (an acquire disables
 *     another task's acquire).</li>
 * <li>The xarray of {@code PageCache} ({@code entries}), guarded by no {@code ModelLock}: read by
 *     the lookups (each a point: {@code find folio}, {@code seek}, and the walks of
 *     {@code invalidate pages}, {@code drop_caches}, {@code reclaim folio}), written by folio
 *     insertion ({@code getOrCreateFolio} right after the new folio's {@code lock ... folio i}
 *     point) and removal ({@code removeFolio}, {@code @Holding} the folio lock, in steps that
 *     start or end at a folio lock's point or a lookup; {@code removeShadow} in the truncation walk
 *     right before it takes a folio lock or looks up). Folio state: changed under the folio lock
 *     ({@code CachedFolio}'s {@code @Holding("lock")} methods, which the Lock Checker enforces),
 *     but also lock-free ({@code store}, {@code end writeback}) and read lock-free (the seek).
 *     Hence every step with an end at a folio lock or a lookup point is dependent on everything:
 *     only labels of the three filesystem-level locks are trusted to bracket code that stays away
 *     from the page cache.</li>
 * <li>The extent map, its counters and the disk ({@code ExtentMap}): every public kernel
 *     operation takes {@code ILOCK} itself, and its mutators are {@code @Holding("this.ilock")};
 *     so they run in steps whose ends are {@code ILOCK} operations, and two such steps of different
 *     tasks name {@code ILOCK} both (dependent).</li>
 * <li>{@code i_size}: read lock-free only at {@code i_size_read} (a point, dependent on
 *     everything), written under {@code i_rwsem} held exclusive.</li>
 * <li>The lock validator: its order check reads only the acquiring task's held locks; a violation
 *     is appended to one list, so two steps reporting violations in either order leave the same
 *     violations in another order, which changes at most which detail a finding quotes, not which
 *     properties are violated.</li>
 * <li>The scenario's own bookkeeping and code before a task's first point or after its last:
 *     unknown, so {@code start} and {@link Transition#EXIT} are dependent on everything.</li>
 * </ul>
 * So two steps called independent both run, between their ends, with their tasks holding no
 * lock they acquire or release in common. What either touches is, by the discipline below,
 * state guarded by a lock its task holds; state both touch is guarded by a lock both hold, which
 * must then be held shared by both (exclusive holds exclude each other), where the discipline
 * allows only reads: they commute, and neither changes the other's enabledness (that is only lock
 * state, at the ends).
 *
 * <p>The discipline this trusts, and what would break it: code that runs between two points that
 * are both operations on {@code i_rwsem}, {@code invalidate_lock} or {@code ILOCK} (in the model's
 * filesystem operations and in scenarios) touches no model state except state guarded by a lock
 * its task holds at that moment: {@code i_size} under {@code i_rwsem} (exclusive to write), the
 * extent map and the disk under {@code ILOCK} (exclusive to write), and the task's own state.
 * Each of these breaks it: a write of the disk ({@code ExtentMap.writeDisk}), a read of the
 * extents or disk ({@code mappingAt}, {@code readFileBlock}) or of {@code i_size}
 * ({@code ModelFile.iSizeByte}) without the guarding lock and outside a step that ends at a
 * folio-lock or lookup point; a page-cache call that walks or changes the xarray without first
 * passing a lookup or folio-lock point; shared bookkeeping (e.g. a list of completed writes) updated
 * between two such points; two model instances in one world whose locks share names (the relation
 * then errs dependent, which is safe). None of these is checked at run time: the tests compare the
 * reduced exploration with the full one on the scenarios they have.
 *
 * <p>Rejected: per-step footprints recorded by instrumenting the model (every field access of
 * {@code PageCache}, {@code CachedFolio} and {@code ExtentMap} would need a hook; precise, but a
 * change to three modules); treating folio locks like the others (unsound: the xarray is written
 * in folio-lock steps that name different folios).
 */
public final class ModelDependency implements StepDependency {

    /** The relation; stateless. */
    public static final ModelDependency INSTANCE = new ModelDependency();

    /** The last word of the names of the locks whose points the relation trusts. */
    private static final Set<String> FILESYSTEM_LOCKS = Set.of("i_rwsem", "invalidate_lock", "ILOCK");
    private static final List<String> ACQUIRES = List.of("lock ", "trylock ", "woken: ");
    private static final Set<String> MODES = Set.of("SHARED", "EXCLUSIVE");

    private ModelDependency() {
    }

    @Override
    public boolean dependent(Transition a, Transition b) {
        Set<String> locksA = bracketingLocks(a);
        Set<String> locksB = bracketingLocks(b);
        if (locksA == null || locksB == null) {
            return true;
        }
        for (String lock : locksA) {
            if (locksB.contains(lock)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "model locks";
    }

    /**
     * @param step a step
     * @return the filesystem-level locks its two ends operate on, or {@code null} when an end is
     *     anything else (the step is then dependent on every step of another task)
     */
    static @Nullable Set<String> bracketingLocks(Transition step) {
        String first = filesystemLock(step.what());
        String second = filesystemLock(step.next());
        if (first == null || second == null) {
            return null;
        }
        Set<String> locks = new TreeSet<>();
        locks.add(first);
        locks.add(second);
        return locks;
    }

    /**
     * @param point a scheduling point's label
     * @return the name of the lock it operates on, when that is {@code i_rwsem},
     *     {@code invalidate_lock} or {@code ILOCK} (of any mapping); otherwise {@code null}
     */
    static @Nullable String filesystemLock(String point) {
        String name = null;
        if (point.startsWith("unlock ")) {
            name = point.substring("unlock ".length());
        } else {
            for (String acquire : ACQUIRES) {
                if (point.startsWith(acquire)) {
                    int space = point.lastIndexOf(' ');
                    if (space > acquire.length() && MODES.contains(point.substring(space + 1))) {
                        name = point.substring(acquire.length(), space);
                    }
                }
            }
        }
        if (name == null) {
            return null;
        }
        String lastWord = name.substring(name.lastIndexOf(' ') + 1);
        return FILESYSTEM_LOCKS.contains(lastWord) ? name : null;
    }
}
