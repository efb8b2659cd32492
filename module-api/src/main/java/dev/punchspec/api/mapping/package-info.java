/**
 * The kernel objects the delalloc punch algorithm sees, as interfaces: the inode, its page cache
 * ({@code struct address_space}), a locked folio, the iomap of the write, and the filesystem's
 * punch callback.
 *
 * <p>The algorithm in module-punch is written against these interfaces only; module-cache and
 * module-extent implement them, and module-verify wires them to a model instance. The interfaces
 * are written in the Java subset KeY reads (no generics, no default methods) because the
 * algorithm's proofs are modular over their JML contracts.
 *
 * <p>Conventions: byte offsets are {@code long} and ranges are half-open {@code [start, end)},
 * converted to the kernel's {@code {offset, length}} only at the punch callback, as the kernel
 * does. A handle ({@link Inode}, {@link AddressSpace}, {@link Folio}) is bound to the model thread
 * that uses it, as kernel code runs in the context of {@code current}: lock calls therefore take no
 * task argument.
 */
package dev.punchspec.api.mapping;
