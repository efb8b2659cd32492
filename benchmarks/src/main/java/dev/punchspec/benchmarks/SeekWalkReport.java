package dev.punchspec.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SeekWalkBenchmark} and prints, per benchmark and folio count, the nanoseconds per
 * folio visited (JMH's ns per walk divided by the number of folios) with JMH's 99.9% error
 * interval divided likewise. Extra arguments are JMH's own options (e.g. {@code -f 1 -wi 3 -i 5}).
 */
public final class SeekWalkReport {

    private SeekWalkReport() {
    }

    /**
     * Entry point.
     *
     * @param args JMH command-line options
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if an option is malformed
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .include(SeekWalkBenchmark.class.getName() + ".*").build()).run();
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-36s %8s %14s %12s", "benchmark", "folios", "ns/walk",
                "ns/folio"));
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            int folios = Integer.parseInt(r.getParams().getParam("folios"));
            Result<?> primary = r.getPrimaryResult();
            double perWalk = primary.getScore();
            double error = primary.getScoreError();
            System.out.println(String.format(Locale.ROOT, "%-36s %8d %14.0f %7.1f ± %.1f",
                    name.substring(name.lastIndexOf('.') + 1), folios, perWalk, perWalk / folios, error / folios));
        }
    }
}
