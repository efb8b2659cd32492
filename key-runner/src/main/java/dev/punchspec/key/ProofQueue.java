package dev.punchspec.key;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The shared work list of a proof run spread over worker JVMs ({@code --jobs}): a directory.
 *
 * <p>Implementation overview. Every worker loads the same staged sources, so every worker lists
 * the same contracts in the same order ({@link KeyGate#selected}); the queue only has to say who
 * proves which. A worker claims contract {@code i} by creating {@code claims/i}: file creation is
 * atomic, so exactly one worker wins each contract, and a worker that finishes early takes the
 * next unclaimed one (a long proof does not hold up the short ones behind it, as a fixed split
 * would). A worker publishes each result as {@code results/i.properties}, written to a temporary
 * file and moved into place, so the parent never reads half a result; and publishes, once loaded,
 * how many contracts it listed and how long loading took. The parent then reads the results in
 * contract order, so the report is the one a single JVM would write, timings aside.
 *
 * <p>Rejected: proving in two threads of one JVM (KeY keeps global settings and caches and does
 * not promise thread safety), and a fixed split by index (the punch-loop proof of module-extent
 * alone takes about two thirds of that module's proof time).
 */
final class ProofQueue {

    private static final String INT_RULES_FILE = "int-rules";
    private static final String CLAIMS = "claims";
    private static final String RESULTS = "results";
    private static final String LOADED_PREFIX = "loaded-";

    private final Path dir;

    private ProofQueue(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates an empty queue, deleting whatever a previous run left in {@code dir}.
     *
     * @param dir the queue directory
     * @param intRules the {@code intRules} choice every worker must load with
     * @return the queue
     */
    static ProofQueue create(Path dir, String intRules) {
        SourceStager.recreate(dir);
        try {
            Files.createDirectories(dir.resolve(CLAIMS));
            Files.createDirectories(dir.resolve(RESULTS));
            Files.writeString(dir.resolve(INT_RULES_FILE), intRules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProofQueue(dir);
    }

    /**
     * Opens a queue its parent created.
     *
     * @param dir the queue directory
     * @return the queue
     * @throws IllegalArgumentException if {@code dir} holds no queue
     */
    static ProofQueue open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(INT_RULES_FILE))) {
            throw new IllegalArgumentException("--worker-queue is not a proof queue (no "
                    + INT_RULES_FILE + " file): " + dir);
        }
        return new ProofQueue(dir);
    }

    /** @return the {@code intRules} choice the parent asked for */
    String intRules() {
        try {
            return Files.readString(dir.resolve(INT_RULES_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Claims contract {@code index} for the calling worker.
     *
     * @param index the contract's position in {@link KeyGate#selected}
     * @return true if this call claimed it, false if another worker had
     */
    boolean claim(int index) {
        try {
            Files.createFile(dir.resolve(CLAIMS).resolve(Integer.toString(index)));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes a worker's load: how many contracts it listed and its load time.
     *
     * @param worker a name unique among the run's workers
     * @param contracts the number of contracts selected
     * @param loadSeconds the environment's load time
     */
    void publishLoad(String worker, int contracts, double loadSeconds) {
        Properties p = new Properties();
        p.setProperty("contracts", Integer.toString(contracts));
        p.setProperty("loadSeconds", Double.toString(loadSeconds));
        store(p, dir.resolve(LOADED_PREFIX + worker + ".properties"));
    }

    /**
     * Publishes the result of a claimed contract.
     *
     * @param index the contract's position
     * @param result its result
     */
    void publish(int index, ContractResult result) {
        Properties p = new Properties();
        p.setProperty("type", result.typeName());
        p.setProperty("contract", result.contractName());
        p.setProperty("closed", Boolean.toString(result.closed()));
        p.setProperty("nodes", Integer.toString(result.nodes()));
        p.setProperty("branches", Integer.toString(result.branches()));
        p.setProperty("openGoals", Integer.toString(result.openGoals()));
        p.setProperty("seconds", Double.toString(result.seconds()));
        p.setProperty("intRules", result.intRules());
        p.setProperty("note", result.note());
        p.setProperty("route", result.route().name());
        p.setProperty("replayedNodes", Integer.toString(result.replayedNodes()));
        store(p, resultFile(index));
    }

    /**
     * The longest load time the workers published; every worker loads in parallel, so this is
     * what loading cost the run.
     *
     * @return seconds
     * @throws IllegalStateException if no worker published its load, or two listed a different
     *     number of contracts (they did not load the same sources)
     */
    double loadSeconds() {
        double longest = 0;
        for (Properties loaded : loads()) {
            longest = Math.max(longest, Double.parseDouble(loaded.getProperty("loadSeconds")));
        }
        return longest;
    }

    /**
     * Every result, in contract order.
     *
     * @return the results
     * @throws IllegalStateException naming the first contract without a result (its worker died)
     */
    List<ContractResult> results() {
        int count = contractCount();
        List<ContractResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = resultFile(i);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no worker published a result for contract " + i
                        + " of " + count + " (" + (Files.exists(dir.resolve(CLAIMS).resolve(Integer.toString(i)))
                                ? "claimed, so its worker died while proving it" : "never claimed")
                        + "); queue " + dir);
            }
            Properties p = load(file);
            results.add(new ContractResult(p.getProperty("type"), p.getProperty("contract"),
                    Boolean.parseBoolean(p.getProperty("closed")), Integer.parseInt(p.getProperty("nodes")),
                    Integer.parseInt(p.getProperty("branches")), Integer.parseInt(p.getProperty("openGoals")),
                    Double.parseDouble(p.getProperty("seconds")), p.getProperty("intRules"), p.getProperty("note"),
                    ContractResult.Route.valueOf(p.getProperty("route")),
                    Integer.parseInt(p.getProperty("replayedNodes"))));
        }
        return results;
    }

    private int contractCount() {
        List<Properties> loads = loads();
        int count = Integer.parseInt(loads.get(0).getProperty("contracts"));
        for (Properties loaded : loads) {
            int listed = Integer.parseInt(loaded.getProperty("contracts"));
            if (listed != count) {
                throw new IllegalStateException("workers listed " + count + " and " + listed
                        + " contracts: they did not load the same sources; queue " + dir);
            }
        }
        return count;
    }

    private List<Properties> loads() {
        List<Properties> loads = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (file.getFileName().toString().startsWith(LOADED_PREFIX)) {
                    loads.add(load(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (loads.isEmpty()) {
            throw new IllegalStateException("no worker loaded the sources; queue " + dir);
        }
        return loads;
    }

    private Path resultFile(int index) {
        return dir.resolve(RESULTS).resolve(index + ".properties");
    }

    private static void store(Properties p, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
