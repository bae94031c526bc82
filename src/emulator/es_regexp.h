// Elasticsearch's `regexp` query on one value: Lucene's regular expression, matched
// against the whole value (no anchors: `^` and `$` are ordinary characters).
#pragma once

#include <string>
#include <string_view>

namespace delta_arc::emulator {

// Whether `value` matches `pattern` whole; false for a pattern that does not compile
// (CheckRegexp reports it first).
bool RegexpMatches(std::string_view pattern, std::string_view value);
// The same, ignoring case (ES `case_insensitive`, or a normalized keyword).
bool RegexpMatchesIgnoringCase(std::string_view pattern, std::string_view value);

// Empty when `pattern` compiles, else why not.
std::string_view CheckRegexp(std::string_view pattern);

}  // namespace delta_arc::emulator
