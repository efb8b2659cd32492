package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code TRACEABILITY.md} in sync with the code: the table of kernel functions against their
 * Java methods per generation is generated from the Javadoc of the main sources, whose first
 * sentence names the kernel function a method mirrors ({@code {@code name()}, generation: ...}).
 * The test fails when the file differs from what the sources say, or when a kernel function of
 * the algorithm has no Java method in a generation that has it. Regenerate with
 * {@code -Dpunchspec.regenerateTraceability=true}.
 */
class TraceabilityTest {

    static final Path SOURCES = Path.of("src/main/java/dev/punchspec/punch");
    static final Path TABLE = Path.of("TRACEABILITY.md");
    static final String[] COLUMNS = {"truncate", "seed-6.1", "ifs-6.6", "newest"};

    /** Which generations' columns a class's methods fill. */
    static final Map<String, String[]> CLASS_COLUMNS = Map.ofEntries(
            Map.entry("TruncatePunch", new String[] {"truncate"}),
            Map.entry("Seed61Punch", new String[] {"seed-6.1"}),
            Map.entry("Seed61Release", new String[] {"seed-6.1"}),
            Map.entry("Seed61Scan", new String[] {"seed-6.1"}),
            Map.entry("Ifs66Punch", new String[] {"ifs-6.6"}),
            Map.entry("Ifs66Scan", new String[] {"ifs-6.6"}),
            Map.entry("NewestPunch", new String[] {"newest"}),
            Map.entry("NewestScan", new String[] {"newest"}),
            Map.entry("XfsNewestDelallocPunch", new String[] {"newest"}),
            Map.entry("Xfs61DelallocPunch", new String[] {"truncate", "seed-6.1", "ifs-6.6"}),
            Map.entry("Generation", new String[] {"truncate", "seed-6.1", "ifs-6.6"}),
            Map.entry("WriteEndRange", COLUMNS),
            Map.entry("XfsBmapPunch", COLUMNS));

    /** The kernel functions each generation has (KERNEL-NOTES §1, §3). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "truncate", List.of("xfs_buffered_write_iomap_end", "xfs_buffered_write_delalloc_punch",
                    "iomap_file_buffered_write_punch_delalloc", "xfs_bmap_punch_delalloc_range"),
            "seed-6.1", List.of("xfs_buffered_write_iomap_end", "xfs_buffered_write_delalloc_punch",
                    "iomap_file_buffered_write_punch_delalloc", "iomap_write_delalloc_release",
                    "iomap_write_delalloc_scan", "xfs_bmap_punch_delalloc_range"),
            "ifs-6.6", List.of("xfs_buffered_write_iomap_end", "xfs_buffered_write_delalloc_punch",
                    "iomap_file_buffered_write_punch_delalloc", "iomap_write_delalloc_release",
                    "iomap_write_delalloc_scan", "iomap_write_delalloc_punch",
                    "iomap_write_delalloc_ifs_punch", "xfs_bmap_punch_delalloc_range"),
            "newest", List.of("xfs_buffered_write_iomap_end", "xfs_buffered_write_delalloc_punch",
                    "iomap_last_written_block", "iomap_write_delalloc_release",
                    "iomap_write_delalloc_scan", "iomap_write_delalloc_punch",
                    "iomap_write_delalloc_ifs_punch", "ifs_next_clean_block", "folio_next_pos",
                    "xfs_bmap_punch_delalloc_range"));

    private static final Pattern DOC_AND_METHOD = Pattern.compile(
            "/\\*\\*\\s*\\n?\\s*\\*?\\s*\\{@code ([a-z_][a-z0-9_]*)\\([^}]*\\}([^\\n]*)"
            + "(?:(?!\\*/).)*?\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*|/\\*@.*?@\\*/\\s*|//@[^\\n]*\\n\\s*)*"
            + "[\\w<>\\[\\], ]*?\\b(\\w+)\\s*\\(", Pattern.DOTALL);

    /** kernel function -> column -> Java methods. */
    static Map<String, Map<String, List<String>>> scan() throws IOException {
        Map<String, Map<String, List<String>>> table = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String cls = String.valueOf(file.getFileName()).replace(".java", "");
            String[] columns = CLASS_COLUMNS.get(cls);
            if (columns == null) {
                continue;
            }
            Matcher m = DOC_AND_METHOD.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String kernel = m.group(1);
                if (kernel == null) {
                    continue;
                }
                String method = cls + "." + m.group(3) + "()";
                for (String col : columns) {
                    table.computeIfAbsent(kernel, k -> new LinkedHashMap<>())
                            .computeIfAbsent(col, k -> new ArrayList<>()).add(method);
                }
            }
        }
        return table;
    }

    static String render(Map<String, Map<String, List<String>>> table) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Traceability: kernel functions to Java methods\n\n");
        sb.append("Generated from the Javadoc of `src/main/java` by `TraceabilityTest` (which fails"
                + " when this file is out of date;\nregenerate with"
                + " `-Dpunchspec.regenerateTraceability=true`). Each method's Javadoc names the"
                + " kernel function and\ngeneration it follows. The historic-bug variants"
                + " (`no-f-new`, `index32`, `no-eof-clamp`) are `seed-6.1` with one\nmethod"
                + " overridden; see the table at the end.\n\n");
        sb.append("| kernel function |");
        for (String c : COLUMNS) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n|---|");
        for (int i = 0; i < COLUMNS.length; i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (Map.Entry<String, Map<String, List<String>>> row : table.entrySet()) {
            sb.append("| `").append(row.getKey()).append("()` |");
            for (String c : COLUMNS) {
                List<String> ms = row.getValue().get(c);
                sb.append(' ').append(ms == null ? "-" : "`" + String.join("`, `", ms) + "`")
                        .append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n## Variants\n\n| variant | overrides | kernel expression replaced |\n"
                + "|---|---|---|\n"
                + "| `no-f-new` | `NoFNewPunch.notReservedByThisWrite()` |"
                + " `!(iomap->flags & IOMAP_F_NEW)` in `iomap_file_buffered_write_punch_delalloc()` |\n"
                + "| `index32` | `Index32Punch.pageIndex()`, `Index32Punch.folioNextIndexPos()` |"
                + " `start_byte >> PAGE_SHIFT` and `folio_next_index(folio) << PAGE_SHIFT` with a"
                + " 32-bit `pgoff_t` in `iomap_write_delalloc_scan()` |\n"
                + "| `no-eof-clamp` | `NoEofClampPunch.scanEndByte()` |"
                + " `min(i_size_read(inode), end_byte)` in `iomap_write_delalloc_release()` |\n");
        return sb.toString();
    }

    @Test
    void tableMatchesTheSources() throws IOException {
        Map<String, Map<String, List<String>>> table = scan();
        for (Map.Entry<String, List<String>> e : REQUIRED.entrySet()) {
            for (String kernel : e.getValue()) {
                assertTrue(table.containsKey(kernel) && table.get(kernel).containsKey(e.getKey()),
                        kernel + " has no Java method in " + e.getKey());
            }
        }
        String text = render(table);
        if (Boolean.getBoolean("punchspec.regenerateTraceability")) {
            Files.writeString(TABLE, text, StandardCharsets.UTF_8);
        }
        assertEquals(text, Files.readString(TABLE, StandardCharsets.UTF_8),
                "TRACEABILITY.md is out of date: regenerate with"
                        + " -Dpunchspec.regenerateTraceability=true");
    }
}
