// CSV header parsing; see csv_header.h.
#include "lineage/csv_header.h"

namespace delta_arc::lineage {

std::optional<std::vector<std::string>> ParseCsvHeader(const std::string& start,
                                                       bool whole_object) {
  size_t i = start.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (; i < start.size(); ++i) {
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
    } else if (c == ',') {
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
