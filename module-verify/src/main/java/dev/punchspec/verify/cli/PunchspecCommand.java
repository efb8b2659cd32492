package dev.punchspec.verify.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Scenario;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.scenario.FileScenario;
import dev.punchspec.verify.scenario.ScenarioException;
import dev.punchspec.verify.scenario.ScenarioLoader;
import dev.punchspec.verify.scenario.ScenarioSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code punchspec} command: {@code explore} runs the default suite (or scenario files)
 * against the generations and prints the verdict table; {@code run} explores one scenario file
 * and prints its findings with their shortest schedules and its end states.
 *
 * <p>Exit status: 0 done; 1 a property was violated and {@code --fail-on-violation} was given; 2
 * bad input (an unknown option or generation, a scenario file the loader rejects: one message on
 * stderr, nothing run). Results go to stdout, progress and errors to stderr.
 *
 * <p>Without a subcommand picocli reports a missing subcommand (exit 2): this class is neither
 * {@code Runnable} nor {@code Callable} on purpose. Every line is printed with {@code println} to
 * picocli's writers, which flush at each line (a progress line shows as it is printed).
 */
@Command(name = "punchspec", mixinStandardHelpOptions = true, version = "punchspec 0.1.0",
        description = "Explores every interleaving of races around iomap's delalloc punch, per kernel generation.")
public final class PunchspecCommand {

    /** Exit status of a run that violated a property with {@code --fail-on-violation}. */
    public static final int EXIT_VIOLATION = 1;
    /** Exit status of bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The {@code "format"} of {@code explore --json}'s output. */
    public static final String RESULT_FORMAT = "punchspec-explore/1";
    /** How many members between two progress lines of the default command. */
    public static final int PROGRESS_EVERY = 100;

    /** Only {@link #commandLine} creates the top command. */
    private PunchspecCommand() {
        // no options of its own beyond --help and --version
    }

    /**
     * The command line with its subcommands, exploring {@code suite} by default.
     *
     * @param suite the families {@code explore} runs without {@code --scenarios}
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(List<Family> suite) {
        return commandLine(suite, PROGRESS_EVERY);
    }

    /**
     * The command line with its subcommands.
     *
     * @param suite the families {@code explore} runs without {@code --scenarios}
     * @param progressEvery how many members between two progress lines on stderr, at least 1
     * @return the command line, ready to {@code execute}
     */
    static CommandLine commandLine(List<Family> suite, int progressEvery) {
        CommandLine line = new CommandLine(new PunchspecCommand());
        line.addSubcommand("explore", new ExploreCommand(suite, progressEvery));
        line.addSubcommand("run", new RunCommand());
        return line;
    }

    /**
     * Runs the command with the default suite and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine(Family.defaultSuite()).execute(args));
    }

    /** Bad input found by a subcommand: its message goes to stderr, the exit status is 2. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    /**
     * The generations to run: all of them for {@code "all"}, the named one, or {@code fallback}
     * when the option was not given.
     */
    static List<Generation> generations(@Nullable String option, List<Generation> fallback) throws BadInput {
        if (option == null) {
            return fallback;
        }
        if (option.equals("all")) {
            return List.of(Generation.values());
        }
        try {
            return List.of(Generation.byName(option));
        } catch (IllegalArgumentException e) {
            throw new BadInput("--generation: " + e.getMessage());
        }
    }

    /** Loads a scenario file, naming the file in the message of bad input. */
    static ScenarioSpec load(ScenarioLoader loader, Path file) throws BadInput {
        try {
            return loader.load(file);
        } catch (ScenarioException e) {
            throw new BadInput(file + ": " + e.getMessage());
        }
    }

    /** {@code punchspec explore}. */
    @Command(name = "explore", mixinStandardHelpOptions = true,
            description = {"Explores the default suite (every built-in family; or the scenario files given) against "
                    + "every generation and variant (or the one given), and prints the verdict table: per family and "
                    + "generation, the members, interleavings, distinct end states, seconds and the violated "
                    + "properties with the number of members showing each. Progress goes to stderr."})
    static final class ExploreCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec = CommandSpec.create();

        @Option(names = "--generation", paramLabel = "NAME|all",
                description = "A generation or variant (truncate, seed-6.1, ifs-6.6, newest, no-f-new, index32, "
                        + "no-eof-clamp), or all. Default: every one (for a scenario file: those it names).")
        @Nullable String generation;

        @Option(names = "--scenarios", paramLabel = "FILE|DIR",
                description = "A scenario file, or a directory whose *.json files are explored, instead of the default "
                        + "suite.")
        @Nullable Path scenarios;

        @Option(names = "--json", description = "Print the result as JSON (fields: see the README) instead of the table.")
        boolean json;

        @Option(names = "--fail-on-violation", description = "Exit with status 1 when a property is violated.")
        boolean failOnViolation;

        private final List<Family> suite;
        private final int progressEvery;

        ExploreCommand(List<Family> suite, int progressEvery) {
            this.suite = List.copyOf(suite);
            this.progressEvery = progressEvery;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Family> families;
            try {
                // A bad --generation is bad input whatever the families, checked before any file is read.
                generations(generation, List.of());
                families = scenarios == null ? suite : files(scenarios);
                List<Verdict> rows = new ArrayList<>();
                for (Family family : families) {
                    for (Generation g : generations(generation, family.generations())) {
                        rows.add(explore(family, g, progressEvery, err));
                    }
                }
                out.println((json ? json(rows) : table(rows)).stripTrailing());
                boolean violated = rows.stream().anyMatch(r -> !r.membersByProperty().isEmpty());
                return failOnViolation && violated ? EXIT_VIOLATION : 0;
            } catch (BadInput e) {
                err.println("punchspec explore: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
        }

        /** Every scenario file, loaded before anything runs. */
        private static List<Family> files(Path scenarios) throws BadInput {
            List<Path> paths;
            if (Files.isDirectory(scenarios)) {
                try (Stream<Path> list = Files.list(scenarios)) {
                    paths = list.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                            .sorted().collect(Collectors.toList());
                } catch (IOException e) {
                    throw new BadInput("--scenarios: cannot list " + scenarios + ": " + e);
                }
                if (paths.isEmpty()) {
                    throw new BadInput("--scenarios: no *.json file in " + scenarios);
                }
            } else {
                paths = List.of(scenarios);
            }
            ScenarioLoader loader = new ScenarioLoader();
            List<Family> families = new ArrayList<>();
            for (Path p : paths) {
                families.add(Family.of(load(loader, p)));
            }
            return families;
        }

        /** Explores every member of a family against one generation. */
        private static Verdict explore(Family family, Generation g, int progressEvery, PrintWriter err) {
            long started = System.nanoTime();
            List<Scenario<FsWorld>> members = family.members().apply(g);
            Verdict v = new Verdict(family.name(), g);
            err.println("explore " + family.name() + " x " + g.kernelName() + ": " + members.size() + " members");
            for (Scenario<FsWorld> member : members) {
                v.add(family.explorer().explore(member));
                if (v.members % progressEvery == 0 && v.members < members.size()) {
                    err.println("  " + v.members + "/" + members.size());
                }
            }
            v.nanos = System.nanoTime() - started;
            err.println("  done: " + v.interleavings + " interleavings in " + v.secondsText() + " s");
            return v;
        }
    }

    /** The verdict table, columns aligned, one row per family and generation. */
    static String table(List<Verdict> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"family", "generation", "members", "interleavings", "end states", "seconds",
            "violated properties (members/all)"});
        for (Verdict r : rows) {
            cells.add(new String[] {r.family, r.generation.kernelName(), Long.toString(r.members),
                Long.toString(r.interleavings) + (r.incompleteMembers > 0 ? " (" + r.incompleteMembers
                        + " incomplete)" : ""),
                Long.toString(r.endStates), r.secondsText(), r.violationsText()});
        }
        int[] width = new int[7];
        for (String[] row : cells) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                // Names left-aligned, numbers right-aligned; the last column is not padded.
                String pad = " ".repeat(width[c] - row[c].length());
                if (c < 2) {
                    line.append(row[c]).append(pad).append("  ");
                } else if (c < 6) {
                    line.append(pad).append(row[c]).append("  ");
                } else {
                    line.append(row[c]);
                }
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The result as JSON, the fields the README documents. */
    static String json(List<Verdict> rows) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", RESULT_FORMAT);
        root.put("complete", rows.stream().allMatch(r -> r.incompleteMembers == 0));
        root.put("violated", rows.stream().anyMatch(r -> !r.membersByProperty().isEmpty()));
        ArrayNode array = root.putArray("rows");
        for (Verdict r : rows) {
            ObjectNode row = array.addObject();
            row.put("family", r.family);
            row.put("generation", r.generation.kernelName());
            row.put("variant", r.generation.isVariant());
            row.put("members", r.members);
            row.put("incompleteMembers", r.incompleteMembers);
            row.put("interleavings", r.interleavings);
            row.put("distinctEndStates", r.endStates);
            row.put("seconds", r.nanos / 1e9);
            ObjectNode violations = row.putObject("violations");
            for (Map.Entry<String, Long> v : r.membersByProperty().entrySet()) {
                ObjectNode property = violations.putObject(v.getKey());
                property.put("members", v.getValue());
                property.put("interleavings", r.interleavingsByProperty().getOrDefault(v.getKey(), 0L));
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new UncheckedIOException(e);
        }
    }

    /** {@code punchspec run}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Explores one scenario file: every schedule within its bounds, for each generation it names "
                    + "(or the one given); prints each violated property with its shortest schedule, then the "
                    + "distinct end states with the number of interleavings reaching each."})
    static final class RunCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec = CommandSpec.create();

        @Parameters(index = "0", paramLabel = "SCENARIO.json", description = "The scenario file.")
        Path file = Path.of("");

        @Option(names = "--generation", paramLabel = "NAME|all",
                description = "A generation or variant, or all. Default: those the file names (all when it names none).")
        @Nullable String generation;

        @Option(names = "--fail-on-violation", description = "Exit with status 1 when a property is violated.")
        boolean failOnViolation;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ScenarioSpec scenario = load(new ScenarioLoader(), file);
                Family family = Family.of(scenario);
                boolean violated = false;
                for (Generation g : generations(generation, scenario.generations())) {
                    Exploration e = family.explorer().explore(new FileScenario(scenario, g));
                    violated |= !e.findings().isEmpty();
                    out.println("generation " + g.kernelName() + ": " + g.summary());
                    out.println(e.report().stripTrailing());
                    out.println("  end states (" + e.endStates().size() + "):");
                    for (Map.Entry<String, Long> s : e.endStates().entrySet()) {
                        out.println("    " + s.getValue() + " x " + s.getKey());
                    }
                    out.println("  " + e.closingLine());
                }
                return failOnViolation && violated ? EXIT_VIOLATION : 0;
            } catch (BadInput e) {
                err.println("punchspec run: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
        }
    }
}
