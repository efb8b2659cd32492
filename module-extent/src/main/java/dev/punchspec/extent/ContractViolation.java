package dev.punchspec.extent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A run-time-checked contract of the extent map that did not hold: property {@code CONTRACT}.
 * The explorer reads these from {@link ExtentMap#contractViolations()}.
 *
 * <p>Each names the contract (a short identifier, e.g. {@value #PUNCH_PARTIAL_BLOCK}), the kernel
 * function whose contract it is, the fields involved with their values (in the order given), and
 * a sentence saying what went wrong. Immutable.
 */
public final class ContractViolation {

    /**
     * The punch callback was given a byte range that is not whole blocks: XFS's
     * {@code xfs_bmap_punch_delalloc_range()} removes the first and the last block whole even when
     * the range covers only part of them, and its comment makes avoiding partial blocks the
     * caller's job.
     */
    public static final String PUNCH_PARTIAL_BLOCK = "punch-partial-block";
    /** The punch callback was given a length of zero: nothing to punch was asked for. */
    public static final String PUNCH_EMPTY = "punch-empty";
    /**
     * The punch callback was given a negative offset or length, or a range past
     * {@code LLONG_MAX}: XFS would compute a wrapped block range; the model punches nothing.
     */
    public static final String PUNCH_BAD_RANGE = "punch-bad-range";
    /** The free-block counter and the reservations do not add up to the disk's capacity. */
    public static final String SPACE_UNBALANCED = "space-unbalanced";
    /** Disk blocks were freed that were not allocated. */
    public static final String DOUBLE_FREE = "double-free";

    private final String contract;
    private final String function;
    private final Map<String, Long> fields;
    private final String message;

    /**
     * Records a violation.
     *
     * @param contract the contract's identifier
     * @param function the kernel function whose contract it is
     * @param fields the fields involved and their values, in a meaningful order; copied
     * @param message what went wrong
     */
    public ContractViolation(String contract, String function, Map<String, Long> fields, String message) {
        this.contract = contract;
        this.function = function;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.message = message;
    }

    /** @return the contract's identifier */
    public String contract() {
        return contract;
    }

    /** @return the kernel function whose contract it is */
    public String function() {
        return function;
    }

    /** @return the fields involved and their values, in order */
    public Map<String, Long> fields() {
        return fields;
    }

    /** @return what went wrong */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(@GuardSatisfied ContractViolation this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ContractViolation)) {
            return false;
        }
        ContractViolation that = (ContractViolation) other;
        return contract.equals(that.contract) && function.equals(that.function) && fields.equals(that.fields)
                && message.equals(that.message);
    }

    @Override
    public int hashCode(@GuardSatisfied ContractViolation this) {
        return Objects.hash(contract, function, fields, message);
    }

    /** @return e.g. {@code CONTRACT punch-partial-block in xfs_buffered_write_delalloc_punch {offsetByte=3, ...}: ...} */
    @Override
    public String toString(@GuardSatisfied ContractViolation this) {
        return "CONTRACT " + contract + " in " + function + " " + fields + ": " + message;
    }
}
