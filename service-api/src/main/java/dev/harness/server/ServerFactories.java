package dev.harness.server;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link ServerFactory} implementations on the class path, by name. */
public final class ServerFactories {

    private ServerFactories() {
    }

    /** Every factory on the class path, sorted by name. */
    public static List<ServerFactory> all() {
        return ServiceLoader.load(ServerFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(ServerFactory::name))
                .toList();
    }

    /**
     * The factory called {@code name}.
     *
     * @throws IllegalArgumentException naming the known servers when there is none of that name
     */
    public static ServerFactory byName(String name) {
        List<ServerFactory> all = all();
        return all.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown server '" + name + "'; known servers: "
                        + String.join(", ", all.stream().map(ServerFactory::name).toList())));
    }
}
