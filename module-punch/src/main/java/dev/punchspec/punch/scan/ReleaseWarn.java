package dev.punchspec.punch.scan;

/**
 * {@code WARN_ON_ONCE()} as {@code iomap_write_delalloc_release()} (v6.1.y seed) uses it: it reports
 * and changes nothing the release reads. The site is one of {@link Seed61Release}'s {@code WARN_}
 * constants (an {@code int}, not the message text, to keep this in KeY's Java subset).
 */
public interface ReleaseWarn {

    /** Reports {@code site} once if {@code condition} holds. */
    /*@ public normal_behavior
      @   assignable \nothing;
      @*/
    /*@ helper @*/ void warnOnOnce(boolean condition, int site);
}
