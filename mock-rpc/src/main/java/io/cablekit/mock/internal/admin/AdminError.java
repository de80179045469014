package io.cablekit.mock.internal.admin;

import io.cablekit.mock.StubFileException.Problem;
import java.util.List;

/** An admin request that cannot be served: the status and message sent back as JSON. */
final class AdminError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final transient List<Problem> problems;

  AdminError(int status, String message) {
    this(status, message, List.of());
  }

  AdminError(int status, String message, List<Problem> problems) {
    super(message, null, false, false);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  /** 422 with the file/line problems of a body in the stub format. */
  static AdminError problems(List<Problem> problems) {
    return new AdminError(422, String.join("\n", problems.stream().map(Problem::toString).toList()), problems);
  }

  static AdminError badRequest(String message) {
    return new AdminError(400, message);
  }

  static AdminError notFound(String message) {
    return new AdminError(404, message);
  }
}
