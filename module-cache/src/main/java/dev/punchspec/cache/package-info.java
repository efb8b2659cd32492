/**
 * The folio cache model: the page cache of one file ({@link dev.punchspec.cache.PageCache}) with
 * folios of any order, iomap's per-block state, value entries, folio locks and the
 * invalidate_lock, and {@code mapping_seek_hole_data()}; and its task-bound handles as the
 * algorithm's {@link dev.punchspec.api.mapping.AddressSpace} and
 * {@link dev.punchspec.api.mapping.Folio}.
 *
 * <p>{@link dev.punchspec.cache.FolioBlockWalk} and {@link dev.punchspec.cache.SeekRules} are
 * written in KeY's Java subset and proved in the build; they are the code the seek runs.
 */
package dev.punchspec.cache;
