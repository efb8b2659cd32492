package dev.punchspec.cache;

import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A value entry of the page cache ({@code xa_is_value()}): the workingset shadow that reclaim
 * leaves where it evicted a clean folio ({@code __remove_mapping()} with {@code reclaimed}), of
 * the evicted folio's order. {@code mapping_seek_hole_data()} counts a value entry as data
 * ({@code folio_seek_hole_data()}: "xa_is_value(folio) || folio_test_uptodate(folio)"), although no
 * folio, and so no cached byte, is there; DAX and swap entries are value entries too but are not
 * modelled. Immutable.
 */
public final class ShadowEntry implements CacheEntry {

    private final long index;
    private final int order;

    /**
     * A value entry over pages {@code [index, index + 2^order)}.
     *
     * @throws IllegalArgumentException naming the field when {@code index} is negative or not a
     *     multiple of {@code 2^order}, or {@code order} is negative or above 62
     */
    ShadowEntry(long index, int order) {
        CachedFolio.checkPlacement(index, order);
        this.index = index;
        this.order = order;
    }

    @Override
    public long index() {
        return index;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public boolean equals(@GuardSatisfied ShadowEntry this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ShadowEntry)) {
            return false;
        }
        ShadowEntry that = (ShadowEntry) other;
        return index == that.index && order == that.order;
    }

    @Override
    public int hashCode(@GuardSatisfied ShadowEntry this) {
        return Objects.hash(index, order);
    }

    @Override
    public String toString(@GuardSatisfied ShadowEntry this) {
        return "shadow{index=" + index + ", order=" + order + "}";
    }
}
