package dev.harness.load.client;

/** The service each request calls (docs/protocol.md operations). */
public enum Workload {
    /** ECHO: {@code payloadBytes} back (HTTP: GET /echo answers {@code hello\n}; POST when payloadBytes > 0). */
    ECHO,
    /** WORK: burn {@code cpuMicros}, wait {@code waitMicros}, answer {@code replyBytes}. */
    WORK,
    /** SUBSCRIBE: {@code events} events of {@code replyBytes}, one every {@code intervalMicros}, under one act. */
    SUBSCRIBE,
    /** RELAY of an ECHO of {@code payloadBytes} through the server to its downstream. */
    RELAY;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
