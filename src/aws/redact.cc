// Redaction; see redact.h.
#include "aws/redact.h"

namespace delta_arc::aws {

std::string Redact(std::string_view text, const std::vector<std::string_view>& secrets) {
  std::string out(text);
  for (const auto secret : secrets) {
    if (secret.size() < kMinRedactedLength) continue;
    for (auto pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + kRedacted.size())) {
      out.replace(pos, secret.size(), kRedacted);
    }
  }
  return out;
}

std::string Redact(std::string_view text, const Credentials& credentials) {
  return Redact(text, std::vector<std::string_view>{credentials.secret_access_key,
                                                    credentials.session_token});
}

}  // namespace delta_arc::aws
