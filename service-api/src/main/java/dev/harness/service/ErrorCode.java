package dev.harness.service;

/** Why a service refused or failed a request; ACT frames carry it as an ERROR frame, HTTP as a status code. */
public enum ErrorCode {
    /** The request is well-formed but asks for something over a limit or out of range. */
    BAD_REQUEST(400, "Bad Request"),
    /** The downstream of a RELAY answered ERROR or could not be reached. */
    BAD_GATEWAY(502, "Bad Gateway"),
    /** The server cannot take the request now: no downstream configured, or a table is full. */
    UNAVAILABLE(503, "Service Unavailable"),
    /** The downstream of a RELAY did not answer in time. */
    GATEWAY_TIMEOUT(504, "Gateway Timeout");

    private final int httpStatus;
    private final String reason;

    ErrorCode(int httpStatus, String reason) {
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String reason() {
        return reason;
    }
}
