package dev.harness.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.HandlerConfig;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import dev.harness.service.BlockingCallServices;
import dev.harness.service.ServiceHandlerFactory;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every reference server must do over loopback: {@code GET /echo} and {@code GET /work} as
 * docs/protocol.md §2 says, several requests over one kept-alive connection, a bad query refused with 400,
 * and the configurations it cannot serve refused with a reason. One thin subclass per reference server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ReferenceServerContractTest {

    private Server server;
    private HttpClient client;

    /** The {@code --server} name of the reference server under test. */
    abstract String name();

    @BeforeEach
    void start() throws IOException {
        server = factory().start(ServerConfig.loopback().withEventLoops(1));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ServerFactory factory() {
        return ServerFactories.byName(name());
    }

    private HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void isMarkedReference() {
        assertTrue(factory().reference());
    }

    @Test
    void echoAnswersHello() throws Exception {
        for (int i = 0; i < 3; i++) {    // over one kept-alive connection
            HttpResponse<byte[]> response = get("/echo");
            assertEquals(200, response.statusCode());
            assertEquals("hello\n", new String(response.body(), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void workBurnsWaitsAndAnswersItsReplyBytes() throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = get("/work?cpu_us=200&wait_us=20000&reply_bytes=1000");
        long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        assertEquals(200, response.statusCode());
        assertArrayEquals(new byte[1000], response.body());
        assertTrue(elapsedMicros >= 20_200, "answered after " + elapsedMicros + " µs, before its cpu and wait");
    }

    @Test
    void workWithoutParametersAnswersNoBytes() throws Exception {
        HttpResponse<byte[]> response = get("/work");
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void workRefusesABadOrOverLimitQuery() throws Exception {
        assertEquals(400, get("/work?wait_us=soon").statusCode());
        assertEquals(400, get("/work?cpu_us=" + ((long) Integer.MAX_VALUE + 1)).statusCode());
        assertEquals(200, get("/echo").statusCode());
    }

    @Test
    void refusesTheMemTransportWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory().start(ServerConfig.loopback().withTransport(Transport.mem())));
        assertTrue(e.getMessage().contains("reference server"), e.getMessage());
    }

    @Test
    void refusesAHandlerOfItsOwnWithAReason() {
        ServerConfig config = ServerConfig.loopback()
                .withHandler(HandlerConfig.of(ServiceHandlerFactory.shared(new BlockingCallServices())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory().start(config));
        assertTrue(e.getMessage().contains(name() + " is a reference server: it runs its own HTTP handlers"), e.getMessage());
        assertTrue(e.getMessage().contains(BlockingCallServices.class.getName()), e.getMessage());
    }
}
