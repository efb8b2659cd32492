package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofReportTest {

    private static final ContractResult CLOSED = new ContractResult("p.A", "p.A[f].0", true,
            10, 2, 0, 1.25, KeyGate.CHECKING_OF, "");
    private static final ContractResult OPEN = new ContractResult("p.B", "p.B[g|\"x\"].0", false,
            7, 1, 1, 0.5, KeyGate.CHECKING_OF, "1 open goal");

    private static ProofReport report(List<ContractResult> results, Set<String> expectedOpen) {
        return new ProofReport("2.12.3", KeyGate.CHECKING_OF, "strategy", 30, 100, 12.5,
                results, expectedOpen);
    }

    @Test
    void allClosedPasses() {
        ProofReport r = report(List.of(CLOSED), Set.of());
        assertTrue(r.passed());
        assertEquals(1, r.closedCount());
        assertEquals(List.of(), r.unexpectedlyOpen());
    }

    @Test
    void anOpenContractFailsByName() {
        ProofReport r = report(List.of(CLOSED, OPEN), Set.of());
        assertFalse(r.passed());
        assertEquals(List.of(OPEN.contractName()), r.unexpectedlyOpen());
    }

    @Test
    void expectedOpenContractMustBeOpenAndPresent() {
        assertTrue(report(List.of(CLOSED, OPEN), Set.of(OPEN.contractName())).passed());
        ProofReport closedControl = report(List.of(CLOSED, OPEN),
                Set.of(OPEN.contractName(), CLOSED.contractName()));
        assertFalse(closedControl.passed());
        assertEquals(List.of(CLOSED.contractName()), closedControl.failedNegativeControls());
        ProofReport missingControl = report(List.of(CLOSED), Set.of("gone"));
        assertFalse(missingControl.passed());
        assertEquals(List.of("gone"), missingControl.failedNegativeControls());
    }

    @Test
    void emptyRunPasses() {
        ProofReport r = report(List.of(), Set.of());
        assertTrue(r.passed());
        assertTrue(r.toJson().contains("\"contracts\": []"), r.toJson());
    }

    @Test
    void markdownHasOneRowPerContractAndEscapesPipes() {
        String md = report(List.of(CLOSED, OPEN), Set.of()).toMarkdown();
        assertTrue(md.contains("**FAIL** (1 of 2 contracts closed)"), md);
        assertTrue(md.contains("| p.A | `p.A[f].0` | closed | 10 | 2 | 1.25 | search | "), md);
        assertTrue(md.contains("| p.B | `p.B[g\\|\"x\"].0` | **OPEN** | 7 | 1 | 0.50 | "), md);
        assertTrue(md.contains("- open: `p.B[g\\|\"x\"].0`"), md);
        assertTrue(md.contains("`" + KeyGate.CHECKING_OF + "`"), md);
        assertTrue(md.contains("load 12.50 s, proofs 1.75 s"), md);
        String expected = report(List.of(CLOSED, OPEN), Set.of(OPEN.contractName())).toMarkdown();
        assertTrue(expected.contains("**OPEN** (expected open)"), expected);
        assertTrue(expected.contains("**PASS**"), expected);
    }

    @Test
    void jsonCarriesEveryFieldEscaped() {
        String js = report(List.of(CLOSED, OPEN), Set.of()).toJson();
        assertTrue(js.contains("\"intRules\": \"" + KeyGate.CHECKING_OF + "\""), js);
        assertTrue(js.contains("\"passed\": false"), js);
        assertTrue(js.contains("{\"type\": \"p.B\", \"contract\": \"p.B[g|\\\"x\\\"].0\","
                + " \"status\": \"open\", \"nodes\": 7, \"branches\": 1, \"openGoals\": 1,"
                + " \"seconds\": 0.50, \"route\": \"SEARCH\", \"replayedNodes\": 0,"
                + " \"intRules\": \"" + KeyGate.CHECKING_OF + "\", \"note\": \"1 open goal\"}"), js);
        assertTrue(js.contains("\"unexpectedlyOpen\": [\"p.B[g|\\\"x\\\"].0\"]"), js);
    }

    @Test
    void theRouteOfAProofIsReported() {
        ContractResult replayed = new ContractResult("p.A", "p.A[f].0", true, 10, 2, 0, 0.25,
                KeyGate.CHECKING_OF, "", ContractResult.Route.REPLAY, 10);
        ContractResult resumed = new ContractResult("p.A", "p.A[h].0", true, 30, 2, 0, 2.0,
                KeyGate.CHECKING_OF, "saved proof did not close: replay: x; steps saved to y",
                ContractResult.Route.REPLAY_THEN_SEARCH, 12);
        ProofReport r = report(List.of(replayed, resumed), Set.of());
        String md = r.toMarkdown();
        assertTrue(md.contains("| closed | 10 | 2 | 0.25 | replayed | "), md);
        assertTrue(md.contains("| closed | 30 | 2 | 2.00 | replayed 12 nodes, then search | "), md);
        String js = r.toJson();
        assertTrue(js.contains("\"route\": \"REPLAY\", \"replayedNodes\": 10,"), js);
        assertTrue(js.contains("\"route\": \"REPLAY_THEN_SEARCH\", \"replayedNodes\": 12,"), js);
        assertTrue(replayed.toString().endsWith("0.3 s, replayed)"), replayed.toString());
    }

    @Test
    void jsonStringEscaping() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\"", ProofReport.str("a\"b\\c\nd\te\u0001"));
    }

    @Test
    void writesBothFiles(@TempDir Path dir) throws Exception {
        report(List.of(CLOSED), Set.of()).write(dir.resolve("sub/key-report"));
        assertTrue(Files.readString(dir.resolve("sub/key-report.md")).startsWith("# KeY"));
        assertTrue(Files.readString(dir.resolve("sub/key-report.json")).startsWith("{"));
    }

    @Test
    void resultsRejectInconsistentStatistics() {
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", true,
                1, 1, 1, 0, "i", ""));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", false,
                -1, 1, 1, 0, "i", ""));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", false,
                1, 1, 1, Double.NaN, "i", ""));
        // A route must agree with the replayed nodes: none replayed for a search, all of them
        // for a closed replay, some of them before a search.
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", true,
                5, 1, 0, 0, "i", "", ContractResult.Route.SEARCH, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", true,
                5, 1, 0, 0, "i", "", ContractResult.Route.REPLAY, 4));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", false,
                5, 1, 1, 0, "i", "", ContractResult.Route.REPLAY, 5));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", true,
                5, 1, 0, 0, "i", "", ContractResult.Route.REPLAY_THEN_SEARCH, 0));
        assertThrows(IllegalArgumentException.class, () -> new ContractResult("t", "c", true,
                5, 1, 0, 0, "i", "", ContractResult.Route.REPLAY_THEN_SEARCH, 6));
        assertEquals(5, new ContractResult("t", "c", true, 5, 1, 0, 0, "i", "",
                ContractResult.Route.REPLAY_THEN_SEARCH, 5).replayedNodes());
    }
}
