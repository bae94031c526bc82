// CSV header parsing; see csv_header.h.
#include "lineage/csv_header.h"

#include <array>
#include <string_view>

#include "common/utf8.h"

namespace delta_arc::lineage {

namespace {

// RFC 4180 (§2) separates fields with ',' and quotes them with '"'; files in the wild
// also use tab, ';' (locales with a decimal comma) and '|'. Candidates in the order
// Python's csv.Sniffer prefers them (Lib/csv.py, `preferred`), '|' added last.
constexpr std::string_view kDelimiters = ",\t;|";

// The candidate seen most often outside quotes in the first record; the earlier one on
// a tie. A doubled quote inside a quoted field toggles twice, so it changes nothing.
char SniffDelimiter(std::string_view text) {
  std::array<size_t, kDelimiters.size()> seen{};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (const size_t at = kDelimiters.find(c); !quoted && at != std::string_view::npos) {
      ++seen[at];
    }
  }
  size_t best = 0;
  for (size_t i = 1; i < seen.size(); ++i) {
    if (seen[i] > seen[best]) best = i;
  }
  return kDelimiters[best];
}

}  // namespace

std::optional<std::vector<std::string>> ParseCsvHeader(const std::string& start,
                                                       bool whole_object) {
  const size_t begin = start.size() - WithoutByteOrderMark(start).size();
  const char delimiter = SniffDelimiter(std::string_view(start).substr(begin));
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = begin; i < start.size(); ++i) {
    const char c = start[i];
    if (quoted) {
      if (c == '"' && i + 1 < start.size() && start[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      fields.push_back(std::move(field));
      return fields;
    } else {
      field += c;
    }
  }
  if (!whole_object || quoted || (fields.empty() && field.empty())) return std::nullopt;
  fields.push_back(std::move(field));
  return fields;
}

}  // namespace delta_arc::lineage
