/** The delalloc punch algorithm, one class per kernel generation, written against module-api only. */
module dev.punchspec.punch {
    requires static org.checkerframework.checker.qual;
    requires transitive dev.punchspec.api;
    exports dev.punchspec.punch;
}
