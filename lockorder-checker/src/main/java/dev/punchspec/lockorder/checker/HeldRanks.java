package dev.punchspec.lockorder.checker;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Element;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The ranks a thread may hold at one point of a method body (a "may" set: held on at least one
 * path reaching the point), each with where it was acquired and, for a rank taken by a
 * reference-returning {@code @Acquires} call stored in a local variable, that variable: the rank
 * is then held only while the variable is non-null ({@code filemap_lock_folio()} returning no
 * folio locks nothing), which lets a null test drop it.
 *
 * <p>A rank acquired again while held (already reported as recursive locking) is counted, so
 * that the matching releases do not add "not held" reports to that one error.
 *
 * <p>Mutable; the analysis copies it where paths split and {@linkplain #joinWith joins} it where
 * they meet. An unreachable point has no {@code HeldRanks} at all (null), never an empty one.
 */
final class HeldRanks {

    /**
     * One held rank.
     *
     * @param origin where it was first acquired, as shown in messages ("acquired by X.m() at
     *     line 7")
     * @param guard the local variable whose non-null value the hold depends on, or null if it is
     *     held unconditionally (always null when {@code depth > 1})
     * @param depth how many times it is held (more than once only after a recursive-locking
     *     error)
     */
    record Hold(String origin, @Nullable Element guard, int depth) {}

    private final EnumMap<LockRank, Hold> holds;

    /** An empty set: nothing held. */
    HeldRanks() {
        holds = new EnumMap<>(LockRank.class);
    }

    private HeldRanks(EnumMap<LockRank, Hold> holds) {
        this.holds = new EnumMap<>(holds);
    }

    /**
     * An independent copy.
     *
     * @return a copy
     */
    HeldRanks copy() {
        return new HeldRanks(holds);
    }

    /**
     * A copy of {@code s}, or null for an unreachable point.
     *
     * @param s a set, or null
     * @return a copy of {@code s}, or null
     */
    static @Nullable HeldRanks copyOf(@Nullable HeldRanks s) {
        return s == null ? null : s.copy();
    }

    /**
     * The meet of two paths: every rank held on either.
     *
     * @param a a set, or null if that path cannot reach the point
     * @param b a set, or null if that path cannot reach the point
     * @return a fresh union, or null if neither path reaches the point
     */
    static @Nullable HeldRanks join(@Nullable HeldRanks a, @Nullable HeldRanks b) {
        if (a == null) {
            return copyOf(b);
        }
        HeldRanks out = a.copy();
        if (b != null) {
            out.joinWith(b);
        }
        return out;
    }

    /**
     * Adds every rank of {@code other}. A rank held on both sides keeps this side's origin (the
     * earlier path in source order, so messages are deterministic) and the larger depth; it
     * stays guarded only if both sides guard it by the same variable.
     *
     * @param other the other path
     */
    void joinWith(HeldRanks other) {
        for (Map.Entry<LockRank, Hold> e : other.holds.entrySet()) {
            Hold mine = holds.get(e.getKey());
            Hold theirs = e.getValue();
            if (mine == null) {
                holds.put(e.getKey(), theirs);
            } else {
                Element guard = Objects.equals(mine.guard(), theirs.guard()) ? mine.guard() : null;
                holds.put(e.getKey(),
                        new Hold(mine.origin(), guard, Math.max(mine.depth(), theirs.depth())));
            }
        }
    }

    /**
     * Whether {@code other} holds the same ranks, the same number of times, under the same
     * guards (origins, which only feed messages, are not compared).
     *
     * @param other another set
     * @return true iff the analysis would behave the same from either
     */
    boolean sameHolds(HeldRanks other) {
        if (!holds.keySet().equals(other.holds.keySet())) {
            return false;
        }
        for (Map.Entry<LockRank, Hold> e : holds.entrySet()) {
            Hold theirs = other.holds.get(e.getKey());
            if (e.getValue().depth() != theirs.depth()
                    || !Objects.equals(e.getValue().guard(), theirs.guard())) {
                return false;
            }
        }
        return true;
    }

    boolean holds(LockRank rank) {
        return holds.containsKey(rank);
    }

    /**
     * Where a held rank was acquired.
     *
     * @param rank a held rank
     * @return its origin text
     */
    String originOf(LockRank rank) {
        Hold h = holds.get(rank);
        if (h == null) {
            throw new IllegalArgumentException("rank " + rank + " is not held");
        }
        return h.origin();
    }

    /**
     * Records {@code rank} as held from here on (once more, if it is already held).
     *
     * @param rank the rank acquired
     * @param origin where, for messages
     * @param guard the local variable holding the call's result if the hold depends on it being
     *     non-null, else null
     */
    void acquire(LockRank rank, String origin, @Nullable Element guard) {
        Hold old = holds.get(rank);
        holds.put(rank, old == null ? new Hold(origin, guard, 1)
                : new Hold(old.origin(), null, old.depth() + 1));
    }

    /**
     * Releases {@code rank} once.
     *
     * @param rank the rank released
     */
    void release(LockRank rank) {
        Hold old = holds.get(rank);
        if (old != null && old.depth() > 1) {
            holds.put(rank, new Hold(old.origin(), null, old.depth() - 1));
        } else {
            holds.remove(rank);
        }
    }

    /**
     * Releases every rank in {@code ranks} once.
     *
     * @param ranks ranks released
     */
    void releaseAll(Collection<LockRank> ranks) {
        for (LockRank r : ranks) {
            release(r);
        }
    }

    /**
     * On the path where {@code variable} is null: drops every rank whose hold depends on it.
     *
     * @param variable a local variable known to be null here
     */
    void assumeNull(Element variable) {
        holds.values().removeIf(h -> variable.equals(h.guard()));
    }

    /**
     * {@code variable} was assigned something else: holds that depended on its old value stay
     * held (the lock was not released) but no longer follow its null tests.
     *
     * @param variable a reassigned local variable
     */
    void forgetGuard(Element variable) {
        holds.replaceAll(
                (r, h) -> variable.equals(h.guard()) ? new Hold(h.origin(), null, h.depth()) : h);
    }

    /**
     * The highest held rank strictly above {@code rank}, the one an acquisition of {@code rank}
     * most clearly violates the order against.
     *
     * @param rank the rank being acquired
     * @return the highest held rank above it, or null if none
     */
    @Nullable LockRank highestAbove(LockRank rank) {
        LockRank found = null;
        for (LockRank held : holds.keySet()) {
            if (!rank.mayAcquireWhileHolding(held) && held != rank) {
                found = held; // EnumMap iterates in rank order: the last match is the highest
            }
        }
        return found;
    }

    /**
     * The ranks held, in rank order.
     *
     * @return an unmodifiable view
     */
    Set<LockRank> ranks() {
        return java.util.Collections.unmodifiableSet(holds.keySet());
    }

    @Override
    public String toString() {
        return holds.keySet().toString();
    }
}
