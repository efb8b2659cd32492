import org.checkerframework.checker.nullness.qual.Nullable;

/** Multi-checker case, compiled second: a Nullness error only. */
class B2Nullness {
    int length(@Nullable String text) {
        // :: error: [dereference.of.nullable] dereference of possibly-null reference text
        return text.length();
    }
}
