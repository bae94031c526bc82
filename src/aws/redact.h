// Keeps secrets out of logs and error messages: every occurrence of a
// secret (secret key, session token, fetched secret value) is replaced.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"

namespace delta_arc::aws {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Secrets shorter than this are left alone: replacing them would garble
// ordinary words without protecting anything (real keys and tokens are long).
inline constexpr std::size_t kMinRedactedLength = 8;

// Replaces each secret in `text`.
std::string Redact(std::string_view text, const std::vector<std::string_view>& secrets);
// Replaces the secret key and session token of `credentials`.
std::string Redact(std::string_view text, const Credentials& credentials);

}  // namespace delta_arc::aws
