/**
 * Scenario files: the versioned JSON format {@code punchspec-scenario/1}, its JSON Schema (a
 * resource beside {@link dev.punchspec.verify.scenario.ScenarioLoader}), the loader that validates
 * a file and names the field of the first problem, and the {@link
 * dev.punchspec.verify.explore.Scenario} a loaded file becomes.
 */
package dev.punchspec.verify.scenario;
