/** The folio cache model (address_space): folios, per-block state, mapping_seek_hole_data. */
module dev.punchspec.cache {
    requires static org.checkerframework.checker.qual;
    requires transitive dev.punchspec.api;
    exports dev.punchspec.cache;
}
