package dev.harness.reference;

/** The reference contract over the {@code helidon} server. */
class HelidonReferenceTest extends ReferenceServerContractTest {

    @Override
    String name() {
        return "helidon";
    }
}
