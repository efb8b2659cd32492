package dev.punchspec.cache;

import dev.punchspec.api.lock.SchedulingHook;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A scheduling hook that plays another thread: at the first scheduling point whose description
 * contains a given text (or on a blocked wait), it runs a scripted action once, standing for the
 * other task running there. Records every point passed.
 */
final class ScriptedHook implements SchedulingHook {

    private final String trigger;
    private Runnable action;
    private boolean fired;
    final List<String> points = new ArrayList<>();

    ScriptedHook(String trigger, Runnable action) {
        this.trigger = trigger;
        this.action = action;
    }

    @Override
    public void schedulingPoint(String what) {
        points.add(what);
        if (!fired && what.contains(trigger)) {
            fire();
        }
    }

    @Override
    public boolean blockUntil(String what, BooleanSupplier ready) {
        points.add("block " + what);
        if (!ready.getAsBoolean() && !fired) {
            fire();
        }
        return ready.getAsBoolean();
    }

    private void fire() {
        fired = true;
        Runnable a = action;
        action = () -> { };
        a.run();
    }

    boolean fired() {
        return fired;
    }
}
