package dev.punchspec.verify.explore;

/**
 * The dependency relation of a scenario's steps, for the explorer's partial-order reduction.
 *
 * <p>Obligation (what makes the reduction sound): when {@link #dependent} returns {@code false}
 * for two steps of different tasks that are both enabled in a state, running them in either order
 * from that state reaches the same state (the same world, the same end state text and the same
 * violations at rest), each runs the same (same labels, same code path) in both orders, and
 * neither enables or disables the other. When in doubt, a relation says dependent: that only costs
 * interleavings. The relation must be a pure function of its arguments and symmetric.
 */
public interface StepDependency {

    /**
     * Every two steps are dependent: no reduction. The explorer recognises this instance and runs
     * its plain exhaustive enumeration, exactly as before reductions existed.
     */
    StepDependency ALL = new StepDependency() {
        @Override
        public boolean dependent(Transition a, Transition b) {
            return true;
        }

        @Override
        public String name() {
            return "all steps dependent";
        }
    };

    /**
     * @param a a step of one task
     * @param b a step of another task
     * @return whether they may fail to commute; {@code true} when unsure
     */
    boolean dependent(Transition a, Transition b);

    /** @return how reports name the relation */
    String name();
}
