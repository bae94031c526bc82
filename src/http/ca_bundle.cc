// CA bundle discovery; see ca_bundle.h.
#include "http/ca_bundle.h"

namespace delta_arc::http {

std::string FindCaBundle(const EnvLookup& env, const IsFile& is_file) {
  for (const char* name : {"SSL_CERT_FILE", "AWS_CA_BUNDLE"}) {
    if (auto path = env(name); path && !path->empty()) return *path;
  }
  for (const char* path :
       {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt"}) {
    if (is_file(path)) return path;
  }
  return "";
}

}  // namespace delta_arc::http
