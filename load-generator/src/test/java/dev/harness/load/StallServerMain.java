package dev.harness.load;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;

/**
 * A server in its own process for {@link StallTest}: starts {@code virtual-threads} on a free loopback
 * port, prints {@code listening on 127.0.0.1:PORT}, and exits when its stdin closes (the test's end).
 */
public final class StallServerMain {

    private StallServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
            System.out.println("listening on 127.0.0.1:" + server.address().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.exit(0);
    }
}
