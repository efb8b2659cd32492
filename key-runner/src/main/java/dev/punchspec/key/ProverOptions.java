package dev.punchspec.key;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link KeyProver}, parsed and checked: every bad value is rejected with a
 * message naming the option and the value, nothing is defaulted silently except the documented
 * defaults below.
 *
 * <pre>
 * --staging DIR            directory KeY loads (required); with --source-root it is recreated
 * --source-root DIR        where the listed sources live (e.g. src/main/java); enables staging
 * --sources A,B,...        paths relative to --source-root to stage (required with --source-root)
 * --stubs DIR              where annotation stubs are written and read (default: STAGING-stubs)
 * --library-classpath CP   class path (path-separator separated) to resolve annotation types
 * --report BASE            writes BASE.md and BASE.json (required unless --stage-only)
 * --timeout-seconds N      per-proof wall-clock limit (default 300)
 * --max-steps N            per-proof rule-application limit (default 80000)
 * --expect-open A,B,...    contract names that must stay OPEN (negative controls)
 * --only A,B,...           prove only contracts whose name contains one of these (for working
 *                          on a proof; the report says the run was partial)
 * --stage-only             stage sources and stubs, then exit without proving
 * --jobs N                 prove in N worker JVMs at once, each taking the next unproved
 *                          contract (default 1: in this JVM); see {@link ProofQueue}
 * --worker-queue DIR       internal: run as one of those workers, on the queue in DIR
 * --replay-proofs DIR      replay each contract's saved proof from DIR before searching (a
 *                          missing directory or file means search); see {@link SavedProofs}
 * --save-proofs DIR        write each proof that closed other than by replay alone into DIR
 * </pre>
 *
 * <p>Every option taking a value also accepts the form {@code --option=value}, which allows an
 * empty value (an empty {@code --expect-open=} is an empty list).
 */
public final class ProverOptions {

    /** Default per-proof wall-clock limit: a wrong proof can search for more than ten minutes. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 300;

    /** The most worker JVMs {@code --jobs} accepts: each loads KeY with a heap of its own. */
    public static final int MAX_JOBS = 16;

    /** Default per-proof step limit; TOOLCHAIN.md measured 80000 as enough for a sum spec. */
    public static final int DEFAULT_MAX_STEPS = 80_000;

    private final Path stagingDir;
    private final Path sourceRoot;
    private final List<String> sources;
    private final Path stubDir;
    private final List<Path> libraryClasspath;
    private final Path reportBase;
    private final long timeoutSeconds;
    private final int maxSteps;
    private final Set<String> expectedOpen;
    private final List<String> only;
    private final boolean stageOnly;
    private final int jobs;
    private final Path workerQueue;
    private final Path replayProofsDir;
    private final Path saveProofsDir;

    private ProverOptions(Builder b) {
        this.stagingDir = b.stagingDir;
        this.sourceRoot = b.sourceRoot;
        this.sources = Collections.unmodifiableList(new ArrayList<>(b.sources));
        this.stubDir = b.stubDir;
        this.libraryClasspath = Collections.unmodifiableList(new ArrayList<>(b.libraryClasspath));
        this.reportBase = b.reportBase;
        this.timeoutSeconds = b.timeoutSeconds;
        this.maxSteps = b.maxSteps;
        this.expectedOpen = Collections.unmodifiableSet(new LinkedHashSet<>(b.expectedOpen));
        this.only = Collections.unmodifiableList(new ArrayList<>(b.only));
        this.stageOnly = b.stageOnly;
        this.jobs = b.jobs;
        this.workerQueue = b.workerQueue;
        this.replayProofsDir = b.replayProofsDir;
        this.saveProofsDir = b.saveProofsDir;
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments, as given to {@code main}
     * @return the checked options
     * @throws IllegalArgumentException naming the option and value on any bad input
     */
    public static ProverOptions parse(String[] args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--stage-only")) {
                b.stageOnly = true;
                continue;
            }
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                // "--option=value": the form a build passes when the value may be empty,
                // because an empty separate argument is dropped by some launchers.
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(
                        "option " + option + " needs a value (or is unknown)");
            }
            switch (option) {
                case "--staging":
                    b.stagingDir = Path.of(value);
                    break;
                case "--source-root":
                    b.sourceRoot = Path.of(value);
                    break;
                case "--sources":
                    b.sources = splitList("--sources", value);
                    break;
                case "--stubs":
                    b.stubDir = Path.of(value);
                    break;
                case "--library-classpath":
                    b.libraryClasspath = splitClasspath(value);
                    break;
                case "--report":
                    b.reportBase = Path.of(value);
                    break;
                case "--timeout-seconds":
                    b.timeoutSeconds = positiveLong("--timeout-seconds", value);
                    break;
                case "--max-steps":
                    long steps = positiveLong("--max-steps", value);
                    if (steps > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(
                                "--max-steps must be at most " + Integer.MAX_VALUE + ": " + steps);
                    }
                    b.maxSteps = (int) steps;
                    break;
                case "--expect-open":
                    b.expectedOpen = splitList("--expect-open", value);
                    break;
                case "--only":
                    b.only = splitList("--only", value);
                    break;
                case "--jobs":
                    long jobs = positiveLong("--jobs", value);
                    if (jobs > MAX_JOBS) {
                        throw new IllegalArgumentException(
                                "--jobs must be at most " + MAX_JOBS + ": " + jobs);
                    }
                    b.jobs = (int) jobs;
                    break;
                case "--worker-queue":
                    b.workerQueue = Path.of(value);
                    break;
                case "--replay-proofs":
                    b.replayProofsDir = directory("--replay-proofs", value);
                    break;
                case "--save-proofs":
                    b.saveProofsDir = directory("--save-proofs", value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option
                            + " (known: --staging --source-root --sources --stubs"
                            + " --library-classpath --report --timeout-seconds --max-steps"
                            + " --expect-open --only --stage-only --jobs --worker-queue"
                            + " --replay-proofs --save-proofs)");
            }
        }
        return b.build();
    }

    /**
     * Splits a comma-separated list as Maven properties spell it: entries are trimmed (a list may
     * be wrapped over lines), an empty list is allowed, an empty entry is not.
     */
    static List<String> splitList(String option, String value) {
        List<String> result = new ArrayList<>();
        if (value.isBlank()) {
            return result;
        }
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(
                        option + " has an empty entry (stray comma?): \"" + value + "\"");
            }
            result.add(trimmed);
        }
        return result;
    }

    private static List<Path> splitClasspath(String value) {
        List<Path> result = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator, -1)) {
            if (!entry.isBlank()) {
                result.add(Path.of(entry.trim()));
            }
        }
        return result;
    }

    private static Path directory(String option, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a directory, got an empty value");
        }
        return Path.of(value.trim());
    }

    private static long positiveLong(String option, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number: \"" + value + "\"", e);
        }
        if (parsed <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + parsed);
        }
        return parsed;
    }

    /** The directory KeY loads as its source directory. */
    public Path stagingDir() {
        return stagingDir;
    }

    /** Whether this run copies the listed sources into the staging directory first. */
    public boolean stages() {
        return sourceRoot != null;
    }

    /** The root the listed sources are relative to; only meaningful when {@link #stages()}. */
    public Path sourceRoot() {
        return sourceRoot;
    }

    /** The sources to stage, relative to {@link #sourceRoot()}. */
    public List<String> sources() {
        return sources;
    }

    /** Where annotation stubs are written; KeY reads it as a library class path. */
    public Path stubDir() {
        return stubDir;
    }

    /** The class path used to look up annotation and enum types the staged sources import. */
    public List<Path> libraryClasspath() {
        return libraryClasspath;
    }

    /** Report base path: {@code BASE.md} and {@code BASE.json} are written. */
    public Path reportBase() {
        return reportBase;
    }

    /** Per-proof wall-clock limit in seconds. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Per-proof rule-application limit. */
    public int maxSteps() {
        return maxSteps;
    }

    /** Contract names that must stay open; any other open contract fails the run. */
    public Set<String> expectedOpen() {
        return expectedOpen;
    }

    /** Name fragments selecting the contracts to prove; empty means all. */
    public List<String> only() {
        return only;
    }

    /** Whether to stop after staging. */
    public boolean stageOnly() {
        return stageOnly;
    }

    /** The number of worker JVMs to prove in; 1 proves in this JVM. */
    public int jobs() {
        return jobs;
    }

    /** The queue this run works on as a worker, or null when it is not a worker. */
    public Path workerQueue() {
        return workerQueue;
    }

    /** Where saved proofs are replayed from, or null for none. */
    public Path replayProofsDir() {
        return replayProofsDir;
    }

    /** Where closed proofs are saved, or null for none. */
    public Path saveProofsDir() {
        return saveProofsDir;
    }

    /** Mutable collector behind {@link #parse}; also used by tests to build options directly. */
    static final class Builder {
        Path stagingDir;
        Path sourceRoot;
        List<String> sources = new ArrayList<>();
        Path stubDir;
        List<Path> libraryClasspath = new ArrayList<>();
        Path reportBase;
        long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        int maxSteps = DEFAULT_MAX_STEPS;
        List<String> expectedOpen = new ArrayList<>();
        List<String> only = new ArrayList<>();
        boolean stageOnly;
        int jobs = 1;
        Path workerQueue;
        Path replayProofsDir;
        Path saveProofsDir;

        ProverOptions build() {
            if (stagingDir == null) {
                throw new IllegalArgumentException("--staging is required");
            }
            if (sourceRoot == null && !sources.isEmpty()) {
                throw new IllegalArgumentException(
                        "--sources " + sources + " given without --source-root");
            }
            if (sourceRoot != null && sources.isEmpty()) {
                throw new IllegalArgumentException("--source-root " + sourceRoot
                        + " given but --sources is empty: list the files to prove"
                        + " (Maven: set key.sources, or leave key.skip true)");
            }
            if (stageOnly && sourceRoot == null) {
                throw new IllegalArgumentException("--stage-only needs --source-root and --sources");
            }
            if (!stageOnly && reportBase == null) {
                throw new IllegalArgumentException("--report is required");
            }
            if (workerQueue != null && (sourceRoot != null || jobs != 1)) {
                throw new IllegalArgumentException("--worker-queue " + workerQueue
                        + " is for a worker, which neither stages (--source-root) nor starts"
                        + " workers (--jobs " + jobs + ")");
            }
            for (String source : sources) {
                if (!source.toLowerCase(Locale.ROOT).endsWith(".java")) {
                    throw new IllegalArgumentException(
                            "--sources entry is not a .java file: " + source);
                }
            }
            if (stubDir == null) {
                Path name = stagingDir.toAbsolutePath().normalize().getFileName();
                stubDir = stagingDir.toAbsolutePath().normalize()
                        .resolveSibling((name == null ? "staging" : name.toString()) + "-stubs");
            }
            return new ProverOptions(this);
        }
    }
}
