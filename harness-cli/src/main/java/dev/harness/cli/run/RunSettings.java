package dev.harness.cli.run;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How every cell of a comparison run is run: the same for every server and scenario, and recorded in
 * {@code meta.json}.
 *
 * @param java            the java binary that starts servers and cell JVMs
 * @param serverJvmFlags  the JVM flags of every cell JVM (mem), and over tcp of the servers of the cells that
 *                        measure memory (and of downstreams)
 * @param loadServerJvmFlags over tcp, the JVM flags of the servers of load cells ({@link #serverJvmFlags(Scenario)});
 *                        the same as {@code serverJvmFlags} unless the run chose them
 * @param userChoseHeap   true when {@code serverJvmFlags} came from the user with an {@code -Xmx}: a mem cell's
 *                        JVM then keeps it instead of the {@link ChildHeap} rule
 * @param transport       tcp: each server in a JVM of its own, the generator in this one; mem: each cell in a
 *                        JVM of its own with server and generator inside
 * @param sourceAddresses tcp: the local addresses the generator spreads connections over when a cell opens more
 *                        than {@value #SPREAD_ABOVE_CONNECTIONS}; unused over mem
 * @param serverArgs      extra {@code harness serve} options for every server (mem: those that
 *                        {@code harness load --transport mem} takes), placed before the run's own so that they
 *                        win
 * @param warmup          each load cell's warm-up
 * @param duration        each load cell's measurement window (idle-connections: the shortest request phase)
 * @param commandLine     the full command, for the record
 * @param cpus            tcp: the cores of the server and of the generator ({@code --cpus}); {@link CpuPinning#NONE}
 *                        for none
 * @param repeats         how many times each cell runs, in rounds ({@link RunOrder}); at least 1
 * @param linkDelay       mem: the link's one-way delay in every cell JVM ({@code --link-delay}); zero for none
 */
public record RunSettings(String java, List<String> serverJvmFlags, List<String> loadServerJvmFlags,
                          boolean userChoseHeap, Transport transport,
                          List<InetAddress> sourceAddresses, List<String> serverArgs, Duration warmup, Duration duration,
                          List<String> commandLine, CpuPinning cpus, int repeats, Duration linkDelay) {

    /** Over tcp, cells with more connections than this spread them over {@link #sourceAddresses}. */
    public static final int SPREAD_ABOVE_CONNECTIONS = 10_000;

    public RunSettings {
        serverJvmFlags = List.copyOf(serverJvmFlags);
        loadServerJvmFlags = List.copyOf(loadServerJvmFlags);
        sourceAddresses = List.copyOf(sourceAddresses);
        serverArgs = List.copyOf(serverArgs);
        commandLine = List.copyOf(commandLine);
    }

    boolean mem() {
        return transport.name().equals("mem");
    }

    /**
     * The JVM flags of the server of a tcp cell of {@code scenario}: {@link #loadServerJvmFlags} when the cell
     * measures a load only, {@link #serverJvmFlags} when it reads the server's memory too (idle connections, a
     * breaking point, blocking calls), whose growth a heap touched in advance would hide.
     */
    List<String> serverJvmFlags(Scenario scenario) {
        return scenario.kind() == Scenario.Kind.LOAD && !scenario.readsIdleMemory() ? loadServerJvmFlags : serverJvmFlags;
    }

    /** The source addresses a tcp cell of {@code connections} uses: none up to the threshold. */
    List<InetAddress> sourcesFor(int connections) {
        return !mem() && connections > SPREAD_ABOVE_CONNECTIONS ? sourceAddresses : List.of();
    }

    /**
     * The server's options in a cell of {@code connections}: the user's first (they win), then the connection
     * limit the cell needs and, for idle connections, no idle timeout (they are held idle on purpose).
     */
    List<String> serverArgs(int connections, boolean idle) {
        return serverArgs(connections, idle, List.of());
    }

    /** {@link #serverArgs(int, boolean)} followed by what {@code scenario} needs (the user's options win). */
    List<String> serverArgs(Scenario scenario) {
        return serverArgs(scenario.connections(), scenario.kind() == Scenario.Kind.IDLE_CONNECTIONS, scenario.serverArgs());
    }

    private List<String> serverArgs(int connections, boolean idle, List<String> scenarioArgs) {
        List<String> args = new ArrayList<>(serverArgs);
        args.addAll(scenarioArgs);
        args.addAll(ServerOptions.MAX_CONNECTIONS.words(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, connections)));
        if (idle) {
            args.addAll(ServerOptions.IDLE_TIMEOUT.words(Duration.ZERO));
        }
        return args;
    }
}
