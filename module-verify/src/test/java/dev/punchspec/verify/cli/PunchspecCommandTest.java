package dev.punchspec.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Scenario;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.fs.StoreRaceScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command run in-process ({@code CommandLine.execute} with captured streams): exit codes, the
 * table's rows, the JSON's fields, the messages of bad input.
 */
class PunchspecCommandTest {

    private static final String SCENARIOS = "src/test/resources/scenarios";
    private static final String GENERIC_346 = SCENARIOS + "/generic-346.json";

    /** What one execution printed and returned. */
    private static final class Result {
        int status;
        String out = "";
        String err = "";
    }

    private static Result execute(List<Family> suite, int progressEvery, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Result r = new Result();
        r.status = PunchspecCommand.commandLine(suite, progressEvery).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        r.out = out.toString();
        r.err = err.toString();
        return r;
    }

    private static Result execute(String... args) {
        return execute(List.of(), 1, args);
    }

    /** Two members of the store race on a page-4 block-2 file of at most 1 byte, against truncate and newest. */
    private static Family tiny() {
        return new Family("tiny", new Explorer(300, 1000), g -> {
            List<Scenario<FsWorld>> members = new ArrayList<>();
            for (StoreRaceScenario.Params p : StoreRaceScenario.family(List.of(new Geometry(4, 2, 0)), 1)) {
                members.add(new StoreRaceScenario(p, g));
            }
            return members;
        }, List.of(Generation.TRUNCATE, Generation.NEWEST));
    }

    private static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            rows.add(line.trim().split("\\s{2,}"));
        }
        return rows;
    }

    @Test
    void exploreRunsTheSuiteAndPrintsTheTable() {
        Result r = execute(List.of(tiny()), 1, "explore");
        assertEquals(0, r.status, r.err);
        List<String[]> rows = rows(r.out);
        assertEquals(3, rows.size(), r.out);
        assertEquals(List.of("family", "generation", "members", "interleavings", "end states", "seconds",
                "violated properties (members/all)"), List.of(rows.get(0)));
        assertEquals(List.of("tiny", "truncate", "2", "10", "2"), List.of(rows.get(1)).subList(0, 5));
        // The member with i_size 1 (unaligned to the 2-byte block): generic/346 on truncate, the
        // unaligned-EOF punch on newest (StoreRaceFamilyTest's findings); i_size 0 is clean on both.
        assertEquals("DATA_LOST 1/2, DIRTY_WITHOUT_RESERVATION 1/2", rows.get(1)[6]);
        assertEquals("CONTRACT 1/2, DATA_LOST 1/2, DIRTY_WITHOUT_RESERVATION 1/2", rows.get(2)[6]);
        assertEquals(List.of("tiny", "newest", "2", "10", "2"), List.of(rows.get(2)).subList(0, 5));
        assertTrue(rows.get(1)[5].matches("\\d+\\.\\d") && Double.parseDouble(rows.get(1)[5]) < 600, rows.get(1)[5]);
        assertEquals("explore tiny x truncate: 2 members\n  1/2\n", r.err.substring(0, r.err.indexOf("  done")));
        assertTrue(r.err.contains("  done: 10 interleavings in "), r.err);
        // Columns line up: every row is as wide as the header up to the last column.
        String[] lines = r.out.split("\n");
        assertEquals(lines[0].indexOf("violated"), lines[1].indexOf("DATA_LOST"));
        assertEquals(lines[0].indexOf("violated"), lines[2].indexOf("CONTRACT"));
    }

    @Test
    void progressLinesComeEveryNMembersBeforeTheLast() {
        Result r = execute(List.of(tiny()), 2, "explore", "--generation", "newest");
        assertEquals(0, r.status, r.err);
        assertTrue(r.err.startsWith("explore tiny x newest: 2 members\n  done: 10 interleavings in "), r.err);
    }

    @Test
    void theTableAlignsNamesLeftAndNumbersRight() {
        Verdict a = new Verdict("a-family", Generation.SEED_61);
        a.members = 12;
        a.interleavings = 345;
        a.endStates = 6;
        a.nanos = 1_250_000_000L;
        Verdict b = new Verdict("b", Generation.NO_EOF_CLAMP);
        b.members = 3;
        b.interleavings = 7;
        b.incompleteMembers = 2;
        b.endStates = 40;
        b.nanos = 60_000_000L;
        assertEquals("family    generation    members     interleavings  end states  seconds"
                + "  violated properties (members/all)\n"
                + "a-family  seed-6.1           12               345           6      1.3  none\n"
                + "b         no-eof-clamp        3  7 (2 incomplete)          40      0.1  none\n",
                PunchspecCommand.table(List.of(a, b)));
    }

    @Test
    void exploreScenarioFilesAsJson() throws IOException {
        Result r = execute("explore", "--scenarios", SCENARIOS, "--json");
        assertEquals(0, r.status, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(PunchspecCommand.RESULT_FORMAT, json.get("format").asText());
        assertTrue(json.get("complete").asBoolean());
        assertTrue(json.get("violated").asBoolean());
        JsonNode rows = json.get("rows");
        assertEquals(3, rows.size());
        JsonNode truncate = rows.get(0);
        assertEquals("generic-346", truncate.get("family").asText());
        assertEquals("truncate", truncate.get("generation").asText());
        assertFalse(truncate.get("variant").asBoolean());
        assertEquals(1, truncate.get("members").asLong());
        assertEquals(0, truncate.get("incompleteMembers").asLong());
        assertEquals(5, truncate.get("interleavings").asLong());
        assertEquals(1, truncate.get("distinctEndStates").asLong());
        assertTrue(truncate.get("seconds").isDouble());
        assertTrue(truncate.get("seconds").asDouble() >= 0 && truncate.get("seconds").asDouble() < 600,
                truncate.toString());
        assertEquals(1, truncate.get("violations").size());
        assertEquals(1, truncate.get("violations").get("DATA_LOST").get("members").asLong());
        assertEquals(5, truncate.get("violations").get("DATA_LOST").get("interleavings").asLong());
        assertEquals("newest", rows.get(1).get("generation").asText());
        assertEquals(0, rows.get(1).get("violations").size());
        assertEquals("setup-then-read", rows.get(2).get("family").asText());
        assertEquals(1, rows.get(2).get("interleavings").asLong());
    }

    @Test
    void failOnViolationExitsOneOnlyWhenAPropertyIsViolated() {
        assertEquals(1, execute("explore", "--scenarios", GENERIC_346, "--fail-on-violation").status);
        assertEquals(0, execute("explore", "--scenarios", GENERIC_346).status);
        Result clean = execute("explore", "--scenarios", GENERIC_346, "--generation", "newest", "--fail-on-violation");
        assertEquals(0, clean.status, clean.err);
        assertEquals(2, rows(clean.out).size());
        Result variant = execute("explore", "--scenarios", GENERIC_346, "--generation", "no-f-new", "--json");
        assertTrue(variant.out.contains("\"variant\" : true"), variant.out);
        assertTrue(variant.out.contains("\"violated\" : false"), variant.out);
    }

    @Test
    void allGenerationsMayBeAskedForExplicitly() throws IOException {
        Result r = execute("explore", "--scenarios", GENERIC_346, "--generation", "all", "--json");
        assertEquals(0, r.status, r.err);
        JsonNode rows = new ObjectMapper().readTree(r.out).get("rows");
        List<String> names = new ArrayList<>();
        for (JsonNode row : rows) {
            names.add(row.get("generation").asText() + (row.get("violations").size() > 0 ? "!" : ""));
        }
        assertEquals(List.of("truncate!", "seed-6.1", "ifs-6.6", "newest", "no-f-new", "index32", "no-eof-clamp"),
                names);
    }

    @Test
    void anIncompleteExplorationIsSaid() throws IOException {
        Path dir = Files.createTempDirectory("punchspec-cli");
        Path file = dir.resolve("bounded.json");
        Files.writeString(file, Files.readString(Path.of(GENERIC_346)).replace("\"maxExecutions\": 1000",
                "\"maxExecutions\": 2"));
        Result table = execute("explore", "--scenarios", file.toString(), "--generation", "truncate");
        assertEquals("2 (1 incomplete)", rows(table.out).get(1)[3]);
        JsonNode json = new ObjectMapper().readTree(execute("explore", "--scenarios", file.toString(), "--generation",
                "truncate", "--json").out);
        assertFalse(json.get("complete").asBoolean());
        assertEquals(1, json.get("rows").get(0).get("incompleteMembers").asLong());
    }

    @Test
    void runPrintsFindingsWithShortestSchedulesAndEndStates() {
        Result r = execute("run", GENERIC_346);
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.startsWith("generation truncate: " + Generation.TRUNCATE.summary() + "\n"
                + "scenario generic-346 truncate: 5 interleavings (all), 1 distinct end states, at most 300 steps each\n"
                + "  reduction: none (every schedule)\n"
                + "  DATA_LOST in 5 interleavings; shortest schedule (30 steps): DATA_LOST: byte 1 reads 0 after fsync"
                + " and cache drop, expected 127\n"
                + "    1. task 0: start\n"), r.out);
        assertTrue(r.out.contains("    30. task 0: unlock i_rwsem\n  end states (1):\n    5 x i_size=4 extents=[] cache="),
                r.out);
        assertTrue(r.out.contains("\ngeneration newest: "), r.out);
        assertTrue(r.out.contains("  no property violated\n"), r.out);
        assertEquals(2, r.out.split("  5 interleavings, 1 distinct end states, complete, in ", -1).length - 1);
        assertEquals("", r.err);
        assertEquals(1, execute("run", GENERIC_346, "--fail-on-violation").status);
        Result newest = execute("run", GENERIC_346, "--generation", "newest", "--fail-on-violation");
        assertEquals(0, newest.status);
        assertFalse(newest.out.contains("generation truncate"), newest.out);
    }

    @Test
    void badInputExitsTwoWithOneMessage() {
        String file = "src/test/resources/hostile/unknown-op.json";
        Result run = execute("run", file);
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertEquals("punchspec run: " + file + ": /tasks/0/ops/1/op: schema: does not have a value in the enumeration"
                + " [\"write\", \"mmapStore\", \"read\", \"writeback\", \"fsync\", \"dropCaches\", \"signal\", \"waitFor\"]"
                + " (value: \"truncate\")\n", run.err);
        Result explore = execute("explore", "--scenarios", file);
        assertEquals(2, explore.status);
        assertEquals("", explore.out);
        assertTrue(explore.err.startsWith("punchspec explore: " + file + ": /tasks/0/ops/1/op: schema: "), explore.err);
        Result generation = execute("explore", "--generation", "v5.4");
        assertEquals(2, generation.status);
        assertEquals("punchspec explore: --generation: unknown generation 'v5.4'; known: truncate, seed-6.1, ifs-6.6,"
                + " newest, no-f-new, index32, no-eof-clamp\n", generation.err);
        assertEquals(2, execute("run", GENERIC_346, "--generation", "v5.4").status);
        assertEquals(2, execute("explore", "--no-such-option").status);
        assertEquals(2, execute("run").status);
        assertEquals(2, execute().status);
    }

    @Test
    void aDirectoryWithoutScenariosIsBadInput(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("notes.txt"), "not a scenario");
        Files.createDirectory(empty.resolve("directory.json"));
        Result r = execute("explore", "--scenarios", empty.toString());
        assertEquals(2, r.status);
        assertEquals("punchspec explore: --scenarios: no *.json file in " + empty + "\n", r.err);
    }

    @Test
    void everySubcommandHasHelp() {
        Result explore = execute("explore", "--help");
        assertEquals(0, explore.status);
        assertTrue(explore.out.contains("--fail-on-violation"), explore.out);
        assertTrue(explore.out.contains("--scenarios=FILE|DIR"), explore.out);
        Result run = execute("run", "--help");
        assertEquals(0, run.status);
        assertTrue(run.out.contains("SCENARIO.json"), run.out);
        Result top = execute("--help");
        assertEquals(0, top.status);
        assertTrue(top.out.contains("explore") && top.out.contains("run"), top.out);
    }

    @Test
    void theDefaultSuiteIsEveryBuiltInFamilyAgainstEveryGeneration() {
        List<Family> suite = Family.defaultSuite();
        assertEquals(List.of("failed-write-vs-store", "failed-rewrite", "eof-fault-then-failed-write"),
                suite.stream().map(Family::name).toList());
        for (Family family : suite) {
            assertEquals(List.of(Generation.values()), family.generations(), family.name());
        }
        assertEquals(296, suite.get(1).members().apply(Generation.NO_F_NEW).size());
        assertEquals(456, suite.get(2).members().apply(Generation.NO_EOF_CLAMP).size());
        assertTrue(suite.get(2).members().apply(Generation.NEWEST).get(0).name().contains("newest"),
                suite.get(2).members().apply(Generation.NEWEST).get(0).name());
        Family f = suite.get(0);
        assertEquals("failed-write-vs-store", f.name());
        assertEquals(List.of(Generation.values()), f.generations());
        List<Scenario<FsWorld>> members = f.members().apply(Generation.IFS_66);
        assertEquals(680, members.size());
        assertEquals("failed-write-vs-store ifs-6.6 page=4 block=4 order<=0 i_size=0 write=[0, 1) faulting at +0"
                + " store@0", members.get(0).name());
        assertEquals(100, PunchspecCommand.PROGRESS_EVERY);
        StringWriter err = new StringWriter();
        assertEquals(2, PunchspecCommand.commandLine(suite).setErr(new PrintWriter(err)).execute("explore",
                "--generation", "v5.4"));
        assertTrue(err.toString().startsWith("punchspec explore: --generation: unknown generation 'v5.4'"),
                err.toString());
    }
}
