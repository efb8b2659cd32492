package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit statuses for runs that never reach KeY. */
class KeyProverCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeyProver.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorIsStatusTwoWithTheMessage() {
        assertEquals(KeyProver.SETUP_ERROR, run("--staging", "t"));
        assertTrue(err().contains("--report is required"), err());
    }

    @Test
    void refusesToRunWithoutDisregardingUserSettings(@TempDir Path dir) {
        String saved = System.getProperty("key.disregardSettings");
        System.clearProperty("key.disregardSettings");
        try {
            assertEquals(KeyProver.SETUP_ERROR, run("--staging", dir.toString(),
                    "--report", dir.resolve("r").toString()));
            assertTrue(err().contains("-Dkey.disregardSettings=true"), err());
        } finally {
            if (saved != null) {
                System.setProperty("key.disregardSettings", saved);
            }
        }
    }

    @Test
    void stageOnlyStagesAndExitsZero(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("src/p"));
        Files.writeString(root.resolve("A.java"), "package p; class A { }");
        int status = run("--stage-only", "--source-root", dir.resolve("src").toString(),
                "--sources", "p/A.java", "--staging", dir.resolve("stage").toString());
        assertEquals(KeyProver.PASS, status, err());
        assertTrue(Files.exists(dir.resolve("stage/p/A.java")));
        assertTrue(Files.isDirectory(dir.resolve("stage-stubs")));
    }

    @Test
    void stagingErrorIsStatusTwoNamingTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        assertEquals(KeyProver.SETUP_ERROR, run("--stage-only", "--source-root",
                dir.resolve("src").toString(), "--sources", "p/Missing.java", "--staging",
                dir.resolve("stage").toString()));
        assertTrue(err().contains("p/Missing.java"), err());
    }

    @Test
    void missingStagingDirectoryIsStatusTwo(@TempDir Path dir) {
        assertEquals(KeyProver.SETUP_ERROR, run("--staging", dir.resolve("absent").toString(),
                "--report", dir.resolve("r").toString()));
        assertTrue(err().contains("--staging is not a directory"), err());
    }
}
