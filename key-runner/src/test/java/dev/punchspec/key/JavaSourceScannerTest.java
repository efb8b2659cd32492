package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaSourceScannerTest {

    private static final String SOURCE = String.join("\n",
            "/* header @Fake */",
            "package  a . b ;",
            "import x.y.Imported;",
            "import static x.y.Util.helper;",
            "import p.q.*;",
            "// @LineComment",
            "/** Javadoc {@code @Code} @param nothing */",
            "@Imported",
            "public final class C {",
            "    /*@ public normal_behavior",
            "      @   ensures \\result == 1;",
            "      @*/",
            "    @ z . w . Qualified(\"@InString\")",
            "    public static int f(@Param int v) {",
            "        char c = '@';",
            "        String s = \"\\\"@Escaped\";",
            "        return 1; //@ assert true;",
            "    }",
            "    public @interface Declared { }",
            "}");

    @Test
    void findsPackageImportsAndAnnotationsOutsideCommentsAndLiterals() {
        JavaSourceScanner scan = JavaSourceScanner.scan(SOURCE);
        assertEquals("a.b", scan.packageName());
        assertEquals(List.of("x.y.Imported"), scan.singleTypeImports());
        assertEquals(List.of("p.q"), scan.onDemandImports());
        assertEquals(Set.of("Imported", "z.w.Qualified", "Param"), scan.annotationNames());
    }

    @Test
    void blankingKeepsLengthAndLineBreaks() {
        String blanked = JavaSourceScanner.blankCommentsAndLiterals(SOURCE);
        assertEquals(SOURCE.length(), blanked.length());
        assertEquals(SOURCE.lines().count(), blanked.lines().count());
        assertEquals(-1, blanked.indexOf("Fake"));
        assertEquals(-1, blanked.indexOf("InString"));
        assertEquals(-1, blanked.indexOf("Escaped"));
    }

    @Test
    void textBlocksAreBlanked() {
        String src = "class T { String s = \"\"\"\n  @NotAnAnnotation \"quoted\"\n  \"\"\"; @Real int x; }";
        assertEquals(Set.of("Real"), JavaSourceScanner.scan(src).annotationNames());
    }

    @Test
    void unnamedPackageIsEmpty() {
        assertEquals("", JavaSourceScanner.scan("class T { }").packageName());
    }
}
