package dev.harness.reference;

import dev.harness.service.Limits;

/**
 * The parameters of {@code GET /work?cpu_us=A&wait_us=B&reply_bytes=C} (docs/protocol.md §2), parsed from a
 * query string the way every reference server gets it from its own library. A parameter left out is 0; a
 * value that is not a whole number, or is over its limit, is refused with the same words our servers use.
 *
 * @param cpuMicros  CPU to burn on the thread that handles the request
 * @param waitMicros how long to wait afterwards, in the server's own way
 * @param replyBytes zero bytes in the answer
 */
public record WorkQuery(int cpuMicros, int waitMicros, int replyBytes) {

    /** A query that cannot be served: the answer is {@code 400} with {@link #getMessage()} as its body. */
    public static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses {@code query} (the part after {@code ?}, or null) against {@code limits}.
     *
     * @throws BadQuery naming the parameter that is malformed or over its limit
     */
    public static WorkQuery parse(String query, Limits limits) throws BadQuery {
        int cpu = 0;
        int wait = 0;
        int reply = 0;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (name) {
                    case "cpu_us" -> cpu = number(name, value, limits.maxCpuMicros());
                    case "wait_us" -> wait = number(name, value, limits.maxWaitMicros());
                    case "reply_bytes" -> reply = number(name, value, limits.maxReplyBytes());
                    default -> {
                        // other parameters are ignored, as our servers ignore them
                    }
                }
            }
        }
        return new WorkQuery(cpu, wait, reply);
    }

    private static int number(String name, String value, int limit) throws BadQuery {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a whole number, got '" + value + "'");
        }
        if (n < 0) {
            throw new BadQuery(name + " must be a whole number, got '" + value + "'");
        }
        if (n > limit) {
            throw new BadQuery(name + " " + n + " is over the limit " + limit);
        }
        return (int) n;
    }
}
