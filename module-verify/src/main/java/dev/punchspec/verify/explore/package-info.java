/**
 * The deterministic scheduler and the exhaustive interleaving explorer: {@link
 * dev.punchspec.verify.explore.Explorer} runs a {@link dev.punchspec.verify.explore.Scenario}'s
 * tasks one at a time, switching only at the scheduling points of the api's lock model and
 * lookups, and enumerates every schedule within its bounds, or, under a scenario's
 * {@link dev.punchspec.verify.explore.StepDependency}, one schedule per equivalence class by
 * source-DPOR with sleep sets ({@link dev.punchspec.verify.explore.ModelDependency} is the
 * relation of the model's lock labels).
 */
package dev.punchspec.verify.explore;
