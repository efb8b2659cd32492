/** Filesystem operations, the interleaving explorer, properties, scenarios, vectors and the punchspec command. */
module dev.punchspec.verify {
    requires static org.checkerframework.checker.qual;
    requires dev.punchspec.api;
    requires dev.punchspec.cache;
    requires dev.punchspec.extent;
    requires dev.punchspec.punch;
    requires com.fasterxml.jackson.databind;
    requires com.networknt.schema;
    requires info.picocli;

    exports dev.punchspec.verify.explore;
    exports dev.punchspec.verify.scenario;
    exports dev.punchspec.verify.cli;
    // picocli sets the commands' option fields by reflection.
    opens dev.punchspec.verify.cli to info.picocli;
}
