/** The kernel lock ranks and the annotations the punchspec lock-order checker reads. */
module dev.punchspec.lockorder.qual {
    exports dev.punchspec.lockorder.qual;
}
