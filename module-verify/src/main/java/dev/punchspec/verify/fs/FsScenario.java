package dev.punchspec.verify.fs;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.verify.explore.Scenario;
import java.util.List;

/**
 * A scenario on one {@link FsWorld}: the world's lock validator, end state and properties (at
 * rest and between steps) are the scenario's, so every family and scenario file observes the
 * same things; a subclass says what its tasks do.
 */
public abstract class FsScenario implements Scenario<FsWorld> {

    @Override
    public final LockValidator validator(FsWorld world) {
        return world.validator();
    }

    @Override
    public final String endState(FsWorld world) {
        return world.endState();
    }

    @Override
    public final List<String> violationsAtRest(FsWorld world) {
        return world.violationsAtRest();
    }

    @Override
    public final List<String> violationsAtStep(FsWorld world) {
        return world.violationsAtStep();
    }
}
