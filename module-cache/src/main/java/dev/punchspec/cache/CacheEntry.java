package dev.punchspec.cache;

/**
 * An entry of the page cache's xarray ({@code mapping->i_pages}): a folio or a value (shadow)
 * entry, covering the naturally aligned page range {@code [index, index + 2^order)}.
 */
public sealed interface CacheEntry permits CachedFolio, ShadowEntry {

    /** The first page index covered ({@code folio->index}, or the value entry's index). */
    long index();

    /** log2 of the number of pages covered ({@code folio_order()}, {@code xas_get_order()}). */
    int order();

    /** The page index just past the entry ({@code folio_next_index()}). */
    default long nextIndex() {
        return index() + (1L << order());
    }
}
