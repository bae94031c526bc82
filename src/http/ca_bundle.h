// Where the trusted CA certificates are: SSL_CERT_FILE or AWS_CA_BUNDLE when
// set, else the distribution's bundle (Amazon Linux 2023, then Debian). The
// environment and the file system are the caller's (the composition root's):
// the HTTP layer reads neither.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::http {

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
using IsFile = std::function<bool(const std::string&)>;

// The CA bundle path, or "" when none is found (curl's built-in default then applies).
std::string FindCaBundle(const EnvLookup& env, const IsFile& is_file);

}  // namespace delta_arc::http
