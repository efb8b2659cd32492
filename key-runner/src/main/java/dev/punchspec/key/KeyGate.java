package dev.punchspec.key;

import de.uka.ilkd.key.control.KeYEnvironment;
import de.uka.ilkd.key.java.abstraction.KeYJavaType;
import de.uka.ilkd.key.logic.Choice;
import de.uka.ilkd.key.logic.op.IObserverFunction;
import de.uka.ilkd.key.pp.LogicPrinter;
import de.uka.ilkd.key.proof.Goal;
import de.uka.ilkd.key.proof.Node;
import de.uka.ilkd.key.proof.Proof;
import de.uka.ilkd.key.proof.Statistics;
import de.uka.ilkd.key.proof.init.ProofInputException;
import de.uka.ilkd.key.proof.io.ProblemLoaderException;
import de.uka.ilkd.key.settings.ChoiceSettings;
import de.uka.ilkd.key.settings.ProofSettings;
import de.uka.ilkd.key.settings.StrategySettings;
import de.uka.ilkd.key.speclang.Contract;
import de.uka.ilkd.key.strategy.StrategyProperties;
import de.uka.ilkd.key.util.KeYTypeUtil;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One loaded KeY environment and the proofs of every contract in it.
 *
 * <p>Implementation notes.
 *
 * <p>Goal: a proof that closes here is a proof under Java's 64-bit arithmetic, found without
 * help. Hence the taclet choice {@code intRules:arithmeticSemanticsCheckingOF} (every arithmetic
 * operation in a method body gets an overflow obligation) and a fully automatic strategy with
 * modular treatment of calls (method contracts) and loops (KeY's loop-scope invariant rule),
 * dependency contracts and queries on, non-linear arithmetic limited to
 * defined operations (completion is too slow and was not needed), normal splitting (overflow
 * checking produces case splits that delayed splitting leaves open).
 *
 * <p>Taclet choices are fixed when the environment loads, from
 * {@link ProofSettings#DEFAULT_SETTINGS}, a static of KeY's. So {@link #load} sets the choice
 * there immediately before loading, and {@link #prove} reads it back from every proof it creates,
 * both from the proof's settings and from the choices its taclet base was built with: KeY ignores
 * a misspelled choice value silently and falls back to ignoring overflow, so without the read-back
 * a typo would turn the gate into an unsound one that still passes. KeY's statics also mean one
 * environment at a time per JVM; the prover loads one per run, the tests one per fixture set.
 *
 * <p>Proofs are independent: each contract gets a fresh proof object, with a step and time limit
 * (a wrong contract can make KeY search for more than ten minutes), and is disposed afterwards so
 * memory stays flat over a long list. Contracts are proved in a stable order (type name, then
 * contract name) so reports diff cleanly.
 *
 * <p>Rejected alternative: KeY's own command line (its {@code --auto} mode lives in the GUI
 * artifact {@code key.ui}). It would drag the GUI into the build, take the taclet choice from a
 * settings file instead of code that reads it back, and leave per-contract statistics to be
 * scraped from its output.
 */
public final class KeyGate implements AutoCloseable {

    /** The taclet-choice category of integer semantics. */
    public static final String INT_RULES = "intRules";

    /** Java semantics with an overflow obligation at every arithmetic operation. */
    public static final String CHECKING_OF = "intRules:arithmeticSemanticsCheckingOF";

    /** Mathematical integers, overflow ignored: the default KeY falls back to. */
    public static final String IGNORING_OF = "intRules:arithmeticSemanticsIgnoringOF";

    /** Loop treatment used: KeY's loop-scope invariant rule. */
    public static final String LOOP_TREATMENT = StrategyProperties.LOOP_SCOPE_INV_TACLET;

    /** How many open goals of one proof are written out; the first few say enough. */
    static final int MAX_GOALS_WRITTEN = 5;

    private final KeYEnvironment<?> env;
    private final String intRules;
    private final double loadSeconds;
    private Path openGoalDir;
    private SavedProofs savedProofs = new SavedProofs(null, null);

    private KeyGate(KeYEnvironment<?> env, String intRules, double loadSeconds) {
        this.env = env;
        this.intRules = intRules;
        this.loadSeconds = loadSeconds;
    }

    /**
     * Makes every open proof write its open goals (branch path and sequent) into a text file in
     * {@code dir}; off (null) by default.
     *
     * @param dir the directory (created if missing); null for none
     */
    public void writeOpenGoalsTo(Path dir) {
        this.openGoalDir = dir;
    }

    /**
     * Makes every proof first replay its contract's saved proof from {@code replayDir}, if there
     * is one, and save its steps to {@code saveDir} when it closes other than by replay alone
     * ({@link SavedProofs}); both off (null) by default.
     *
     * @param replayDir where saved proofs are read (need not exist); null for none
     * @param saveDir where closed proofs are written (created when needed); null for none
     */
    public void keepProofs(Path replayDir, Path saveDir) {
        this.savedProofs = new SavedProofs(replayDir, saveDir);
    }

    /**
     * Loads a staged source directory with the given integer semantics.
     *
     * @param sourceDir the staged proof targets; every type in it is proved
     * @param libraryDirs stub directories KeY reads as library classes (not proved)
     * @param intRules the {@code intRules} choice, e.g. {@link #CHECKING_OF}
     * @return the loaded environment
     * @throws ProblemLoaderException if KeY rejects a source (outside its subset, unresolved type)
     */
    public static KeyGate load(Path sourceDir, List<Path> libraryDirs, String intRules)
            throws ProblemLoaderException {
        if (!intRules.startsWith(INT_RULES + ":")) {
            throw new IllegalArgumentException("intRules must be an " + INT_RULES
                    + " choice such as " + CHECKING_OF + ": " + intRules);
        }
        ChoiceSettings choices = ProofSettings.DEFAULT_SETTINGS.getChoiceSettings();
        Map<String, String> defaults = new HashMap<>(choices.getDefaultChoices());
        defaults.put(INT_RULES, intRules);
        choices.setDefaultChoices(defaults);

        List<File> classPath = new ArrayList<>();
        for (Path dir : libraryDirs) {
            classPath.add(dir.toFile());
        }
        long start = System.nanoTime();
        KeYEnvironment<?> env = KeYEnvironment.load(sourceDir.toFile(),
                classPath.isEmpty() ? null : classPath, null, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new KeyGate(env, intRules, seconds);
    }

    /** Seconds KeY took to load the environment (taclets, library, sources). */
    public double loadSeconds() {
        return loadSeconds;
    }

    /** The {@code intRules} choice requested for this environment. */
    public String intRules() {
        return intRules;
    }

    /**
     * Every contract of every type that is not a library type, in a stable order.
     *
     * @return contracts keyed by their unique name
     */
    public Map<String, Contract> contracts() {
        List<KeYJavaType> types = new ArrayList<>();
        for (KeYJavaType type : env.getJavaInfo().getAllKeYJavaTypes()) {
            if (!KeYTypeUtil.isLibraryClass(type) && type.getJavaType() != null) {
                types.add(type);
            }
        }
        types.sort(Comparator.comparing(KeYJavaType::getFullName));
        Map<String, Contract> result = new LinkedHashMap<>();
        for (KeYJavaType type : types) {
            List<Contract> ofType = new ArrayList<>();
            for (IObserverFunction target :
                    env.getSpecificationRepository().getContractTargets(type)) {
                for (Contract contract :
                        env.getSpecificationRepository().getContracts(type, target)) {
                    ofType.add(contract);
                }
            }
            ofType.sort(Comparator.comparing(Contract::getName));
            for (Contract contract : ofType) {
                result.put(contract.getName(), contract);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * The contracts of {@link #contracts()} a run proves: all, or those whose name contains one
     * of {@code only}; in that order, which is the same in every JVM that loads the same sources.
     *
     * @param only name fragments selecting contracts; empty selects all
     * @return the contracts to prove
     */
    public List<Contract> selected(List<String> only) {
        List<Contract> selected = new ArrayList<>();
        for (Contract contract : contracts().values()) {
            if (only.isEmpty() || only.stream().anyMatch(contract.getName()::contains)) {
                selected.add(contract);
            }
        }
        return selected;
    }

    /**
     * Proves every contract of {@link #selected}, one after the other.
     *
     * @param timeoutSeconds per-proof wall-clock limit
     * @param maxSteps per-proof rule-application limit
     * @param only name fragments selecting contracts; empty selects all
     * @param progress called with each result as it is known
     * @return one result per contract proved, in the order of {@link #selected}
     * @throws IllegalStateException if a proof does not use the requested {@code intRules}
     */
    public List<ContractResult> proveAll(long timeoutSeconds, int maxSteps, List<String> only,
            Consumer<ContractResult> progress) {
        List<ContractResult> results = new ArrayList<>();
        for (Contract contract : selected(only)) {
            ContractResult result = prove(contract, timeoutSeconds, maxSteps);
            progress.accept(result);
            results.add(result);
        }
        return results;
    }

    /**
     * Proves one contract in a fresh proof.
     *
     * @param contract the contract
     * @param timeoutSeconds wall-clock limit
     * @param maxSteps rule-application limit
     * @return its result; a proof KeY cannot even set up is an open result with the reason
     * @throws IllegalStateException if the proof does not use the requested {@code intRules}
     */
    public ContractResult prove(Contract contract, long timeoutSeconds, int maxSteps) {
        String typeName = contract.getKJT().getFullName();
        long start = System.nanoTime();
        Proof proof;
        try {
            proof = env.createProof(contract.createProofObl(env.getInitConfig(), contract));
        } catch (ProofInputException | RuntimeException e) {
            return new ContractResult(typeName, contract.getName(), false, 0, 0, 0,
                    (System.nanoTime() - start) / 1e9, intRules,
                    "proof obligation not created: " + e);
        }
        try {
            String used = usedIntRules(proof);
            if (!used.equals(intRules)) {
                throw new IllegalStateException("the proof of " + contract.getName() + " uses "
                        + used + " but " + intRules + " was requested; KeY ignored the choice"
                        + " (misspelled, or set after loading), so its results would be unsound");
            }
            configureStrategy(proof, timeoutSeconds, maxSteps);
            SavedProofs.Replay replay = savedProofs.replay(proof, contract.getName());
            if (!proof.closed()) {
                // Searches from the goals the replay left open: the whole proof when nothing
                // was saved or replayed.
                env.getProofControl().startAndWaitForAutoMode(proof);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Statistics stats = proof.getStatistics();
            boolean closed = proof.closed();
            int openGoals = proof.openGoals().size();
            ContractResult.Route route = replay.problem().isEmpty() && replay.nodes() > 0
                    ? ContractResult.Route.REPLAY
                    : replay.nodes() > 1 ? ContractResult.Route.REPLAY_THEN_SEARCH
                    : ContractResult.Route.SEARCH;
            String note = replay.problem().isEmpty() ? ""
                    : "saved proof did not close: " + abbreviate(replay.problem()) + "; ";
            if (closed && route != ContractResult.Route.REPLAY) {
                note += "steps saved to " + savedProofs.save(proof, contract.getName());
            }
            if (!closed) {
                if (stats.nodes >= maxSteps) {
                    note += "step limit " + maxSteps + " reached; ";
                } else if (seconds >= timeoutSeconds) {
                    note += "time limit " + timeoutSeconds + " s reached; ";
                }
                note += openGoals + " open goal" + (openGoals == 1 ? "" : "s") + " on "
                        + openGoalBranches(proof);
                if (openGoalDir != null) {
                    note += "; sequents in " + writeOpenGoals(contract, proof);
                }
            }
            return new ContractResult(typeName, contract.getName(), closed, stats.nodes,
                    stats.branches, openGoals, seconds, used, note, route,
                    route == ContractResult.Route.SEARCH ? 0 : replay.nodes());
        } finally {
            proof.dispose();
        }
    }

    /**
     * A contract's name as part of a file name: every run of characters other than letters,
     * digits and dots replaced by {@code _}, cut to {@code maxChars}.
     */
    static String fileNamePart(String contractName, int maxChars) {
        String name = contractName.replaceAll("[^A-Za-z0-9.]+", "_");
        return name.length() <= maxChars ? name : name.substring(0, maxChars);
    }

    /** The first line of a replay problem, at most 200 characters: enough to tell why. */
    private static String abbreviate(String problem) {
        String line = problem.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /**
     * Where an open proof's goals go: the branch labels from the root to each open goal (KeY
     * names them after the proof obligation's parts, e.g. "Post", "Exceptional Post", "Invariant
     * Initially Valid", "Body Preserves Invariant", "Use Case", "Pre (callee)"), distinct, in
     * order. This is usually enough to tell which clause failed.
     */
    static String openGoalBranches(Proof proof) {
        Set<String> paths = new LinkedHashSet<>();
        for (Goal goal : proof.openGoals()) {
            paths.add(branchPath(goal.node()));
        }
        return paths.toString();
    }

    private static String branchPath(Node node) {
        List<String> labels = new ArrayList<>();
        for (Node n = node; n != null; n = n.parent()) {
            String label = n.getNodeInfo().getBranchLabel();
            // "3 rules" labels mark merged simplification steps, not a case of the obligation
            if (label != null && !label.isBlank() && !label.trim().matches("\\d+ rules?")) {
                labels.add(label.trim());
            }
        }
        Collections.reverse(labels);
        return labels.isEmpty() ? "(main branch)" : String.join(" / ", labels);
    }

    /**
     * Writes the open goals of a proof (branch path and sequent, the first
     * {@link #MAX_GOALS_WRITTEN}) to a text file of {@link #openGoalDir}, for a person to read
     * why the proof is open without replaying it in KeY's GUI.
     *
     * @return the file name written
     */
    private String writeOpenGoals(Contract contract, Proof proof) {
        Path file = openGoalDir.resolve(fileNamePart(contract.getName(), 150) + ".txt");
        StringBuilder text = new StringBuilder();
        text.append("Open goals of ").append(contract.getName()).append("\n\n");
        int written = 0;
        for (Goal goal : proof.openGoals()) {
            if (written == MAX_GOALS_WRITTEN) {
                text.append("... ").append(proof.openGoals().size() - written)
                        .append(" more open goals not shown\n");
                break;
            }
            text.append("== goal ").append(goal.node().serialNr()).append(": ")
                    .append(branchPath(goal.node())).append("\n")
                    .append(LogicPrinter.quickPrintSequent(goal.sequent(), proof.getServices()))
                    .append("\n\n");
            written++;
        }
        try {
            Files.createDirectories(openGoalDir);
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write open goals to " + file, e);
        }
        return file.toString();
    }

    /**
     * The {@code intRules} choice a proof really uses: the one its taclet base was built with.
     * Also cross-checked against the proof's own settings; a mismatch between the two is reported
     * as both values.
     */
    static String usedIntRules(Proof proof) {
        String activated = null;
        for (Choice choice : proof.getInitConfig().getActivatedChoices()) {
            if (INT_RULES.equals(choice.category())) {
                activated = choice.name().toString();
            }
        }
        String settings = proof.getSettings().getChoiceSettings().getDefaultChoices()
                .get(INT_RULES);
        if (activated == null || !activated.equals(settings)) {
            return "activated=" + activated + ", settings=" + settings;
        }
        return activated;
    }

    private static void configureStrategy(Proof proof, long timeoutSeconds, int maxSteps) {
        StrategySettings settings = proof.getSettings().getStrategySettings();
        StrategyProperties sp = settings.getActiveStrategyProperties();
        sp.setProperty(StrategyProperties.LOOP_OPTIONS_KEY, LOOP_TREATMENT);
        sp.setProperty(StrategyProperties.METHOD_OPTIONS_KEY, StrategyProperties.METHOD_CONTRACT);
        sp.setProperty(StrategyProperties.DEP_OPTIONS_KEY, StrategyProperties.DEP_ON);
        sp.setProperty(StrategyProperties.QUERY_OPTIONS_KEY, StrategyProperties.QUERY_ON);
        sp.setProperty(StrategyProperties.NON_LIN_ARITH_OPTIONS_KEY,
                StrategyProperties.NON_LIN_ARITH_DEF_OPS);
        sp.setProperty(StrategyProperties.SPLITTING_OPTIONS_KEY,
                StrategyProperties.SPLITTING_NORMAL);
        sp.setProperty(StrategyProperties.STOPMODE_OPTIONS_KEY,
                StrategyProperties.STOPMODE_NONCLOSE);
        settings.setActiveStrategyProperties(sp);
        settings.setMaxSteps(maxSteps);
        settings.setTimeout(timeoutSeconds * 1000L);
        proof.setActiveStrategy(
                proof.getServices().getProfile().getDefaultStrategyFactory().create(proof, sp));
    }

    /** Strategy settings as reported: what a reader needs to reproduce a proof in KeY's GUI. */
    public static String strategyDescription() {
        return "loop treatment " + LOOP_TREATMENT + ", method treatment contracts,"
                + " dependency contracts on, queries on, non-linear arithmetic DEF_OPS,"
                + " splitting NORMAL, stop mode NONCLOSE";
    }

    @Override
    public void close() {
        env.dispose();
    }
}
