package dev.harness.example.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.conformance.ActFrames;
import dev.harness.server.HandlerConfig;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.service.HandlerClass;
import dev.harness.service.Operation;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example handler, loaded by class name as {@code --handler} loads it, under every server model over
 * mem: a lookup answers its key's value with the request's size, whether it missed (fetched from the
 * backend through {@code Session.blocking}) or hit; any other operation is refused.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyValueHandlerTest {

    /** Each model looks up a key of its own, so that its first lookup misses: the store is the JVM's. */
    @ParameterizedTest
    @CsvSource({"sync-threads, 7", "virtual-threads, 8", "proactor-act, 9"})
    void lookupsAnswerTheKeysValueOnAMissAndOnAHit(String model, int keyIndex) throws Exception {
        ServerConfig config = ServerConfig.loopback().withTransport(Transport.mem()).withHandler(
                HandlerConfig.of(HandlerClass.load(KeyValueHandler.class.getName(), Optional.empty())));
        try (Server server = ServerFactories.byName(model).start(config);
             Channel client = Transport.mem().connect(server.address())) {
            long key = KeyValueStore.KEYS + keyIndex;   // act modulo the key space: keyIndex
            byte[] expected = new byte[16];
            Arrays.fill(expected, (byte) ('a' + keyIndex));
            for (int lookup = 0; lookup < 2; lookup++) {
                ActFrames.send(client, key, Operation.ECHO, new byte[16]);
                ActFrames.Frame answer = ActFrames.read(client);
                assertEquals(key, answer.act());
                assertArrayEquals(expected, answer.payload(), "lookup " + lookup);
            }
            ActFrames.send(client, 3, Operation.WORK, new byte[12]);
            ActFrames.Frame refused = ActFrames.read(client);
            assertEquals(2, refused.status(), "ERROR: " + new String(refused.payload(), StandardCharsets.UTF_8));
        }
    }
}
