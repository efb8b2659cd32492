package dev.punchspec.lockorder.checker;

import dev.punchspec.lockorder.qual.LockRank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.framework.source.SourceChecker;

/**
 * Compiles test sources in-process with {@link JavaCompiler}, running checkers as annotation
 * processors, and compares the diagnostics with the expectations written in the sources.
 *
 * <p>An expectation is a comment line {@code // :: error: <exact message>} (or
 * {@code warning:}); it applies to the next line of the file that is not itself an expectation.
 * Every diagnostic of the compilation (error, warning, mandatory warning) must be expected and
 * every expectation met, so a source without expectations must compile cleanly.
 */
final class CompileHarness {

    /** The test sources, as copied to {@code target/test-classes} by Maven. */
    static final Path SOURCES = resource("lockorder");

    /** The fixture every case is compiled with. */
    static final Path KERNEL_FIXTURE = SOURCES.resolve("kernel/Kernel.java");

    private static final String MARKER = "// :: ";

    private CompileHarness() {}

    /**
     * One diagnostic, reduced to what the tests compare.
     *
     * @param file the source file name (no directory), or "" for diagnostics without a source
     * @param line the 1-based line, or 0 without a position
     * @param kind "error" or "warning"
     * @param message the message text as javac prints it (including the checker's "[key] ")
     */
    record Diag(String file, long line, String kind, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + ": " + message;
        }
    }

    /**
     * Compiles {@code sources} with the given processors and returns every diagnostic other
     * than notes, sorted by file and line.
     *
     * @param processors fully qualified processor class names, in {@code -processor} order
     * @param sources the files to compile together
     * @return the diagnostics
     */
    static List<Diag> compile(List<String> processors, List<Path> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        Path out;
        try {
            out = Files.createTempDirectory("lockorder-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = List.of(
                "-classpath", classPath(),
                "-processorpath", classPath(),
                "-processor", String.join(",", processors),
                "-d", out.toString(),
                "-encoding", "UTF-8");
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, files, collector, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Diag> diags = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName()
                    .toString();
            String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
            long line = d.getLineNumber() == Diagnostic.NOPOS ? 0 : d.getLineNumber();
            diags.add(new Diag(file, line, kind, d.getMessage(Locale.ROOT)));
        }
        diags.sort(ORDER);
        return diags;
    }

    /** Orders diagnostics by file, line, then text. */
    static final Comparator<Diag> ORDER = Comparator.comparing(Diag::file)
            .thenComparingLong(Diag::line)
            .thenComparing(Diag::kind)
            .thenComparing(Diag::message);

    /**
     * The diagnostics the {@code // :: } comments of {@code source} expect.
     *
     * @param source a test source
     * @return its expectations, sorted like {@link #compile}'s result
     */
    static List<Diag> expectations(Path source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file = source.getFileName().toString();
        List<Diag> expected = new ArrayList<>();
        List<String[]> waiting = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.startsWith(MARKER)) {
                String rest = text.substring(MARKER.length());
                int colon = rest.indexOf(": ");
                if (colon < 0) {
                    throw new IllegalArgumentException(
                            file + ":" + (i + 1) + ": expectation without 'kind: message': " + text);
                }
                waiting.add(new String[] {rest.substring(0, colon), rest.substring(colon + 2)});
                continue;
            }
            for (String[] w : waiting) {
                expected.add(new Diag(file, i + 1, w[0], w[1]));
            }
            waiting.clear();
        }
        if (!waiting.isEmpty()) {
            throw new IllegalArgumentException(file + ": expectation at end of file");
        }
        expected.sort(ORDER);
        return expected;
    }

    /**
     * Renders diagnostics one per line, for assertion messages that show the whole difference.
     *
     * @param diags diagnostics
     * @return their text
     */
    static String render(List<Diag> diags) {
        return diags.stream().map(Diag::toString).collect(Collectors.joining("\n"));
    }

    /**
     * The test sources of a directory under {@link #SOURCES}.
     *
     * @param directory "accept" or "reject"
     * @return the file names, sorted
     */
    static List<String> casesIn(String directory) {
        try (Stream<Path> s = Files.list(SOURCES.resolve(directory))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The class path of the compilations: the checker, the annotations and the Checker
     * Framework, found from classes rather than from {@code java.class.path} (which surefire may
     * hide behind a manifest-only jar).
     */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(LockOrderChecker.class, LockRank.class, SourceChecker.class,
                Nullable.class)) {
            entries.add(locationOf(c).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + c, e);
        }
    }

    private static Path resource(String name) {
        try {
            java.net.URL url = CompileHarness.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("test resource directory missing: " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
