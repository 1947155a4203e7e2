package dev.harness.service;

/** The status byte of a response frame. */
public enum Status {
    /** A complete answer, or one event of a stream that goes on. */
    OK(0),
    /** The last frame of a stream. */
    LAST(1),
    /** An error; the payload is a UTF-8 message. */
    ERROR(2);

    private final byte code;

    Status(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The status of wire byte {@code code}, or null when the byte is not a status. */
    public static Status of(byte code) {
        return switch (code) {
            case 0 -> OK;
            case 1 -> LAST;
            case 2 -> ERROR;
            default -> null;
        };
    }
}
