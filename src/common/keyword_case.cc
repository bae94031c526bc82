// Keyword case folding with ICU's simple case mapping; see keyword_case.h.
#include "common/keyword_case.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/utf8.h"

namespace delta_arc {

std::string LowercaseKeyword(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  WalkUtf8(
      text,
      [&](UChar32 c, size_t, size_t) {
        const UChar32 lower = u_tolower(c);
        uint8_t encoded[U8_MAX_LENGTH];
        int32_t n = 0;
        U8_APPEND_UNSAFE(encoded, n, lower);  // U8_MAX_LENGTH bytes always hold one code point
        out.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(n));
        return true;
      },
      [&](size_t at) {  // not UTF-8: keep the byte
        out.push_back(text[at]);
        return true;
      });
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return LowercaseKeyword(a) == LowercaseKeyword(b);
}

}  // namespace delta_arc
