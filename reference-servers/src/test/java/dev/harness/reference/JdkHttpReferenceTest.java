package dev.harness.reference;

/** The reference contract over the {@code jdk-http} server. */
class JdkHttpReferenceTest extends ReferenceServerContractTest {

    @Override
    String name() {
        return "jdk-http";
    }
}
