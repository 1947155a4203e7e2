package dev.harness.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level helpers the HTTP codec parses with: searches, comparisons and number parsing over a range
 * {@code [from, to)} of a {@link ByteBuffer}, by absolute index.
 *
 * <p>Guarantees: no method moves the buffer's position or limit, creates a string or allocates; each reads
 * every byte of its range at most once. Ranges are the caller's to keep inside the buffer's limit.
 */
final class AsciiBytes {

    private AsciiBytes() {
    }

    /** The US-ASCII bytes of a constant; for class initialisation and error answers, not for the request path. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The index of the first {@code b} in [from, to), or -1. */
    static int indexOf(ByteBuffer in, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether [from, to) holds exactly {@code expected}. */
    static boolean equalsAt(ByteBuffer in, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in.get(from + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether [from, to) holds the lower-case ASCII {@code expected} in any case. */
    static boolean equalsIgnoreCaseAt(ByteBuffer in, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (toLower(in.get(from + i)) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in [from, to) holds the lower-case token {@code token}. */
    static boolean containsTokenIgnoreCase(ByteBuffer in, int from, int to, byte[] token) {
        int i = from;
        while (i < to) {
            int comma = indexOf(in, i, to, (byte) ',');
            int end = comma < 0 ? to : comma;
            int s = i;
            while (s < end && isWhitespace(in.get(s))) {
                s++;
            }
            int e = end;
            while (e > s && isWhitespace(in.get(e - 1))) {
                e--;
            }
            if (equalsIgnoreCaseAt(in, s, e, token)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /**
     * The decimal number in [from, to), or -1 when it is empty, not all digits, or over {@code max}
     * ({@code max >= 0}). The bound is checked before each digit is added, so {@code value * 10 + digit} never
     * passes {@code max}, and so never wraps, whatever {@code max} (19 digits may pass {@link Long#MAX_VALUE}).
     */
    static long parseDigits(ByteBuffer in, int from, int to, long max) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            int digit = b - '0';
            if (digit > max || value > (max - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Whether [from, to) is a non-empty run of RFC 9110 tchar. */
    static boolean isToken(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
            if (!ok) {
                return false;
            }
        }
        return from < to;
    }

    /** Whether [from, to) holds a control character other than horizontal tab (RFC 9110 field-value). */
    static boolean hasControl(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if ((b < 0x20 && b != '\t') || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Whether [from, to) holds a control character or a space (not allowed in a request target). */
    static boolean hasControlOrSpace(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b <= 0x20 || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Space or horizontal tab: the optional whitespace around a header value. */
    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
