package dev.punchspec.verify.explore;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * So two steps called independent both start and end at filesystem-lock points and name no lock
 * in common; they commute if, in addition, they never touch the same model state with one of them
 * writing it. That last condition is the discipline below; where it holds, a state both touch is
 * guarded by a lock both tasks hold across their steps, hence held shared by both, where only
 * reads are allowed; and neither changes the other's enabledness, which is lock state at the ends.
 *
 * <p>The discipline this trusts: two steps of different tasks that both start and end at
 * operations on {@code i_rwsem}, {@code invalidate_lock} or {@code ILOCK} and name no lock in
 * common never touch the same model state unless both only read it. The model keeps it so far by
 * its guards: {@code i_size} is written under {@code i_rwsem} exclusive; the extent map and its
 * counters change only under {@code ILOCK}, which brackets those steps itself; the page cache, its
 * folios and, in writeback, the disk are touched in steps that have a folio-lock or lookup end, or
 * by a task holding the folio lock between two {@code ILOCK} points of writeback's conversion
 * (those steps name {@code ILOCK}, so they are dependent on each other, and every other access to
 * that folio or its blocks has a folio-lock or lookup end). Each of these would break it, and none
 * is checked at run time: a write of the disk ({@code ExtentMap.writeDisk}, e.g. a direct write)
 * or a read of the extents, the disk or {@code i_size} ({@code mappingAt}, {@code readFileBlock},
 * {@code ModelFile.iSizeByte}) without the guarding lock in a step whose ends are both
 * filesystem-lock points; a page-cache call that walks or changes the xarray without first
 * passing a lookup or folio-lock point; shared scenario bookkeeping (e.g. a list of completed
 * writes) updated between two such points. Two model instances in one world whose locks share
 * names make the relation err dependent, which is safe. The tests compare the reduced exploration
 * with the full one on the scenarios they have; the filesystem operations of
 * {@code dev.punchspec.verify.fs} are to be checked the same way when they exist.
 *
 * <p>Rejected: per-step footprints recorded by instrumenting the model (every field access of
 * {@code PageCache}, {@code CachedFolio} and {@code ExtentMap} would need a hook; precise, but a
 * change to three modules); treating folio locks like the others (unsound: the xarray is written
 * in folio-lock steps that name different folios).
 */
public final class ModelDependency implements StepDependency {

    /** The relation; stateless. */
    public static final ModelDependency INSTANCE = new ModelDependency();

    /**
     * The labels of {@code ModelLock}: {@code lock|trylock <name> <mode>}, {@code woken: <name>
     * <mode>} (a contended acquire's wait) and {@code unlock <name>}; group 1 or 2 is the name.
     */
    private static final Pattern LOCK_POINT =
            Pattern.compile("(?:lock|trylock|woken:) (.+) (?:SHARED|EXCLUSIVE)|unlock (.+)");
    /** A name whose last word is one of the filesystem-level locks, e.g. {@code file invalidate_lock}. */
    private static final Pattern FILESYSTEM_LOCK = Pattern.compile("(?:.* )?(?:i_rwsem|invalidate_lock|ILOCK)");

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
        Matcher m = LOCK_POINT.matcher(point);
        if (!m.matches()) {
            return null;
        }
        // One of the two groups took part; the other one is replaced by nothing.
        String name = m.replaceFirst("$1$2");
        return FILESYSTEM_LOCK.matcher(name).matches() ? name : null;
    }
}
