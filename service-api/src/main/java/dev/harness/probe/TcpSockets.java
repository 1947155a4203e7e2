package dev.harness.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The TCP sockets of this network namespace, from {@code /proc/net/tcp} and {@code /proc/net/tcp6}: how many
 * connections in state ESTABLISHED have a given local end — the server ends of a server's connections,
 * whatever process holds them. A JVM's dual-stack sockets list IPv4 ends in {@code tcp6} as mapped addresses
 * ({@code ::ffff:a.b.c.d}), so both tables count. One pass over each table, line by line: about 150 bytes
 * read per socket on the machine, none kept.
 */
public final class TcpSockets {

    /** The tables, IPv4 first. */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The {@code st} field of an established socket. */
    private static final String ESTABLISHED = "01";
    /** The prefix of an IPv4-mapped IPv6 address, as {@code tcp6} writes it. */
    private static final String MAPPED_V4 = "0000000000000000FFFF0000";

    private TcpSockets() {
    }

    /**
     * The established sockets whose local end is {@code local}, an IPv4 address: the sum over both tables;
     * {@link ProcFiles#UNKNOWN} when {@code local} is not IPv4 or neither table can be read.
     */
    public static int established(InetSocketAddress local) {
        if (local.getAddress() == null || local.getAddress().getAddress().length != 4) {
            return (int) ProcFiles.UNKNOWN;
        }
        int count = 0;
        boolean read = false;
        for (Path table : TABLES) {
            try (BufferedReader in = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                count += established(in.lines(), local);
                read = true;
            } catch (IOException | UncheckedIOException e) {
                // no such table (no IPv6): the other one counts
            }
        }
        return read ? count : (int) ProcFiles.UNKNOWN;
    }

    /**
     * The established sockets whose local end is {@code local} (IPv4) among the lines of one table, {@code tcp}
     * or {@code tcp6}: a header line, then one line per socket whose second field is the local end and whose
     * fourth is the state.
     */
    static int established(Stream<String> table, InetSocketAddress local) {
        String v4 = local(local);
        String mapped = MAPPED_V4 + v4;
        return (int) table.skip(1).map(line -> line.strip().split("\\s+"))
                .filter(f -> f.length > 3 && (f[1].equals(v4) || f[1].equals(mapped)) && f[3].equals(ESTABLISHED))
                .count();
    }

    /**
     * {@code local} as the tables write an IPv4 end: the address as one 32-bit word in host (little-endian)
     * byte order, in hex, then the port.
     */
    private static String local(InetSocketAddress local) {
        byte[] ip = local.getAddress().getAddress();
        return String.format("%02X%02X%02X%02X:%04X", ip[3] & 0xff, ip[2] & 0xff, ip[1] & 0xff, ip[0] & 0xff, local.getPort());
    }
}
