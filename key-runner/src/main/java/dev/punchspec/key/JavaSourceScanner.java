package dev.punchspec.key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few facts about a Java source file that staging needs: its package, its imports and the
 * annotations it uses. Not a parser: it blanks out comments (so JML and Javadoc tags such as
 * {@code @param} or {@code //@ requires} are not mistaken for annotations), string, text-block
 * and character literals, and then matches the remaining text. That is enough for the import
 * and annotation syntax, which has no nesting.
 */
final class JavaSourceScanner {

    private static final Pattern PACKAGE =
            Pattern.compile("\\bpackage\\s+([\\w$]+(?:\\s*\\.\\s*[\\w$]+)*)\\s*;");
    private static final Pattern IMPORT = Pattern.compile(
            "\\bimport\\s+(static\\s+)?([\\w$]+(?:\\s*\\.\\s*[\\w$]+)*)(\\s*\\.\\s*\\*)?\\s*;");
    private static final Pattern ANNOTATION =
            Pattern.compile("@\\s*([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)");

    private final String packageName;
    private final List<String> singleTypeImports;
    private final List<String> onDemandImports;
    private final Set<String> annotationNames;

    private JavaSourceScanner(String packageName, List<String> singleTypeImports,
            List<String> onDemandImports, Set<String> annotationNames) {
        this.packageName = packageName;
        this.singleTypeImports = Collections.unmodifiableList(singleTypeImports);
        this.onDemandImports = Collections.unmodifiableList(onDemandImports);
        this.annotationNames = Collections.unmodifiableSet(annotationNames);
    }

    /**
     * Scans one compilation unit.
     *
     * @param source the file's text
     * @return its package (empty for the unnamed package), imports and annotation names
     */
    static JavaSourceScanner scan(String source) {
        String code = blankCommentsAndLiterals(source);
        Matcher pkg = PACKAGE.matcher(code);
        String packageName = pkg.find() ? squeeze(pkg.group(1)) : "";
        List<String> single = new ArrayList<>();
        List<String> onDemand = new ArrayList<>();
        Matcher imp = IMPORT.matcher(code);
        while (imp.find()) {
            if (imp.group(1) != null) {
                continue; // static imports name members, not types to stub
            }
            String name = squeeze(imp.group(2));
            if (imp.group(3) != null) {
                onDemand.add(name);
            } else {
                single.add(name);
            }
        }
        Set<String> annotations = new LinkedHashSet<>();
        Matcher ann = ANNOTATION.matcher(code);
        while (ann.find()) {
            String name = squeeze(ann.group(1));
            if (!name.equals("interface")) { // "@interface" declares, it does not use
                annotations.add(name);
            }
        }
        return new JavaSourceScanner(packageName, single, onDemand, annotations);
    }

    private static String squeeze(String dotted) {
        return dotted.replaceAll("\\s+", "");
    }

    /**
     * Replaces every comment and every string, text-block and character literal by spaces, keeping
     * line breaks, so offsets and line numbers stay as in the original.
     */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(source, i, end, out);
                i = end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int close = source.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                blank(source, i, end, out);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int close = source.indexOf("\"\"\"", i + 3);
                int end = close < 0 ? n : close + 3;
                blank(source, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i, c);
                blank(source, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** End (exclusive) of the quoted literal opening at {@code start}, honouring escapes. */
    private static int endOfLiteral(String source, int start, char quote) {
        int i = start + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1;
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static void blank(String source, int start, int end, StringBuilder out) {
        for (int i = start; i < end; i++) {
            out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        }
    }

    /** The package name, empty for the unnamed package. */
    String packageName() {
        return packageName;
    }

    /** Fully qualified names of the single-type imports, in source order. */
    List<String> singleTypeImports() {
        return singleTypeImports;
    }

    /** Package (or type) names of the on-demand ({@code .*}) imports, in source order. */
    List<String> onDemandImports() {
        return onDemandImports;
    }

    /** Annotation names as written ({@code Pure} or {@code org.x.Pure}), in source order. */
    Set<String> annotationNames() {
        return annotationNames;
    }
}
