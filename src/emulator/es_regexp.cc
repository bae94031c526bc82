// Lucene regexps on std::regex; see es_regexp.h. Lucene's syntax (RegExp.java) is
// ECMAScript's core (. ? + * {n,m} | () [] and \ escapes) without anchors; its
// optional operators (@ & ~ <n-m>) are not supported. Compiled patterns are kept per
// thread, since SQLite calls the predicate once per row.
#include "emulator/es_regexp.h"

#include <map>
#include <optional>
#include <regex>
#include <string>

namespace delta_arc::emulator {
namespace {

// Lucene has no anchors: ^ and $ match themselves.
std::string ToEcmaScript(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
    } else if (c == '^' || c == '$') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

const std::regex* Compiled(std::string_view pattern, bool ignore_case) {
  thread_local std::map<std::pair<std::string, bool>, std::optional<std::regex>> cache;
  auto key = std::make_pair(std::string(pattern), ignore_case);
  auto it = cache.find(key);
  if (it == cache.end()) {
    if (cache.size() > 256) cache.clear();
    std::optional<std::regex> compiled;
    try {
      auto flags = std::regex::ECMAScript | std::regex::optimize;
      if (ignore_case) flags |= std::regex::icase;
      compiled.emplace(ToEcmaScript(pattern), flags);
    } catch (const std::regex_error&) {
      compiled.reset();
    }
    it = cache.emplace(std::move(key), std::move(compiled)).first;
  }
  return it->second ? &*it->second : nullptr;
}

bool Matches(std::string_view pattern, std::string_view value, bool ignore_case) {
  const std::regex* re = Compiled(pattern, ignore_case);
  return re != nullptr && std::regex_match(value.begin(), value.end(), *re);
}

}  // namespace

bool RegexpMatches(std::string_view pattern, std::string_view value) {
  return Matches(pattern, value, false);
}

bool RegexpMatchesIgnoringCase(std::string_view pattern, std::string_view value) {
  return Matches(pattern, value, true);
}

std::string_view CheckRegexp(std::string_view pattern) {
  return Compiled(pattern, false) == nullptr ? "invalid regular expression" : "";
}

}  // namespace delta_arc::emulator
