package dev.punchspec.api.mapping;

import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The mapping a write iteration was given ({@code struct iomap}): its type, flags and the byte
 * range it maps. Only the fields the punch path reads are modelled. Immutable.
 *
 * <p>The constants carry the kernel's values (include/linux/iomap.h) so that conformance vectors
 * can be read against kernel traces. The Lock Checker requires the {@code @GuardSatisfied} receiver
 * parameters of {@code equals}, {@code hashCode} and {@code toString}.
 */
public final class Iomap {

    /** {@code IOMAP_HOLE}: no blocks allocated. */
    public static final int IOMAP_HOLE = 0;
    /** {@code IOMAP_DELALLOC}: delayed allocation blocks. */
    public static final int IOMAP_DELALLOC = 1;
    /** {@code IOMAP_MAPPED}: blocks allocated at {@code addr}. */
    public static final int IOMAP_MAPPED = 2;
    /** {@code IOMAP_UNWRITTEN}: blocks allocated but not written. */
    public static final int IOMAP_UNWRITTEN = 3;

    /** {@code IOMAP_F_NEW}: the filesystem just reserved or allocated these blocks for this call. */
    public static final int IOMAP_F_NEW = 1;
    /** {@code IOMAP_F_SHARED}: the range is shared (XFS: the write goes to the COW fork). */
    public static final int IOMAP_F_SHARED = 1 << 2;

    /** Iteration flag {@code IOMAP_WRITE}. */
    public static final int IOMAP_WRITE = 1;
    /** Iteration flag {@code IOMAP_ZERO}: zeroing; the caller already holds the invalidate_lock. */
    public static final int IOMAP_ZERO = 1 << 1;
    /** Iteration flag {@code IOMAP_FAULT}: a write fault ({@code iomap_page_mkwrite}). */
    public static final int IOMAP_FAULT = 1 << 3;
    /** Iteration flag {@code IOMAP_UNSHARE}: unsharing; the caller already holds the invalidate_lock. */
    public static final int IOMAP_UNSHARE = 1 << 7;

    /** {@code iomap->type}. */
    private final int type;
    /** {@code iomap->flags}. */
    private final int flags;
    /** {@code iomap->offset}: file offset of the mapping, in bytes. */
    private final long offsetByte;
    /** {@code iomap->length}: length of the mapping, in bytes. */
    private final long lengthByte;

    /**
     * A mapping of {@code [offsetByte, offsetByte + lengthByte)}.
     *
     * @throws IllegalArgumentException naming the field and value when the type is not one of the
     *     modelled types, the offset is negative, the length is not positive, or the end would
     *     pass {@code Long.MAX_VALUE}
     */
    /*@ public normal_behavior
      @   requires IOMAP_HOLE <= type && type <= IOMAP_UNWRITTEN;
      @   requires 0 <= offsetByte && 0 < lengthByte && offsetByte <= Long.MAX_VALUE - lengthByte;
      @   ensures type() == type && flags() == flags;
      @   ensures offsetByte() == offsetByte && lengthByte() == lengthByte;
      @*/
    public Iomap(int type, int flags, long offsetByte, long lengthByte) {
        if (type < IOMAP_HOLE || type > IOMAP_UNWRITTEN) {
            throw new IllegalArgumentException("iomap type must be 0..3 (HOLE, DELALLOC, MAPPED,"
                    + " UNWRITTEN), was " + type);
        }
        if (offsetByte < 0) {
            throw new IllegalArgumentException("iomap offsetByte must be >= 0, was " + offsetByte);
        }
        if (lengthByte <= 0) {
            throw new IllegalArgumentException("iomap lengthByte must be > 0, was " + lengthByte);
        }
        if (offsetByte > Long.MAX_VALUE - lengthByte) {
            throw new IllegalArgumentException("iomap offsetByte + lengthByte overflows: offsetByte "
                    + offsetByte + ", lengthByte " + lengthByte);
        }
        this.type = type;
        this.flags = flags;
        this.offsetByte = offsetByte;
        this.lengthByte = lengthByte;
    }

    /** {@code iomap->type}. */
    //@ ensures \result == type;
    public /*@ pure @*/ int type() {
        return type;
    }

    /** {@code iomap->flags}. */
    //@ ensures \result == flags;
    public /*@ pure @*/ int flags() {
        return flags;
    }

    /** {@code iomap->offset}. */
    //@ ensures \result == offsetByte;
    public /*@ pure @*/ long offsetByte() {
        return offsetByte;
    }

    /** {@code iomap->length}. */
    //@ ensures \result == lengthByte;
    public /*@ pure @*/ long lengthByte() {
        return lengthByte;
    }

    /** Whether {@code flags} has every bit of {@code flag} set. */
    //@ ensures \result == ((flags & flag) == flag);
    public /*@ pure @*/ boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    public boolean equals(@GuardSatisfied Iomap this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof Iomap)) {
            return false;
        }
        Iomap that = (Iomap) other;
        return type == that.type && flags == that.flags && offsetByte == that.offsetByte
                && lengthByte == that.lengthByte;
    }

    public int hashCode(@GuardSatisfied Iomap this) {
        return Objects.hash(type, flags, offsetByte, lengthByte);
    }

    public String toString(@GuardSatisfied Iomap this) {
        return "iomap{type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", ["
                + offsetByte + ", " + (offsetByte + lengthByte) + ")}";
    }
}
