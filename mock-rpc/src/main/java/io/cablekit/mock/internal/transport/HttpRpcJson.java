package io.cablekit.mock.internal.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.helidon.http.Status;

/** The HTTP RPC wire format (PROTOCOL.md 1.5), shared by the mock's endpoint and the recorder. */
public final class HttpRpcJson {
  /** Proto field names and enum numbers, as anycable-go sends and expects them. */
  public static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().printingEnumsAsInts().omittingInsignificantWhitespace();
  /** Newer servers may add fields: unknown ones are ignored, as in anycable-go. */
  public static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  public static final Status UNPROCESSABLE = Status.create(422, "Unprocessable Entity");

  private HttpRpcJson() {}

  /** Parses {@code body} into the message {@code builder} makes. */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(String body, Message.Builder builder)
      throws InvalidProtocolBufferException {
    PARSER.merge(body, builder);
    return (T) builder.build();
  }

  /** The HTTP status anycable-go maps back to this gRPC code (PROTOCOL.md 1.5). */
  public static Status statusFor(io.grpc.Status.Code code) {
    return switch (code) {
      case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
      case INVALID_ARGUMENT -> UNPROCESSABLE;
      case UNAVAILABLE, RESOURCE_EXHAUSTED -> Status.SERVICE_UNAVAILABLE_503;
      default -> Status.INTERNAL_SERVER_ERROR_500;
    };
  }
}
