package dev.punchspec.api.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;

/**
 * A scheduling hook for tests: records every call, with a probe of the model state at that
 * moment, and lets a test decide what a wait does (e.g. run another task's release, as the
 * explorer's scheduler would).
 */
final class RecordingHook implements SchedulingHook {

    /** What a wait does instead of switching to other threads. */
    interface Waiter {
        @MayReleaseLocks
        boolean await(BooleanSupplier ready);
    }

    private final List<String> events = new ArrayList<>();
    private final Supplier<String> probe;
    private Waiter waiter = BooleanSupplier::getAsBoolean;

    RecordingHook() {
        this(() -> "");
    }

    /** @param probe describes the model state; appended to each event after " | " when not empty */
    RecordingHook(Supplier<String> probe) {
        this.probe = probe;
    }

    void onWait(Waiter newWaiter) {
        this.waiter = newWaiter;
    }

    List<String> events() {
        return List.copyOf(events);
    }

    private String withProbe(String event) {
        String state = probe.get();
        return state.isEmpty() ? event : event + " | " + state;
    }

    @Override
    public void schedulingPoint(String what) {
        events.add(withProbe(what));
    }

    // The waiter stands in for other model threads, which in the explorer run on their own Java
    // threads: their releases are not this method's, so the interface rightly says it releases
    // none. Here they run on the test's thread, hence the suppression in test code only.
    @SuppressWarnings("lock:method.guarantee.violated")
    @Override
    public boolean blockUntil(String what, BooleanSupplier ready) {
        events.add(withProbe("block " + what));
        return waiter.await(ready);
    }
}
