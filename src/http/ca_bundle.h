// Where the trusted CA certificates are: SSL_CERT_FILE or AWS_CA_BUNDLE when
// set, else the distribution's bundle (Amazon Linux 2023, then Debian).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::http {

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Looks names up in the process environment.
std::optional<std::string> ProcessEnv(std::string_view name);

// The CA bundle path, or "" when none is found (curl's built-in default then applies).
std::string FindCaBundle(const EnvLookup& env = ProcessEnv);

}  // namespace delta_arc::http
