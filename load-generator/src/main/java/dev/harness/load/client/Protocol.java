package dev.harness.load.client;

/** The wire protocol the generator speaks (docs/protocol.md): binary ACT frames or HTTP/1.1. */
public enum Protocol {
    /** ACT frames: answers are matched by act and may arrive out of order. */
    ACT,
    /** HTTP/1.1 keep-alive: answers arrive in request order. */
    HTTP;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
