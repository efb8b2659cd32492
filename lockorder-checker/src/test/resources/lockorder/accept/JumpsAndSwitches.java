import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Xfs;

/** Accept: jumps through finally blocks, labeled jumps, switch expressions, ?: and assert. */
class JumpsAndSwitches {
    /** A break leaves through a finally block that unlocks. */
    void breakThroughFinally(Xfs xfs, AddressSpace mapping, long count) {
        for (long index = 0; index < count; index++) {
            xfs.ilock();
            try {
                if (index > 3) {
                    break;
                }
            } finally {
                xfs.iunlock();
            }
        }
        mapping.invalidateLock(); // no ILOCK held after the loop on any path
        mapping.invalidateUnlock();
    }

    /** A continue through a finally block that unlocks keeps the iteration balanced. */
    void continueThroughFinally(Xfs xfs, long count) {
        for (long index = 0; index < count; index++) {
            xfs.ilock();
            try {
                if (index % 2 == 0) {
                    continue;
                }
            } finally {
                xfs.iunlock();
            }
        }
    }

    /** break out of two loops carrying a folio lock, released after. */
    long labeled(AddressSpace mapping, long rows, long columns) {
        Folio found = null;
        outer:
        for (long row = 0; row < rows; row++) {
            for (long column = 0; column < columns; column++) {
                Folio folio = mapping.lockFolio(row * columns + column);
                if (folio == null) {
                    continue outer;
                }
                if (folio.index() == 7) {
                    found = folio;
                    break outer;
                }
                folio.unlock();
            }
        }
        if (found == null) {
            return -1;
        }
        long index = found.index();
        found.unlock();
        return index;
    }

    /** Every arm of a switch expression is balanced. */
    int switchExpression(Xfs xfs, AddressSpace mapping, int how) {
        int result = switch (how) {
            case 0 -> {
                xfs.ilock();
                xfs.iunlock();
                yield 1;
            }
            case 1 -> 2;
            default -> {
                mapping.invalidateLock();
                mapping.invalidateUnlock();
                yield 3;
            }
        };
        xfs.ilock();
        xfs.iunlock();
        return result;
    }

    /** A null test in a conditional expression and in an assert. */
    long conditional(AddressSpace mapping) {
        Folio folio = mapping.lockFolio(0);
        long index = folio == null ? -1 : folio.index();
        assert folio == null || folio.index() >= 0 : "negative index";
        if (folio != null) {
            folio.unlock();
        }
        return index;
    }

    /** A rule switch statement whose cases all release what they take. */
    void ruleSwitch(Xfs xfs, int how) {
        switch (how) {
            case 0 -> {
                xfs.ilock();
                xfs.iunlock();
            }
            case 1 -> throw new IllegalArgumentException("how = " + how);
            default -> { }
        }
        xfs.ilock();
        xfs.iunlock();
    }
}
