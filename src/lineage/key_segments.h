// An object key's parts: its '/'-separated segments and its file name, for the mapping's
// templates and the tool layouts alike.
#pragma once

#include <string_view>
#include <vector>

namespace delta_arc::lineage {

// `text` cut at every `separator` (an empty part where two meet, or at either end).
inline std::vector<std::string_view> SplitAt(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t at = text.find(separator); at != text.npos; at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

inline std::vector<std::string_view> SplitSegments(std::string_view key) {
  return SplitAt(key, '/');
}

// The key's last segment: "2025/orders.csv" → "orders.csv".
inline std::string_view FileNameOf(std::string_view key) {
  return key.substr(key.rfind('/') + 1);  // npos + 1 == 0
}

}  // namespace delta_arc::lineage
