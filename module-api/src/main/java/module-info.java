/** The shared vocabulary: half-open byte ranges, alignment math, geometry, the interfaces the algorithm sees and the lock model. */
module dev.punchspec.api {
    requires static org.checkerframework.checker.qual;
    requires transitive dev.punchspec.lockorder.qual;
    exports dev.punchspec.api;
    exports dev.punchspec.api.mapping;
    exports dev.punchspec.api.lock;
}
