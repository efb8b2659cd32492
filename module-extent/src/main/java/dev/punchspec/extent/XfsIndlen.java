package dev.punchspec.extent;

import java.math.BigInteger;
import java.util.Objects;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * XFS's indirect-block reservation rules: {@code xfs_bmap_worst_indlen()} and
 * {@code xfs_bmap_split_indlen()} (fs/xfs/libxfs/xfs_bmap.c, newest generation: the split no
 * longer steals blocks itself; {@code xfs_bmap_del_extent_delay()} does, see
 * {@link DelallocPunchLoop}).
 *
 * <p>The btree geometry is a parameter: the most records a bmap btree leaf and node block hold
 * ({@code mp->m_bmap_dmxr[0]} and {@code [1]}) and the btree's maximum height
 * ({@code XFS_BM_MAXLEVELS(mp, XFS_DATA_FORK)}). For 4 KiB blocks on a v5 filesystem these are
 * 251, 251 and 5 ({@link #XFS_4K}); tiny models use tiny values so that reservations run short
 * and the split's rationing is exercised. Immutable.
 */
public final class XfsIndlen implements IndlenPolicy {

    /** Largest btree height accepted; {@link IndlenPolicy#worstIndlen}'s bound relies on it. */
    public static final int MAX_LEVELS = 20;

    /**
     * The geometry of a v5 filesystem with 4 KiB blocks: (4096 - 72) / 16 = 251 records per leaf
     * (72-byte long-format CRC block header, 16-byte records), (4096 - 72) / 16 = 251 key/pointer
     * pairs per node, and a height of 5 for 2^31 extents at half-full blocks.
     */
    public static final XfsIndlen XFS_4K = new XfsIndlen(251, 251, 5);

    private final int leafMaxRecs;
    private final int nodeMaxRecs;
    private final int maxLevels;

    /**
     * A policy for the given bmap btree geometry.
     *
     * @param leafMaxRecs records per leaf block ({@code m_bmap_dmxr[0]}), at least 2
     * @param nodeMaxRecs records per node block ({@code m_bmap_dmxr[1]}), at least 2
     * @param maxLevels btree height ({@code XFS_BM_MAXLEVELS}), 1 to {@link #MAX_LEVELS}
     * @throws IllegalArgumentException naming the parameter and its value when out of range
     */
    public XfsIndlen(int leafMaxRecs, int nodeMaxRecs, int maxLevels) {
        if (leafMaxRecs < 2) {
            throw new IllegalArgumentException("leafMaxRecs must be >= 2, was " + leafMaxRecs);
        }
        if (nodeMaxRecs < 2) {
            throw new IllegalArgumentException("nodeMaxRecs must be >= 2, was " + nodeMaxRecs);
        }
        if (maxLevels < 1 || maxLevels > MAX_LEVELS) {
            throw new IllegalArgumentException("maxLevels must be 1.." + MAX_LEVELS + ", was " + maxLevels);
        }
        this.leafMaxRecs = leafMaxRecs;
        this.nodeMaxRecs = nodeMaxRecs;
        this.maxLevels = maxLevels;
    }

    /** @return records per leaf block */
    public int leafMaxRecs() {
        return leafMaxRecs;
    }

    /** @return records per node block */
    public int nodeMaxRecs() {
        return nodeMaxRecs;
    }

    /** @return the btree height */
    public int maxLevels() {
        return maxLevels;
    }

    /**
     * {@code xfs_bmap_worst_indlen(ip, len)}: one block per leaf the extent's records could
     * need, one per node above them, level by level; once a level needs a single block, one more
     * block for every level above it.
     *
     * @throws IllegalArgumentException if {@code lengthFsb} is outside {@code [1, MAX_FSB]}
     */
    @Override
    public long worstIndlen(long lengthFsb) {
        if (lengthFsb < 1 || lengthFsb > MAX_FSB) {
            throw new IllegalArgumentException("lengthFsb must be 1.." + MAX_FSB + ", was " + lengthFsb);
        }
        long len = lengthFsb;
        long maxrecs = leafMaxRecs;
        long rval = 0;
        for (int level = 0; level < maxLevels; level++) {
            len = (len + maxrecs - 1) / maxrecs;
            rval += len;
            if (len == 1) {
                return rval + maxLevels - level - 1;
            }
            if (level == 0) {
                maxrecs = nodeMaxRecs;
            }
        }
        return rval;
    }

    /**
     * {@code xfs_bmap_split_indlen(ores, &indlen1, &indlen2)}: scales both requests by the
     * percentage of the total the reservation covers (integer percent, rounded down), then hands
     * out what is left one block at a time, to the second piece first if it got nothing, then
     * alternately starting with the first.
     *
     * @throws IllegalArgumentException naming the value when the preconditions of
     *     {@link IndlenPolicy#splitIndlen} do not hold
     */
    @Override
    public void splitIndlen(long reservedFsb, long[] first, int at1, long[] second, int at2) {
        if (at1 < 0 || at1 >= first.length) {
            throw new IllegalArgumentException("at1 must index first (length " + first.length + "), was " + at1);
        }
        if (at2 < 0 || at2 >= second.length) {
            throw new IllegalArgumentException("at2 must index second (length " + second.length + "), was " + at2);
        }
        if (first == second && at1 == at2) {
            throw new IllegalArgumentException("the two requests must be distinct elements, both were element "
                    + at1 + " of one array");
        }
        long want1 = first[at1];
        long want2 = second[at2];
        if (want1 < 0 || want1 > 2 * MAX_FSB || want2 < 0 || want2 > 2 * MAX_FSB) {
            throw new IllegalArgumentException("indlen requests must be 0.." + 2 * MAX_FSB + ", were " + want1
                    + " and " + want2);
        }
        long nres = want1 + want2;
        if (reservedFsb < 0 || reservedFsb >= nres) {
            throw new IllegalArgumentException("reservedFsb must be 0..(indlen1 + indlen2 - 1) = 0.."
                    + (nres - 1) + ", was " + reservedFsb);
        }
        long ores = reservedFsb;
        long resfactor = mulDiv(ores, 100, nres);
        long len1 = mulDiv(want1, resfactor, 100);
        long len2 = mulDiv(want2, resfactor, 100);
        ores -= len1 + len2;
        if (ores > 0 && len2 == 0 && want2 > 0) {
            len2++;
            ores--;
        }
        while (ores > 0) {
            if (len1 < want1) {
                len1++;
                ores--;
            }
            if (ores == 0) {
                break;
            }
            if (len2 < want2) {
                len2++;
                ores--;
            }
        }
        first[at1] = len1;
        second[at2] = len2;
    }

    /**
     * {@code a * b / c} rounded down, computed exactly. The kernel multiplies in unsigned 64-bit
     * arithmetic, which agrees for every product below 2^64 (reservations below about 2^57 blocks,
     * far beyond any real one); the model's bounds allow larger values, where the kernel would
     * wrap, so the product is formed without overflow instead.
     */
    private static long mulDiv(long a, long b, long c) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    @Override
    public boolean equals(@GuardSatisfied XfsIndlen this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof XfsIndlen)) {
            return false;
        }
        XfsIndlen that = (XfsIndlen) other;
        return leafMaxRecs == that.leafMaxRecs && nodeMaxRecs == that.nodeMaxRecs && maxLevels == that.maxLevels;
    }

    @Override
    public int hashCode(@GuardSatisfied XfsIndlen this) {
        return Objects.hash(leafMaxRecs, nodeMaxRecs, maxLevels);
    }

    @Override
    public String toString(@GuardSatisfied XfsIndlen this) {
        return "indlen{leaf=" + leafMaxRecs + ", node=" + nodeMaxRecs + ", levels=" + maxLevels + "}";
    }
}
