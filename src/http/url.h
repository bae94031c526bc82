// URL pieces and RFC 3986 percent-encoding, as AWS's signing rules use them:
// only A-Z a-z 0-9 - . _ ~ are left as they are.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace delta_arc::http {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without port; IPv6 literals keep their brackets
  int port = 0;        // explicit port, 0 when the URL has none
  std::string path;    // as on the wire, "/" when empty
  std::string query;   // without the '?', as on the wire

  // host[:port], the port only when it is not the scheme's default.
  std::string Authority() const;
  // scheme://authority, without path.
  std::string Origin() const;
};

Result<Url> ParseUrl(std::string_view url);

// Percent-encodes every byte except unreserved characters; `keep_slash`
// leaves '/' as is (for object keys in paths).
std::string PercentEncode(std::string_view text, bool keep_slash = false);
// Decodes %XX escapes; '+' stays '+'. Malformed escapes are kept literally.
std::string PercentDecode(std::string_view text);
// Form decoding (application/x-www-form-urlencoded), as S3 encodes keys in event
// notifications, inventory reports and listings with encoding-type=url: '+' is a space
// and %XX a byte. A truncated or malformed escape is kInvalidArgument, naming it. The
// bytes may not be UTF-8: the caller checks what it needs.
Result<std::string> FormDecode(std::string_view text);

}  // namespace delta_arc::http
