package dev.punchspec.key;

import de.uka.ilkd.key.proof.io.ProblemLoaderException;
import de.uka.ilkd.key.util.KeYConstants;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The KeY proof gate: stages a module's proof targets, proves every JML contract of every staged
 * type with KeY under Java's overflow-checking integer semantics, writes a report and exits
 * non-zero when a contract stays open.
 *
 * <p>Exit status: 0 when every contract closed (and every {@code --expect-open} contract stayed
 * open); 1 when the gate fails on a proof, each open contract printed by name; 2 on a usage or
 * setup error (bad option, a source KeY cannot load, the overflow choice not taking effect).
 *
 * <p>Run it in a JVM of its own, hermetically: {@code -Dkey.disregardSettings=true} so KeY ignores
 * the user's settings file, and {@code -Duser.home=<build dir>} so it writes nothing outside the
 * build. The first is checked here; a run without it is refused. See {@link ProverOptions} for
 * the options and {@link KeyGate} for the proof settings.
 */
public final class KeyProver {

    /** Exit status of a passing run. */
    public static final int PASS = 0;

    /** Exit status when a contract stays open (or a negative control closes). */
    public static final int PROOF_FAILED = 1;

    /** Exit status of a usage or setup error. */
    public static final int SETUP_ERROR = 2;

    private KeyProver() {
    }

    /**
     * Command-line entry point.
     *
     * @param args see {@link ProverOptions}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the gate with overflow checking, as the build does.
     *
     * @param args see {@link ProverOptions}
     * @param out where progress and the verdict go
     * @param err where errors and open contracts go
     * @return the exit status ({@link #PASS}, {@link #PROOF_FAILED}, {@link #SETUP_ERROR})
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        long startNanos = System.nanoTime();
        ProverOptions options;
        try {
            options = ProverOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("key-runner: " + e.getMessage());
            return SETUP_ERROR;
        }
        if (!"true".equals(System.getProperty("key.disregardSettings"))) {
            err.println("key-runner: refusing to run without -Dkey.disregardSettings=true (KeY"
                    + " would read the user's settings, which can change the taclet options)");
            return SETUP_ERROR;
        }
        try {
            if (options.stages()) {
                SourceStager.Result staged = SourceStager.stage(options.sourceRoot(),
                        options.sources(), options.stagingDir(), options.stubDir(),
                        options.libraryClasspath());
                out.println("key-runner: staged " + staged.stagedFiles() + " into "
                        + options.stagingDir() + "; stubs " + staged.stubbedTypes() + " in "
                        + options.stubDir());
            }
            if (options.stageOnly()) {
                return PASS;
            }
            ProofReport report = prove(options, KeyGate.CHECKING_OF, out);
            report.write(options.reportBase());
            out.println("key-runner: report " + options.reportBase() + ".{md,json}");
            for (String name : report.unexpectedlyOpen()) {
                err.println("key-runner: OPEN " + name);
            }
            for (String name : report.failedNegativeControls()) {
                err.println("key-runner: NEGATIVE CONTROL NOT OPEN (closed or missing) " + name);
            }
            out.printf(java.util.Locale.ROOT,
                    "key-runner: %s: %d of %d contracts closed, load %.1f s, proofs %.1f s,"
                            + " wall %.1f s%n",
                    report.passed() ? "PASS" : "FAIL", report.closedCount(),
                    report.results().size(), report.loadSeconds(), report.proofSeconds(),
                    (System.nanoTime() - startNanos) / 1e9);
            return report.passed() ? PASS : PROOF_FAILED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("key-runner: " + e.getMessage());
            return SETUP_ERROR;
        } catch (ProblemLoaderException e) {
            err.println("key-runner: KeY cannot load " + options.stagingDir() + ": " + e);
            return SETUP_ERROR;
        } catch (IOException | UncheckedIOException e) {
            err.println("key-runner: I/O error: " + e.getMessage());
            return SETUP_ERROR;
        }
    }

    /**
     * Loads the staged directory and proves every contract. Exposed for the gate's own tests,
     * which also prove with overflow ignored to show what checking it catches.
     *
     * @param options the parsed options (staging and report paths, limits, expected-open list)
     * @param intRules the {@code intRules} choice
     * @param out where one line per contract is printed as it is proved
     * @return the report, not yet written
     * @throws ProblemLoaderException if KeY cannot load the sources
     */
    public static ProofReport prove(ProverOptions options, String intRules, PrintStream out)
            throws ProblemLoaderException {
        if (!Files.isDirectory(options.stagingDir())) {
            throw new IllegalArgumentException(
                    "--staging is not a directory: " + options.stagingDir());
        }
        List<Path> library = new ArrayList<>();
        if (Files.isDirectory(options.stubDir())) {
            library.add(options.stubDir());
        }
        try (KeyGate gate = KeyGate.load(options.stagingDir(), library, intRules)) {
            Path base = options.reportBase();
            if (base != null) {
                // Recreated so that a file there always belongs to this run's open proofs.
                Path openGoals = base.resolveSibling(base.getFileName() + "-open-goals");
                SourceStager.recreate(openGoals.toAbsolutePath().normalize());
                gate.writeOpenGoalsTo(openGoals);
            }
            out.printf(java.util.Locale.ROOT, "key-runner: KeY %s loaded %s in %.1f s (%s)%n",
                    KeYConstants.VERSION, options.stagingDir(), gate.loadSeconds(), intRules);
            if (!options.only().isEmpty()) {
                out.println("key-runner: PARTIAL RUN, only contracts containing "
                        + options.only());
            }
            List<ContractResult> results = gate.proveAll(options.timeoutSeconds(),
                    options.maxSteps(), options.only(), r -> out.println("key-runner: " + r));
            String strategy = KeyGate.strategyDescription() + (options.only().isEmpty() ? ""
                    : "; PARTIAL RUN, only contracts containing " + options.only());
            return new ProofReport(KeYConstants.VERSION, intRules, strategy,
                    options.timeoutSeconds(), options.maxSteps(), gate.loadSeconds(), results,
                    options.expectedOpen());
        }
    }
}
