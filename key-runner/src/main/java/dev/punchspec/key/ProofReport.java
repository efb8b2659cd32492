package dev.punchspec.key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The results of one prover run, the verdict on them, and their two renderings: a Markdown table
 * for people and JSON for tools. No JSON library: the shape is fixed and flat, and the writer
 * escapes every string it emits.
 */
public final class ProofReport {

    private final String keyVersion;
    private final String intRules;
    private final String strategy;
    private final long timeoutSeconds;
    private final int maxSteps;
    private final double loadSeconds;
    private final List<ContractResult> results;
    private final Set<String> expectedOpen;

    /**
     * Creates a report.
     *
     * @param keyVersion the KeY version that ran
     * @param intRules the {@code intRules} choice requested (each result carries the one used)
     * @param strategy the strategy settings, as text
     * @param timeoutSeconds per-proof time limit
     * @param maxSteps per-proof step limit
     * @param loadSeconds environment load time
     * @param results one result per contract
     * @param expectedOpen names of contracts that must stay open
     */
    public ProofReport(String keyVersion, String intRules, String strategy, long timeoutSeconds,
            int maxSteps, double loadSeconds, List<ContractResult> results,
            Set<String> expectedOpen) {
        this.keyVersion = keyVersion;
        this.intRules = intRules;
        this.strategy = strategy;
        this.timeoutSeconds = timeoutSeconds;
        this.maxSteps = maxSteps;
        this.loadSeconds = loadSeconds;
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
        this.expectedOpen = Collections.unmodifiableSet(new LinkedHashSet<>(expectedOpen));
    }

    /** Seconds KeY took to load the environment. */
    public double loadSeconds() {
        return loadSeconds;
    }

    /** The results, in proof order. */
    public List<ContractResult> results() {
        return results;
    }

    /** Names of open contracts that were not expected to stay open: each fails the gate. */
    public List<String> unexpectedlyOpen() {
        List<String> names = new ArrayList<>();
        for (ContractResult r : results) {
            if (!r.closed() && !expectedOpen.contains(r.contractName())) {
                names.add(r.contractName());
            }
        }
        return names;
    }

    /**
     * Names of expected-open contracts that closed or were not found: each fails the gate, since
     * a negative control that proves (or vanishes) no longer shows the gate can fail.
     */
    public List<String> failedNegativeControls() {
        List<String> names = new ArrayList<>();
        for (String name : expectedOpen) {
            ContractResult found = null;
            for (ContractResult r : results) {
                if (r.contractName().equals(name)) {
                    found = r;
                }
            }
            if (found == null || found.closed()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether the gate passes: every contract closed except the expected-open ones, which stayed open. */
    public boolean passed() {
        return unexpectedlyOpen().isEmpty() && failedNegativeControls().isEmpty();
    }

    /** Number of closed proofs. */
    public int closedCount() {
        int n = 0;
        for (ContractResult r : results) {
            n += r.closed() ? 1 : 0;
        }
        return n;
    }

    /** Total seconds spent in proof search. */
    public double proofSeconds() {
        double s = 0;
        for (ContractResult r : results) {
            s += r.seconds();
        }
        return s;
    }

    /**
     * Writes {@code base.md} and {@code base.json}.
     *
     * @param base path without extension
     * @throws IOException if a file cannot be written
     */
    public void write(Path base) throws IOException {
        Path parent = base.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(base.resolveSibling(base.getFileName() + ".md"), toMarkdown(),
                StandardCharsets.UTF_8);
        Files.writeString(base.resolveSibling(base.getFileName() + ".json"), toJson(),
                StandardCharsets.UTF_8);
    }

    /** The human-readable rendering. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# KeY proof report\n\n");
        md.append("- verdict: **").append(passed() ? "PASS" : "FAIL").append("** (")
                .append(closedCount()).append(" of ").append(results.size())
                .append(" contracts closed")
                .append(expectedOpen.isEmpty() ? "" : ", " + expectedOpen.size()
                        + " expected open")
                .append(")\n");
        md.append("- KeY ").append(keyVersion).append(", `").append(intRules).append("`\n");
        md.append("- strategy: ").append(strategy).append("\n");
        md.append("- limits per proof: ").append(timeoutSeconds).append(" s, ").append(maxSteps)
                .append(" steps\n");
        md.append("- time: load ").append(seconds(loadSeconds)).append(" s, proofs ")
                .append(seconds(proofSeconds())).append(" s\n\n");
        md.append("| type | contract | result | nodes | branches | seconds | how | intRules used | note |\n");
        md.append("|---|---|---|---:|---:|---:|---|---|---|\n");
        for (ContractResult r : results) {
            String status = r.closed() ? "closed" : "**OPEN**";
            if (expectedOpen.contains(r.contractName())) {
                status += " (expected open)";
            }
            md.append("| ").append(cell(r.typeName())).append(" | `")
                    .append(cell(r.contractName())).append("` | ").append(status).append(" | ")
                    .append(r.nodes()).append(" | ").append(r.branches()).append(" | ")
                    .append(seconds(r.seconds())).append(" | ").append(cell(r.routeText()))
                    .append(" | ").append(cell(r.intRules()))
                    .append(" | ").append(cell(r.note())).append(" |\n");
        }
        List<String> bad = unexpectedlyOpen();
        List<String> controls = failedNegativeControls();
        if (!bad.isEmpty() || !controls.isEmpty()) {
            md.append("\n## Failures\n\n");
            for (String name : bad) {
                md.append("- open: `").append(cell(name)).append("`\n");
            }
            for (String name : controls) {
                md.append("- expected open but closed or missing: `").append(cell(name))
                        .append("`\n");
            }
        }
        return md.toString();
    }

    /** The machine-readable rendering. */
    public String toJson() {
        StringBuilder js = new StringBuilder();
        js.append("{\n");
        js.append("  \"keyVersion\": ").append(str(keyVersion)).append(",\n");
        js.append("  \"intRules\": ").append(str(intRules)).append(",\n");
        js.append("  \"strategy\": ").append(str(strategy)).append(",\n");
        js.append("  \"timeoutSeconds\": ").append(timeoutSeconds).append(",\n");
        js.append("  \"maxSteps\": ").append(maxSteps).append(",\n");
        js.append("  \"loadSeconds\": ").append(seconds(loadSeconds)).append(",\n");
        js.append("  \"passed\": ").append(passed()).append(",\n");
        js.append("  \"expectedOpen\": ").append(strings(new ArrayList<>(expectedOpen)))
                .append(",\n");
        js.append("  \"unexpectedlyOpen\": ").append(strings(unexpectedlyOpen())).append(",\n");
        js.append("  \"failedNegativeControls\": ").append(strings(failedNegativeControls()))
                .append(",\n");
        js.append("  \"contracts\": [");
        for (int i = 0; i < results.size(); i++) {
            ContractResult r = results.get(i);
            js.append(i == 0 ? "\n" : ",\n");
            js.append("    {\"type\": ").append(str(r.typeName()))
                    .append(", \"contract\": ").append(str(r.contractName()))
                    .append(", \"status\": ").append(str(r.closed() ? "closed" : "open"))
                    .append(", \"nodes\": ").append(r.nodes())
                    .append(", \"branches\": ").append(r.branches())
                    .append(", \"openGoals\": ").append(r.openGoals())
                    .append(", \"seconds\": ").append(seconds(r.seconds()))
                    .append(", \"route\": ").append(str(r.route().name()))
                    .append(", \"replayedNodes\": ").append(r.replayedNodes())
                    .append(", \"intRules\": ").append(str(r.intRules()))
                    .append(", \"note\": ").append(str(r.note())).append("}");
        }
        js.append(results.isEmpty() ? "]\n" : "\n  ]\n");
        js.append("}\n");
        return js.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    /** A Markdown table cell: pipes escaped, no line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ");
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(str(values.get(i)));
        }
        return out.append("]").toString();
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String str(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
