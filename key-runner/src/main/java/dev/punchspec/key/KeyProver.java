package dev.punchspec.key;

import de.uka.ilkd.key.proof.io.ProblemLoaderException;
import de.uka.ilkd.key.speclang.Contract;
import de.uka.ilkd.key.util.KeYConstants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
            if (options.workerQueue() != null) {
                return work(options, out);
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
        Path base = options.reportBase();
        if (options.jobs() > 1) {
            if (base == null) {
                throw new IllegalArgumentException("--jobs " + options.jobs()
                        + " needs --report: the workers' queue lives beside the report");
            }
            SourceStager.recreate(openGoalDir(base));
            return proveInWorkers(options, intRules, out);
        }
        try (KeyGate gate = loadGate(options, intRules, out)) {
            if (base != null) {
                // Recreated so that a file there always belongs to this run's open proofs.
                SourceStager.recreate(openGoalDir(base));
                gate.writeOpenGoalsTo(openGoalDir(base));
            }
            List<ContractResult> results = gate.proveAll(options.timeoutSeconds(),
                    options.maxSteps(), options.only(), r -> out.println("key-runner: " + r));
            return new ProofReport(KeYConstants.VERSION, intRules, strategy(options, ""),
                    options.timeoutSeconds(), options.maxSteps(), gate.loadSeconds(), results,
                    options.expectedOpen());
        }
    }

    /**
     * Proves the contracts in {@code --jobs} worker JVMs sharing a {@link ProofQueue} beside the
     * report, relaying their progress lines to {@code out}, and assembles their results in
     * contract order.
     *
     * @throws IllegalStateException if a worker cannot start, fails, or leaves a contract
     *     without a result
     */
    private static ProofReport proveInWorkers(ProverOptions options, String intRules, PrintStream out) {
        Path base = options.reportBase();
        Path queueDir = base.resolveSibling(base.getFileName() + "-queue").toAbsolutePath().normalize();
        ProofQueue queue = ProofQueue.create(queueDir, intRules);
        List<Process> workers = new ArrayList<>();
        List<Thread> relays = new ArrayList<>();
        try {
            for (int w = 0; w < options.jobs(); w++) {
                Process worker = new ProcessBuilder(workerCommand(options, queueDir))
                        .redirectErrorStream(true).start();
                workers.add(worker);
                relays.add(relay(worker, out));
            }
            for (int w = 0; w < workers.size(); w++) {
                int status = workers.get(w).waitFor();
                relays.get(w).join();
                if (status != PASS) {
                    throw new IllegalStateException("KeY worker " + w + " of " + workers.size()
                            + " exited with status " + status + " (its output is above)");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a KeY worker JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the KeY workers", e);
        } finally {
            for (Process worker : workers) {
                worker.destroyForcibly();
            }
        }
        return new ProofReport(KeYConstants.VERSION, intRules,
                strategy(options, "; proved in " + options.jobs() + " worker JVMs"),
                options.timeoutSeconds(), options.maxSteps(), queue.loadSeconds(), queue.results(),
                options.expectedOpen());
    }

    /**
     * The command line of one worker: this JVM's own JVM options (the hermetic settings
     * {@link #run} insists on, the stack size) and class path, this class, and the options a
     * worker needs to find the staged sources and the queue.
     */
    private static List<String> workerCommand(ProverOptions options, Path queueDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-classpath");
        command.add(System.getProperty("java.class.path"));
        command.add(KeyProver.class.getName());
        command.add("--staging=" + options.stagingDir());
        command.add("--stubs=" + options.stubDir());
        command.add("--report=" + options.reportBase());
        command.add("--timeout-seconds=" + options.timeoutSeconds());
        command.add("--max-steps=" + options.maxSteps());
        command.add("--only=" + String.join(",", options.only()));
        command.add("--worker-queue=" + queueDir);
        if (options.replayProofsDir() != null) {
            command.add("--replay-proofs=" + options.replayProofsDir());
        }
        if (options.saveProofsDir() != null) {
            command.add("--save-proofs=" + options.saveProofsDir());
        }
        return command;
    }

    /** Copies a worker's output to {@code out} line by line, on a thread of its own. */
    private static Thread relay(Process worker, PrintStream out) {
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(line);
                }
            } catch (IOException e) {
                out.println("key-runner: lost a worker's output: " + e.getMessage());
            }
        }, "key-worker-relay");
        relay.setDaemon(true);
        relay.start();
        return relay;
    }

    /**
     * One worker of a {@code --jobs} run: loads the staged sources with the queue's
     * {@code intRules}, then claims and proves contracts until none is left unclaimed.
     *
     * @return {@link #PASS}: open proofs are results, which the parent judges
     */
    private static int work(ProverOptions options, PrintStream out) throws ProblemLoaderException {
        ProofQueue queue = ProofQueue.open(options.workerQueue());
        try (KeyGate gate = loadGate(options, queue.intRules(), out)) {
            gate.writeOpenGoalsTo(openGoalDir(options.reportBase()));
            List<Contract> contracts = gate.selected(options.only());
            queue.publishLoad(Long.toString(ProcessHandle.current().pid()), contracts.size(),
                    gate.loadSeconds());
            for (int i = 0; i < contracts.size(); i++) {
                if (queue.claim(i)) {
                    ContractResult result = gate.prove(contracts.get(i), options.timeoutSeconds(),
                            options.maxSteps());
                    out.println("key-runner: " + result);
                    queue.publish(i, result);
                }
            }
        }
        return PASS;
    }

    /** Loads the staged directory (and the stubs as library classes) and says so on {@code out}. */
    private static KeyGate loadGate(ProverOptions options, String intRules, PrintStream out)
            throws ProblemLoaderException {
        List<Path> library = new ArrayList<>();
        if (Files.isDirectory(options.stubDir())) {
            library.add(options.stubDir());
        }
        KeyGate gate = KeyGate.load(options.stagingDir(), library, intRules);
        gate.keepProofs(options.replayProofsDir(), options.saveProofsDir());
        out.printf(java.util.Locale.ROOT, "key-runner: KeY %s loaded %s in %.1f s (%s)%n",
                KeYConstants.VERSION, options.stagingDir(), gate.loadSeconds(), intRules);
        if (!options.only().isEmpty()) {
            out.println("key-runner: PARTIAL RUN, only contracts containing " + options.only());
        }
        return gate;
    }

    private static Path openGoalDir(Path reportBase) {
        return reportBase.resolveSibling(reportBase.getFileName() + "-open-goals")
                .toAbsolutePath().normalize();
    }

    private static String strategy(ProverOptions options, String how) {
        return KeyGate.strategyDescription() + how + (options.only().isEmpty() ? ""
                : "; PARTIAL RUN, only contracts containing " + options.only());
    }
}
