// Keyword case folding with ICU's simple case mapping; see keyword_case.h.
#include "common/keyword_case.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace delta_arc {

std::string LowercaseKeyword(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {  // not UTF-8: keep the bytes
      out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
      continue;
    }
    const UChar32 lower = u_tolower(c);
    uint8_t encoded[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(encoded, n, lower);  // U8_MAX_LENGTH bytes always hold one code point
    out.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(n));
  }
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return LowercaseKeyword(a) == LowercaseKeyword(b);
}

}  // namespace delta_arc
