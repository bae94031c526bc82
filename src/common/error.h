// The one error model of delta-arc: every fallible operation returns Result<T>,
// an std::expected carrying an Error that names what went wrong.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace delta_arc {

enum class ErrorKind {
  kInvalidArgument,  // bad input or configuration: the caller must fix something
  kNotFound,
  kConflict,
  kUnauthorized,  // no valid credentials (HTTP 401)
  kForbidden,     // valid credentials without rights on the resource (HTTP 403)
  kThrottled,
  kUnavailable,  // transient: a retry may succeed
  kTimedOut,     // no answer within the request's timeout: transient too
  kTooLarge,     // the request is larger than the peer takes (413, 414): a smaller one may pass
  kRemote,       // the peer answered with an error
  kIo,
  kInternal,
  kStopped,  // the run's cutoff came first (common/cutoff.h): the next run goes on
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;

  Error() = default;
  Error(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}
};

template <typename T>
using Result = std::expected<T, Error>;

// A failure a retry may get past: the peer unreachable for now, or slow to answer.
inline bool IsTransient(ErrorKind kind) {
  return kind == ErrorKind::kUnavailable || kind == ErrorKind::kTimedOut;
}

// A Result<void> that reads well at call sites: `Status s = Ok();`.
using Status = Result<void>;
inline Status Ok() {
  return {};
}

inline std::unexpected<Error> Fail(ErrorKind kind, std::string message) {
  return std::unexpected(Error(kind, std::move(message)));
}

}  // namespace delta_arc
