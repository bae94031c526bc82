// Type families; see column_types.h.
#include "lineage/column_types.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "http/headers.h"

namespace delta_arc::lineage {

namespace {

bool Has(std::string_view text, std::string_view word) {
  return text.find(word) != std::string_view::npos;
}

// The family words name, checked in this order: a timestamp before a time or a date, an
// interval before the integers its name holds.
TypeFamily FamilyOfWords(std::string_view type) {
  if (Has(type, "interval")) return TypeFamily::kUnknown;
  if (Has(type, "timestamp") || Has(type, "datetime")) return TypeFamily::kTimestamp;
  if (Has(type, "date")) return TypeFamily::kDate;
  if (Has(type, "time")) return TypeFamily::kTime;
  if (Has(type, "bool")) return TypeFamily::kBoolean;
  constexpr std::array kFloats = {"float", "double", "real"};
  if (std::ranges::any_of(kFloats, [&](const char* w) { return Has(type, w); })) {
    return TypeFamily::kFloat;
  }
  constexpr std::array kNumbers = {"decimal", "numeric", "number", "int", "long", "serial"};
  if (std::ranges::any_of(kNumbers, [&](const char* w) { return Has(type, w); })) {
    return TypeFamily::kNumber;
  }
  constexpr std::array kStrings = {"char", "text", "string", "utf8", "enum", "uuid", "json"};
  if (std::ranges::any_of(kStrings, [&](const char* w) { return Has(type, w); })) {
    return TypeFamily::kString;
  }
  constexpr std::array kBinaries = {"byte", "binary", "blob", "fixed"};
  if (std::ranges::any_of(kBinaries, [&](const char* w) { return Has(type, w); })) {
    return TypeFamily::kBinary;
  }
  return TypeFamily::kUnknown;
}

}  // namespace

TypeFamily FamilyOf(std::string_view type) {
  const std::string lower = http::ToLower(type);
  std::string_view text = lower;
  // A nullable Avro union names its type after null's.
  if (text.starts_with("null|")) text.remove_prefix(5);
  // A Parquet or Avro annotation says more than the physical type beneath it:
  // "BYTE_ARRAY (STRING)", "INT32 (DATE)", "bytes (decimal(10,2))".
  if (const size_t open = text.find(" ("); open != std::string_view::npos) {
    const TypeFamily annotated = FamilyOfWords(text.substr(open + 2));
    if (annotated != TypeFamily::kUnknown) return annotated;
    text = text.substr(0, open);
  }
  return FamilyOfWords(text);
}

bool TypesDisagree(std::string_view source, std::string_view file, std::string_view target) {
  TypeFamily seen = TypeFamily::kUnknown;
  for (const std::string_view type : {source, file, target}) {
    const TypeFamily family = FamilyOf(type);
    if (family == TypeFamily::kUnknown) continue;
    if (seen != TypeFamily::kUnknown && family != seen) return true;
    seen = family;
  }
  return false;
}

}  // namespace delta_arc::lineage
