package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.uka.ilkd.key.speclang.Contract;
import dev.punchspec.key.testlib.Level;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The gate against real KeY proofs of the fixtures in {@code src/test/resources/key-fixtures}.
 *
 * <p>KeY costs 11-60 s per environment load on this machine, so the command line runs once, in
 * {@link #runGateOnce()}, over every fixture (correct contracts, the negative control, the overflow
 * case, the annotated class); the tests read its exit status, its output and the JSON report.
 * Two more loads are unavoidable, because KeY fixes the integer semantics at load time: one with
 * overflow ignored (the overflow fixture must close there) and one with a misspelled choice (the
 * read-back must refuse it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class KeyProofTest {

    private static final String HALF_OPEN = "fixture.HalfOpenRange";
    private static final String NEGATIVE = "fixture.NegativeControl[fixture.NegativeControl"
            + "::overlaps(long,long,long,long)].JML normal_behavior operation contract.0";
    private static final String OVERFLOW = "fixture.OverflowProne[fixture.OverflowProne"
            + "::lengthBytes(long,long)].JML normal_behavior operation contract.0";
    private static final String LOOP = "fixture.HalfOpenRange[fixture.HalfOpenRange"
            + "::firstEndingAfter([J,long)].JML normal_behavior operation contract.0";
    private static final String OVERLAPS = "fixture.HalfOpenRange[fixture.HalfOpenRange"
            + "::overlaps(long,long,long,long)].JML normal_behavior operation contract.0";

    private Path fixtures;
    private Path work;
    private Path testClasses;
    private int exitCode;
    private String out;
    private String err;
    private String json;
    private String markdown;
    private ProofReport checkingReport;
    private ProofReport ignoringReport;

    @BeforeAll
    void runGateOnce() throws Exception {
        fixtures = resource("/key-fixtures");
        testClasses = Path.of(Level.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        work = Files.createDirectories(Path.of("target", "key-test"));
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        String[] args = {
            "--source-root", fixtures.toString(),
            "--sources", "fixture/HalfOpenRange.java, fixture/NegativeControl.java,"
                    + " fixture/OverflowProne.java, fixture/Annotated.java",
            "--staging", work.resolve("all/key-src").toString(),
            "--library-classpath", testClasses.toString(),
            "--report", work.resolve("all/key-report").toString(),
            "--timeout-seconds", "240",
            "--max-steps", "20000",
            "--jobs", "2",
            "--save-proofs", work.resolve("all/saved").toString(),
        };
        try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            exitCode = KeyProver.run(args, o, e);
        }
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        System.err.print(err);
        json = Files.readString(work.resolve("all/key-report.json"));
        markdown = Files.readString(work.resolve("all/key-report.md"));
        checkingReport = reportFromOutput();
    }

    @Test
    void correctFixtureContractsAllClose() {
        List<String> halfOpen = new ArrayList<>();
        for (ContractResult r : checkingReport.results()) {
            if (r.typeName().equals(HALF_OPEN) || r.typeName().equals("fixture.Annotated")) {
                halfOpen.add(r.contractName());
                assertTrue(r.closed(), "should close: " + r);
                assertTrue(r.nodes() > 0 && r.branches() > 0, "statistics recorded: " + r);
            }
        }
        // contains, overlaps, lengthBytes, firstEndingAfter (the loop) and Annotated.endByte
        assertEquals(5, halfOpen.size(), halfOpen.toString());
        assertTrue(halfOpen.contains(LOOP), halfOpen.toString());
        assertTrue(json.contains("\"contract\": " + ProofReport.str(LOOP)
                + ", \"status\": \"closed\""), json);
    }

    @Test
    void negativeControlStaysOpenAndFailsTheRunByName() {
        assertEquals(KeyProver.PROOF_FAILED, exitCode, err);
        assertTrue(err.contains("key-runner: OPEN " + NEGATIVE), err);
        assertTrue(json.contains("\"contract\": " + ProofReport.str(NEGATIVE)
                + ", \"status\": \"open\""), json);
        assertTrue(markdown.contains("- open: `" + NEGATIVE + "`"), markdown);
        assertTrue(markdown.contains("**FAIL**"), markdown);
    }

    @Test
    void overflowIsCaughtOnlyWithOverflowChecking() throws Exception {
        ContractResult checked = find(checkingReport, OVERFLOW);
        assertFalse(checked.closed(), "with overflow checking: " + checked);
        assertTrue(checked.note().contains("Overflow check"), checked.note());
        assertEquals(KeyGate.CHECKING_OF, checked.intRules());
        assertTrue(err.contains("key-runner: OPEN " + OVERFLOW), err);

        // The same source with overflow ignored: the proof closes.
        ProofReport ignoring = ignoringRun();
        assertEquals(1, ignoring.results().size(), ignoring.results().toString());
        ContractResult unchecked = find(ignoring, OVERFLOW);
        assertTrue(unchecked.closed(), "without overflow checking: " + unchecked);
        assertEquals(KeyGate.IGNORING_OF, unchecked.intRules());
        assertTrue(ignoring.passed());
    }

    @Test
    void savedProofsCloseByReplayOnlyTheObligationTheyProve() throws Exception {
        // The checking run saved every proof that closed (none was replayed: nothing was saved).
        for (ContractResult r : checkingReport.results()) {
            assertEquals(ContractResult.Route.SEARCH, r.route(), r.toString());
            assertEquals(r.closed(), r.note().startsWith("steps saved to "), r.toString());
        }
        // A replay directory holding those proofs, the overflow fixture's proof found with
        // overflow ignored, and the correct overlaps proof filed under the wrong contract's name.
        Path replay = work.resolve("replay");
        SourceStager.recreate(replay);
        try (Stream<Path> saved = Files.list(work.resolve("all/saved"))) {
            for (Path file : (Iterable<Path>) saved::iterator) {
                Files.copy(file, replay.resolve(file.getFileName()));
            }
        }
        assertTrue(find(ignoringRun(), OVERFLOW).closed());
        Files.copy(work.resolve("ignoring/saved").resolve(SavedProofs.fileName(OVERFLOW)),
                replay.resolve(SavedProofs.fileName(OVERFLOW)));
        Files.copy(work.resolve("all/saved").resolve(SavedProofs.fileName(OVERLAPS)),
                replay.resolve(SavedProofs.fileName(NEGATIVE)));

        try (KeyGate gate = KeyGate.load(work.resolve("all/key-src"),
                List.of(work.resolve("all/key-src-stubs")), KeyGate.CHECKING_OF)) {
            gate.keepProofs(replay, null);
            for (ContractResult searched : checkingReport.results()) {
                ContractResult r = gate.prove(gate.contracts().get(searched.contractName()), 240,
                        20000);
                if (searched.closed()) {
                    assertEquals(ContractResult.Route.REPLAY, r.route(), r.toString());
                    assertTrue(r.closed(), r.toString());
                    assertEquals(searched.nodes(), r.nodes(), r.toString());
                    assertEquals(r.nodes(), r.replayedNodes(), r.toString());
                } else {
                    // A proof under overflow-ignoring rules, or of another contract, does not
                    // close the obligation; the strategy then searches and leaves it open.
                    assertFalse(r.closed(), r.toString());
                    assertTrue(r.note().startsWith("saved proof did not close: "), r.toString());
                    assertTrue(r.route() != ContractResult.Route.REPLAY, r.toString());
                }
            }
        }
    }

    @Test
    void misspelledIntRulesChoiceIsRefusedOnReadBack() throws Exception {
        Path staging = work.resolve("misspelled/key-src");
        SourceStager.stage(fixtures, List.of("fixture/OverflowProne.java"), staging,
                work.resolve("misspelled/key-src-stubs"), List.of());
        String misspelled = "intRules:arithmeticSemanticsCheckingOf";
        try (KeyGate gate = KeyGate.load(staging, List.of(), misspelled)) {
            Contract contract = gate.contracts().get(OVERFLOW);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> gate.prove(contract, 60, 1000));
            assertTrue(e.getMessage().contains(misspelled), e.getMessage());
            assertTrue(e.getMessage().contains(KeyGate.IGNORING_OF), e.getMessage());
        }
    }

    @Test
    void everyProofReportsTheCheckingChoiceItUsed() {
        assertEquals(7, checkingReport.results().size(), checkingReport.results().toString());
        for (ContractResult r : checkingReport.results()) {
            assertEquals(KeyGate.CHECKING_OF, r.intRules(), r.toString());
        }
        assertTrue(json.contains("\"intRules\": \"" + KeyGate.CHECKING_OF + "\""), json);
        assertTrue(markdown.contains("`" + KeyGate.CHECKING_OF + "`"), markdown);
    }

    @Test
    void expectingTheControlsOpenMakesTheSameResultsPass() {
        ProofReport expected = new ProofReport("v", KeyGate.CHECKING_OF, "s", 1, 1, 0,
                checkingReport.results(), Set.of(NEGATIVE, OVERFLOW));
        assertTrue(expected.passed(), expected.toMarkdown());
        ProofReport wrongControl = new ProofReport("v", KeyGate.CHECKING_OF, "s", 1, 1, 0,
                checkingReport.results(), Set.of(NEGATIVE, OVERFLOW, LOOP));
        assertFalse(wrongControl.passed());
        assertEquals(List.of(LOOP), wrongControl.failedNegativeControls());
    }

    @Test
    void openProofsSayWhereTheyAreOpen() throws Exception {
        ContractResult negative = find(checkingReport, NEGATIVE);
        assertTrue(negative.note().startsWith("1 open goal on ["), negative.note());
        Path dir = work.resolve("all/key-report-open-goals");
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        // exactly the two open proofs, nothing stale
        assertEquals(2, files.size(), files.toString());
        for (String file : files) {
            String text = Files.readString(dir.resolve(file));
            assertTrue(text.startsWith("Open goals of fixture."), text);
            assertTrue(text.contains("== goal "), text);
            assertTrue(text.contains("==>"), text); // a printed sequent
        }
        assertTrue(negative.note().contains(dir.resolve(files.get(0)).getParent().toString()),
                negative.note());
    }

    @Test
    void annotationStubsWereGeneratedFromTheRealTypes() throws Exception {
        Path stubs = work.resolve("all/key-src-stubs/dev/punchspec/key/testlib");
        assertTrue(Files.readString(stubs.resolve("AtLevel.java"))
                .contains("public @interface AtLevel {\n}"));
        assertTrue(Files.readString(stubs.resolve("Level.java")).contains("LOW, HIGH"));
        assertTrue(Files.exists(stubs.resolve("Marker.java")));
        assertTrue(out.contains("dev.punchspec.key.testlib.AtLevel"), out);
    }

    /**
     * Proves OverflowProne with overflow ignored, once per class (KeY fixes the semantics at load
     * time, so this is a load of its own), saving its proof; --only keeps the other staged
     * class's contracts out of this run.
     */
    private ProofReport ignoringRun() throws Exception {
        if (ignoringReport == null) {
            Path staging = work.resolve("ignoring/key-src");
            SourceStager.stage(fixtures, List.of("fixture/OverflowProne.java",
                    "fixture/HalfOpenRange.java"), staging, work.resolve("ignoring/key-src-stubs"),
                    List.of());
            ProverOptions options = ProverOptions.parse(new String[] {
                "--staging", staging.toString(),
                "--stubs", work.resolve("ignoring/key-src-stubs").toString(),
                "--report", work.resolve("ignoring/key-report").toString(),
                "--timeout-seconds", "240", "--max-steps", "20000",
                "--save-proofs", work.resolve("ignoring/saved").toString(),
                "--only", "fixture.OverflowProne["});
            ignoringReport = KeyProver.prove(options, KeyGate.IGNORING_OF,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
        return ignoringReport;
    }

    /** Rebuilds the checking run's report from its JSON, the form other tools read. */
    private ProofReport reportFromOutput() {
        List<ContractResult> results = new ArrayList<>();
        for (String line : json.split("\n")) {
            if (!line.trim().startsWith("{\"type\"")) {
                continue;
            }
            results.add(new ContractResult(field(line, "type"), field(line, "contract"),
                    field(line, "status").equals("closed"), number(line, "nodes"),
                    number(line, "branches"), number(line, "openGoals"),
                    Double.parseDouble(raw(line, "seconds")), field(line, "intRules"),
                    field(line, "note"), ContractResult.Route.valueOf(field(line, "route")),
                    number(line, "replayedNodes")));
        }
        return new ProofReport("v", KeyGate.CHECKING_OF, "s", 1, 1, 0, results, Set.of());
    }

    private static String field(String line, String name) {
        String key = "\"" + name + "\": \"";
        int start = line.indexOf(key) + key.length();
        return line.substring(start, line.indexOf('"', start));
    }

    private static String raw(String line, String name) {
        String key = "\"" + name + "\": ";
        int start = line.indexOf(key) + key.length();
        int end = line.indexOf(',', start);
        return line.substring(start, end < 0 ? line.indexOf('}', start) : end).trim();
    }

    private static int number(String line, String name) {
        return Integer.parseInt(raw(line, name));
    }

    private static ContractResult find(ProofReport report, String name) {
        for (ContractResult r : report.results()) {
            if (r.contractName().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no contract " + name + " in " + report.results());
    }

    private static Path resource(String name) throws URISyntaxException {
        return new File(KeyProofTest.class.getResource(name).toURI()).toPath();
    }
}
