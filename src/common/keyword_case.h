// Case folding as Atlan's search index applies it to keyword fields: its
// `atlan_normalizer` is Elasticsearch's `lowercase` filter, which lowercases
// each code point by Unicode's simple case mapping (Lucene's LowerCaseFilter,
// Java's Character.toLowerCase). "Ü_COL" and "ü_col" are one keyword.
#pragma once

#include <string>
#include <string_view>

namespace delta_arc {

// `text` (UTF-8) with every code point lowercased; invalid bytes are kept as they are.
std::string LowercaseKeyword(std::string_view text);

// True when `a` and `b` are equal once lowercased: how a normalized keyword term matches.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace delta_arc
