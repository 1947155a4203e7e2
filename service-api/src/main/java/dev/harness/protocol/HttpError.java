package dev.harness.protocol;

/**
 * An error answer the HTTP codec gives on its own, without the service: a request it cannot parse
 * ({@link HttpRequestParser}) or cannot route ({@link HttpRouter}), or an expired header.
 *
 * <p>Created only on the error path; a well-formed request never makes one.
 *
 * @param status  the HTTP status code
 * @param reason  the reason phrase of the status line
 * @param message the one-line body: what went wrong and what to send instead
 * @param allow   the value of the {@code Allow} header of a 405, or null for none
 */
record HttpError(int status, String reason, String message, String allow) {

    HttpError(int status, String reason, String message) {
        this(status, reason, message, null);
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "Bad Request", message);
    }
}
