// UTF-8 checks for text from outside (object keys, file bytes, cache files): text is
// checked where it enters, so nothing later meets bytes that JSON cannot carry. What
// is well-formed is ICU's U8_NEXT's verdict (Unicode §3.9, D92): no overlong forms,
// no surrogates, nothing past U+10FFFF.
#pragma once

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace delta_arc {

// Walks `text` code point by code point: on_code_point(c, offset, length) for each
// well-formed sequence, on_invalid(offset) for each byte that starts none (the walk goes
// on at the next byte). Either returns false to stop.
template <typename OnCodePoint, typename OnInvalid>
void WalkUtf8(std::string_view text, OnCodePoint on_code_point, OnInvalid on_invalid) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      if (!on_invalid(static_cast<size_t>(start))) return;
      i = start + 1;
    } else if (!on_code_point(c, static_cast<size_t>(start), static_cast<size_t>(i - start))) {
      return;
    }
  }
}

// The offset of the first byte of `text` that does not start a well-formed UTF-8
// sequence, or std::string_view::npos when it is all UTF-8.
size_t FirstNonUtf8(std::string_view text);

inline bool IsUtf8(std::string_view text) {
  return FirstNonUtf8(text) == std::string_view::npos;
}

// `text` without the UTF-8 byte order mark (EF BB BF) it may start with, as Windows tools
// write one before a CSV header, a .env file or JSON lines.
inline std::string_view WithoutByteOrderMark(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

// `text` for a message: its UTF-8 as it is, each other byte as \xHH, so that a log line
// names a key exactly and stays valid UTF-8 itself.
std::string Printable(std::string_view text);

}  // namespace delta_arc
