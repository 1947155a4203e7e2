package dev.harness.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Counting a server's established connections from the text of {@code /proc/net/tcp} and {@code tcp6}. */
class TcpSocketsTest {

    /** 127.0.0.1:8080 listening, two connections to it, one closing, and a client end of port 8080 elsewhere. */
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
               2: 0100007F:1F90 0200007F:D432 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1
               3: 0100007F:1F90 0100007F:D433 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000000000000
               4: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 20 4 30 10 -1
               5: 0200007F:1F90 0100007F:D434 01 00000000:00000000 00:00000000 00000000     0        0 1005 1 0000000000000000 20 4 30 10 -1
            """;

    /** A JVM's dual-stack socket: 127.0.0.1:8080 as a mapped address, one connection established, one IPv6 one. */
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2001 1 0000000000000000 100 0 0 10 0
               1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:D435 01 00000000:00000000 00:00000000 00000000  1000        0 2002 1 0000000000000000 20 4 30 10 -1
               2: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:D436 01 00000000:00000000 00:00000000 00000000  1000        0 2003 1 0000000000000000 20 4 30 10 -1
            """;

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);

    @Test
    void countsTheEstablishedSocketsWhoseLocalEndIsTheServer() {
        assertEquals(2, TcpSockets.established(TCP.lines(), SERVER), "not the listener, the closing one, the client end or 127.0.0.2");
    }

    @Test
    void countsIpv4EndsThatTcp6ListsAsMappedAddresses() {
        assertEquals(1, TcpSockets.established(TCP6.lines(), SERVER), "the mapped one, not the IPv6 one");
    }

    @Test
    void addressesAreLittleEndianWordsAndPortsBigEndianHex() {
        assertEquals(1, TcpSockets.established(TCP.lines(), new InetSocketAddress("127.0.0.2", 8080)));
        assertEquals(0, TcpSockets.established(TCP.lines(), new InetSocketAddress("127.0.0.1", 8081)));
    }

    @Test
    void anIpv6EndIsUnknown() {
        assertEquals(ProcFiles.UNKNOWN, TcpSockets.established(new InetSocketAddress("::1", 8080)));
    }
}
