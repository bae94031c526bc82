// UTF-8 checks with ICU's decoder; see utf8.h.
#include "common/utf8.h"

#include <cstdint>
#include <cstdio>

namespace delta_arc {

size_t FirstNonUtf8(std::string_view text) {
  size_t first = std::string_view::npos;
  WalkUtf8(
      text, [](UChar32, size_t, size_t) { return true; },
      [&](size_t at) {
        first = at;
        return false;
      });
  return first;
}

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  WalkUtf8(
      text,
      [&](UChar32, size_t at, size_t n) {
        out.append(text.substr(at, n));
        return true;
      },
      [&](size_t at) {
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[at]));
        out += escaped;
        return true;
      });
  return out;
}

}  // namespace delta_arc
