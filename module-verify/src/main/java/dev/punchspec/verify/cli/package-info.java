/**
 * The {@code punchspec} command line ({@link dev.punchspec.verify.cli.PunchspecCommand}): the
 * default suite of scenario families, the verdict table and its JSON form, and one scenario file
 * explored with its shortest counterexamples.
 */
package dev.punchspec.verify.cli;
