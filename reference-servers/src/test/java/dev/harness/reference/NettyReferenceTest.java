package dev.harness.reference;

/** The reference contract over the {@code netty} server. */
class NettyReferenceTest extends ReferenceServerContractTest {

    @Override
    String name() {
        return "netty";
    }
}
