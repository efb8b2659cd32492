package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProverOptionsTest {

    @Test
    void fullCommandLineIsParsed() {
        ProverOptions o = ProverOptions.parse(new String[] {
            "--source-root", "src/main/java",
            "--sources", " a/B.java,\n   a/C.java ",
            "--staging", "target/key-src",
            "--stubs", "target/stubs",
            "--library-classpath", "x.jar" + File.pathSeparator + File.pathSeparator + "dir",
            "--report", "target/key-report",
            "--timeout-seconds", "42",
            "--max-steps", "1000",
            "--expect-open", "n1,n2",
            "--only", "f(long),C::g",
            "--jobs", "2",
            "--replay-proofs", "src/key/proofs",
            "--save-proofs=target/key-proofs"});
        assertTrue(o.stages());
        assertEquals(Path.of("src/main/java"), o.sourceRoot());
        assertEquals(List.of("a/B.java", "a/C.java"), o.sources());
        assertEquals(Path.of("target/key-src"), o.stagingDir());
        assertEquals(Path.of("target/stubs"), o.stubDir());
        assertEquals(List.of(Path.of("x.jar"), Path.of("dir")), o.libraryClasspath());
        assertEquals(Path.of("target/key-report"), o.reportBase());
        assertEquals(42, o.timeoutSeconds());
        assertEquals(1000, o.maxSteps());
        assertEquals(Set.of("n1", "n2"), o.expectedOpen());
        assertEquals(List.of("f(long)", "C::g"), o.only());
        assertFalse(o.stageOnly());
        assertEquals(2, o.jobs());
        assertEquals(null, o.workerQueue());
        assertEquals(Path.of("src/key/proofs"), o.replayProofsDir());
        assertEquals(Path.of("target/key-proofs"), o.saveProofsDir());
    }

    @Test
    void aWorkerNamesItsQueue() {
        ProverOptions o = ProverOptions.parse(new String[] {
            "--staging", "t", "--report", "r", "--worker-queue=target/q"});
        assertEquals(Path.of("target/q"), o.workerQueue());
        assertEquals(1, o.jobs());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProverOptions o = ProverOptions.parse(new String[] {
            "--staging", "target/key-src", "--report", "r"});
        assertFalse(o.stages());
        assertEquals(ProverOptions.DEFAULT_TIMEOUT_SECONDS, o.timeoutSeconds());
        assertEquals(ProverOptions.DEFAULT_MAX_STEPS, o.maxSteps());
        assertEquals(Path.of("target/key-src-stubs").toAbsolutePath(), o.stubDir());
        assertTrue(o.expectedOpen().isEmpty());
        assertTrue(o.only().isEmpty());
        assertTrue(o.libraryClasspath().isEmpty());
        assertEquals(1, o.jobs());
        assertEquals(null, o.replayProofsDir());
        assertEquals(null, o.saveProofsDir());
    }

    @Test
    void equalsFormAllowsEmptyValues() {
        ProverOptions o = ProverOptions.parse(new String[] {
            "--staging=t", "--report=r", "--expect-open=", "--timeout-seconds=7",
            "--sources=", "--library-classpath="});
        assertEquals(Path.of("t"), o.stagingDir());
        assertEquals(7, o.timeoutSeconds());
        assertTrue(o.expectedOpen().isEmpty());
        assertTrue(o.sources().isEmpty());
        assertTrue(o.libraryClasspath().isEmpty());
        assertEquals(Set.of("a=b"), ProverOptions.parse(new String[] {
            "--staging", "t", "--report", "r", "--expect-open=a=b"}).expectedOpen());
    }

    @Test
    void stageOnlyNeedsNoReport() {
        ProverOptions o = ProverOptions.parse(new String[] {"--stage-only",
            "--source-root", "s", "--sources", "A.java", "--staging", "t"});
        assertTrue(o.stageOnly());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--report r|--staging is required",
        "--staging t|--report is required",
        "--staging t --report r --bogus x|unknown option --bogus",
        "--staging t --report r --timeout-seconds|--timeout-seconds needs a value",
        "--staging t --report r --timeout-seconds ten|--timeout-seconds must be a number: \"ten\"",
        "--staging t --report r --timeout-seconds 0|--timeout-seconds must be positive: 0",
        "--staging t --report r --max-steps -5|--max-steps must be positive: -5",
        "--staging t --report r --max-steps 3000000000|--max-steps must be at most 2147483647: 3000000000",
        "--staging t --report r --sources A.java|--sources [A.java] given without --source-root",
        "--staging t --report r --source-root s|--sources is empty",
        "--staging t --report r --source-root s --sources A.java,,B.java|--sources has an empty entry",
        "--staging t --report r --source-root s --sources A.txt|--sources entry is not a .java file: A.txt",
        "--staging t --stage-only|--stage-only needs --source-root",
        "--staging t --report r --jobs 0|--jobs must be positive: 0",
        "--staging t --report r --jobs 17|--jobs must be at most 16: 17",
        "--staging t --report r --worker-queue q --jobs 2|--worker-queue q is for a worker",
        "--staging t --report r --worker-queue q --source-root s --sources A.java|--worker-queue q is for a worker",
        "--staging t --report r --replay-proofs=|--replay-proofs needs a directory, got an empty value",
        "--staging t --report r --save-proofs= |--save-proofs needs a directory, got an empty value",
    })
    void badCommandLinesAreRejectedNamingTheOption(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProverOptions.parse(line.split(" ")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void emptySourcesMessageNamesTheMavenProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProverOptions.parse(new String[] {"--staging", "t", "--report", "r",
                    "--source-root", "s", "--sources", "  "}));
        assertTrue(e.getMessage().contains("key.sources"), e.getMessage());
    }
}
