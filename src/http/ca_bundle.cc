// CA bundle discovery; see ca_bundle.h.
#include "http/ca_bundle.h"

#include <cstdlib>
#include <filesystem>

namespace delta_arc::http {

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string FindCaBundle(const EnvLookup& env) {
  for (const char* name : {"SSL_CERT_FILE", "AWS_CA_BUNDLE"}) {
    if (auto path = env(name)) return *path;
  }
  for (const char* path :
       {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt"}) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path;
  }
  return "";
}

}  // namespace delta_arc::http
