/** The XFS-like extent map model: delalloc reservations, punch, writeback conversion, the disk. */
module dev.punchspec.extent {
    requires static org.checkerframework.checker.qual;
    requires transitive dev.punchspec.api;
    exports dev.punchspec.extent;
}
