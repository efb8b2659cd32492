/** Filesystem operations, the interleaving explorer, properties, scenarios, vectors and the punchspec command. */
module dev.punchspec.verify {
    requires static org.checkerframework.checker.qual;
    requires dev.punchspec.api;
    requires dev.punchspec.cache;
    requires dev.punchspec.extent;
    requires dev.punchspec.punch;

    exports dev.punchspec.verify.explore;
}
