package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link AsciiBytes#parseDigits}: every bound holds at the edge of a long, where the arithmetic itself overflows. */
class AsciiBytesTest {

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @CsvSource({
            "0, 9223372036854775807, 0",
            "9223372036854775807, 9223372036854775807, 9223372036854775807",
            // 19 digits over 2^63 - 1: value * 10 + digit wraps to a negative long, which no bound check sees
            "9223372036854775808, 9223372036854775807, -1",
            "9223372036854775809, 9223372036854775807, -1",
            "9999999999999999999, 9223372036854775807, -1",
            "9223372036854775809, 922337203685477580, -1",
            "922337203685477580, 922337203685477580, 922337203685477580",
            "922337203685477581, 922337203685477580, -1",
            "2147483647, 2147483647, 2147483647",
            "2147483648, 2147483647, -1",
            "5, 0, -1",
            "0, 0, 0",
            "12345678901234567890, 9223372036854775807, -1",
    })
    void aNumberOverItsBoundIsRefusedEvenWhereALongOverflows(String digits, long max, long expected) {
        ByteBuffer in = ByteBuffer.wrap(digits.getBytes(StandardCharsets.US_ASCII));
        assertEquals(expected, AsciiBytes.parseDigits(in, 0, in.limit(), max), digits + " under " + max);
    }
}
