package dev.punchspec.verify.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs system commands for the kernel harness: stdin text in, stdout lines out, a timeout. */
final class Commands {

    private Commands() {
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, List<String> stdout, String stderr) {
        Result {
            stdout = List.copyOf(stdout);
        }
    }

    /**
     * Runs {@code command} with {@code stdin} as its input; kills it after {@code timeoutSeconds}.
     *
     * @throws IOException if it cannot start, or times out
     */
    static Result run(List<String> command, String stdin, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // Small outputs (a few hundred lines): read stdout fully, then stderr; the helper writes
        // to stderr only when it exits with an error, so neither pipe fills while the other waits.
        String out = readAll(process.getInputStream());
        String err = readAll(process.getErrorStream());
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return new Result(process.exitValue(), lines, err);
    }

    /** Runs {@code command} and fails unless it exits 0. */
    static List<String> check(List<String> command, String stdin, long timeoutSeconds) throws IOException {
        Result r = run(command, stdin, timeoutSeconds);
        if (r.exitCode() != 0) {
            throw new IOException("exit " + r.exitCode() + " from " + command + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    private static String readAll(InputStream stream) throws IOException {
        try (InputStream s = stream) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The executable {@code name} on {@code PATH} or in {@code /usr/sbin}, {@code /sbin}. */
    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
