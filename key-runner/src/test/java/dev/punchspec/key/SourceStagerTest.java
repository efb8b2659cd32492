package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.key.testlib.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStagerTest {

    @TempDir
    Path temp;

    private Path root;
    private Path staging;
    private Path stubs;
    private List<Path> library;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("src"));
        staging = temp.resolve("target/key-src");
        stubs = temp.resolve("target/key-src-stubs");
        library = List.of(Path.of(Level.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()));
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private SourceStager.Result stage(String... sources) {
        return SourceStager.stage(root, List.of(sources), staging, stubs, library);
    }

    private IllegalArgumentException rejected(String... sources) {
        return assertThrows(IllegalArgumentException.class, () -> stage(sources));
    }

    @Test
    void copiesOnlyTheListedFilesAndClearsOldOnes() throws Exception {
        write("p/A.java", "package p; public class A { }");
        write("p/B.java", "package p; public class B { }");
        write("p/NotListed.java", "package p; public class NotListed { }");
        Files.createDirectories(staging.resolve("old"));
        Files.writeString(staging.resolve("old/Stale.java"), "class Stale { }");
        SourceStager.Result result = stage("p/A.java", "p/B.java");
        assertEquals(List.of(Path.of("p/A.java"), Path.of("p/B.java")), result.stagedFiles());
        assertTrue(Files.exists(staging.resolve("p/A.java")));
        assertTrue(Files.exists(staging.resolve("p/B.java")));
        assertFalse(Files.exists(staging.resolve("p/NotListed.java")));
        assertFalse(Files.exists(staging.resolve("old")));
        assertEquals(List.of(), result.stubbedTypes());
    }

    @Test
    void stubsImportedAnnotationsAndEnumsFromTheRealTypes() throws Exception {
        write("p/A.java", String.join("\n",
                "package p;",
                "import dev.punchspec.key.testlib.AtLevel;",
                "import dev.punchspec.key.testlib.Level;",
                "/** @see Level */",
                "@dev.punchspec.key.testlib.Marker",
                "public class A { @AtLevel(Level.LOW) void f() { } }"));
        SourceStager.Result result = stage("p/A.java");
        assertEquals(List.of("dev.punchspec.key.testlib.AtLevel",
                "dev.punchspec.key.testlib.Level", "dev.punchspec.key.testlib.Marker"),
                result.stubbedTypes());
        Path dir = stubs.resolve("dev/punchspec/key/testlib");
        String atLevel = Files.readString(dir.resolve("AtLevel.java"));
        assertTrue(atLevel.contains("package dev.punchspec.key.testlib;"), atLevel);
        assertTrue(atLevel.contains("public @interface AtLevel {\n}"), atLevel);
        String level = Files.readString(dir.resolve("Level.java"));
        assertTrue(level.contains("public enum Level {\n    LOW, HIGH\n}"), level);
        assertTrue(Files.readString(dir.resolve("Marker.java"))
                .contains("public @interface Marker {"));
    }

    @Test
    void onDemandImportAndSamePackageAnnotationsResolve() throws Exception {
        write("dev/punchspec/key/testlib/Uses.java", String.join("\n",
                "package dev.punchspec.key.testlib;",
                "public class Uses { @Marker void f() { } }"));
        write("q/C.java", String.join("\n",
                "package q;",
                "import dev.punchspec.key.testlib.*;",
                "public class C { @Marker void f() { } }"));
        SourceStager.Result result = stage("dev/punchspec/key/testlib/Uses.java", "q/C.java");
        assertEquals(List.of("dev.punchspec.key.testlib.Marker"), result.stubbedTypes());
    }

    @Test
    void stagedAnnotationTypesAreNotStubbed() throws Exception {
        write("p/Mine.java", "package p; public @interface Mine { }");
        write("p/A.java", "package p; public class A { @Mine void f() { } }");
        write("q/B.java", "package q; import p.Mine; public class B { @Mine void f() { } }");
        assertEquals(List.of(), stage("p/Mine.java", "p/A.java", "q/B.java").stubbedTypes());
    }

    @Test
    void importOfAnUnstagedClassIsRejectedNamingIt() throws Exception {
        write("p/A.java", "package p; import dev.punchspec.key.testlib.Helper; class A { }");
        IllegalArgumentException e = rejected("p/A.java");
        assertTrue(e.getMessage().contains("dev.punchspec.key.testlib.Helper"), e.getMessage());
        assertTrue(e.getMessage().contains("key.sources"), e.getMessage());
    }

    @Test
    void unknownImportIsRejectedNamingIt() throws Exception {
        write("p/A.java", "package p; import no.such.Thing; class A { }");
        IllegalArgumentException e = rejected("p/A.java");
        assertTrue(e.getMessage().contains("no.such.Thing"), e.getMessage());
        assertTrue(e.getMessage().contains("p/A.java"), e.getMessage());
    }

    @Test
    void unresolvableAnnotationIsRejectedNamingIt() throws Exception {
        write("p/A.java", "package p; class A { @Nowhere void f() { } }");
        IllegalArgumentException e = rejected("p/A.java");
        assertTrue(e.getMessage().contains("@Nowhere"), e.getMessage());
    }

    @Test
    void jdkAnnotationsAreRejectedBecauseKeyLacksThem() throws Exception {
        write("p/A.java", "package p; class A { @Override public String toString() { return null; } }");
        assertTrue(rejected("p/A.java").getMessage().contains("@java.lang.Override"));
        write("p/B.java", "package p; import java.lang.annotation.Documented; @Documented @interface B { }");
        assertTrue(rejected("p/B.java").getMessage().contains("java.lang.annotation.Documented"));
    }

    @Test
    void badSourceListsAreRejectedNamingTheEntry() throws Exception {
        write("p/A.java", "package p; class A { }");
        write("module-info.java", "module m { }");
        assertTrue(rejected("p/Missing.java").getMessage().contains("p/Missing.java"));
        assertTrue(rejected("../x/A.java").getMessage().contains("relative"));
        assertTrue(rejected(temp.resolve("src/p/A.java").toString()).getMessage()
                .contains("relative"));
        assertTrue(rejected("module-info.java").getMessage().contains("module declaration"));
        assertTrue(rejected("p/A.java", "p/./A.java").getMessage().contains("twice"));
    }

    @Test
    void stagingInsideTheSourcesIsRefusedBeforeAnythingIsDeleted() throws Exception {
        write("p/A.java", "package p; class A { }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceStager.stage(root, List.of("p/A.java"), root.resolve("p"), stubs,
                        library));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        assertTrue(Files.exists(root.resolve("p/A.java")));
        assertThrows(IllegalArgumentException.class, () -> SourceStager.stage(root,
                List.of("p/A.java"), staging, staging.resolve("stubs"), library));
        assertThrows(IllegalArgumentException.class, () -> SourceStager.stage(
                temp.resolve("absent"), List.of("p/A.java"), staging, stubs, library));
    }
}
