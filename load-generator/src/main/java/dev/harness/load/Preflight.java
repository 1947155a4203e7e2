package dev.harness.load;

import dev.harness.probe.ProcFiles;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks, before anything starts, that the machine can carry a plan over tcp: enough open files
 * ({@code /proc/self/limits}, "Max open files", soft limit) for the connections plus what the process
 * already holds, and enough ephemeral ports ({@code /proc/sys/net/ipv4/ip_local_port_range}) per source
 * address. A refusal is a {@link LoadException} whose message gives the numbers and what to do.
 * Where /proc cannot be read (not Linux) the check passes. Over mem there is nothing to check: a mem
 * connection holds no file descriptor and no port.
 */
public final class Preflight {

    /** File descriptors kept free for selectors, pipes, log files and the JVM. */
    static final int RESERVE_FDS = 64;

    private Preflight() {
    }

    public static void check(LoadConfig config) throws LoadException {
        if (config.transport() != Transport.tcp()) {
            return;
        }
        check(config.ownConnections(), Math.max(1, config.ownSourceAddresses().size()), openFilesLimit(), openFiles(),
                ephemeralPorts(), config.target().getHostString() + ":" + config.target().getPort());
    }

    /** The check with the machine's numbers given; a negative number means "unknown". */
    static void check(int connections, int sources, long openFilesLimit, long openNow, long portsPerSource,
                      String target) throws LoadException {
        if (openFilesLimit > 0) {
            long needed = connections + Math.max(0, openNow) + RESERVE_FDS;
            if (needed > openFilesLimit) {
                throw new LoadException("cannot open " + connections + " connections: the open-files limit is "
                        + openFilesLimit + " (ulimit -n) and " + connections + " tcp connections need " + needed
                        + " with the " + Math.max(0, openNow) + " files already open and " + RESERVE_FDS
                        + " in reserve; use --transport mem (no file descriptors), raise the limit (ulimit -n "
                        + roundUp(needed) + "), or split the load over several generator processes");
            }
        }
        if (portsPerSource > 0 && connections > portsPerSource * sources) {
            long addressesNeeded = (connections + portsPerSource - 1) / portsPerSource;
            throw new LoadException("cannot open " + connections + " connections to " + target + ": "
                    + (sources == 1 ? "one source address has " : sources + " source addresses have ")
                    + portsPerSource * sources + " ephemeral ports (" + portsPerSource
                    + " each, /proc/sys/net/ipv4/ip_local_port_range); use --source-address with at least "
                    + addressesNeeded + " addresses, e.g. 127.0.0.2,127.0.0.3, or widen the port range");
        }
    }

    private static long roundUp(long n) {
        return ((n + 9999) / 10000) * 10000;
    }

    static long openFilesLimit() {
        return ProcFiles.softLimit("Max open files");
    }

    static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long ephemeralPorts() {
        try {
            String[] f = ProcFiles.text(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Long.parseLong(f[1]) - Long.parseLong(f[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
