package dev.harness.reference;

/** The reference contract over the {@code jdk-http-virtual} server. */
class JdkHttpVirtualReferenceTest extends ReferenceServerContractTest {

    @Override
    String name() {
        return "jdk-http-virtual";
    }
}
