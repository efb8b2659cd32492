package dev.punchspec.extent;

/**
 * A negative errno an XFS function of the model returns: {@link #ENOSPC} when a reservation or
 * an allocation finds no space, {@link #EAGAIN} when a COW conversion finds its extent gone.
 * Checked, because in the kernel the caller must handle them (a buffered write turns
 * {@code -ENOSPC} into a short write or an error, the punch path follows).
 */
public final class XfsError extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@code ENOSPC}: no space left on device. */
    public static final int ENOSPC = 28;
    /** {@code EAGAIN}: try again. */
    public static final int EAGAIN = 11;

    /** The positive errno. */
    private final int errno;

    /**
     * @param errno the positive errno, {@link #ENOSPC} or {@link #EAGAIN}
     * @param message which function failed and why, with the values involved
     */
    XfsError(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** @return the positive errno; the kernel function returns its negation */
    public int errno() {
        return errno;
    }
}
