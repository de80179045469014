package io.cablekit.testkit;

/**
 * How a client's connection ended.
 *
 * @param code the WebSocket close code (1006 when the socket dropped without a close frame)
 * @param reason the close reason
 * @param disconnectReason the {@code reason} of the last {@code {"type":"disconnect"}} frame, or null
 * @param reconnect its {@code reconnect} flag, or null without such a frame
 */
public record CloseInfo(int code, String reason, String disconnectReason, Boolean reconnect) {}
