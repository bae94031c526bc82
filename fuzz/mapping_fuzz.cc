// Fuzz target: the mapping file — parsed, then asked about object keys, tables
// and columns as a run asks. Lines "#key <object key>" (YAML comments) add keys
// to the fixed ones below, so the fuzzer varies keys and templates together.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lineage/mapping.h"

namespace {

std::vector<std::string> KeysIn(std::string_view text) {
  std::vector<std::string> keys = {"exports/orders/dt=2025-01-01/part-0.csv",
                                   "2025/customers.csv",
                                   "a_b_2025.csv",
                                   "_SUCCESS",
                                   "x/y/z/",
                                   ".keep",
                                   ""};
  constexpr std::string_view kMarker = "#key ";
  for (size_t at = text.find(kMarker); at != text.npos; at = text.find(kMarker, at + 1)) {
    const size_t start = at + kMarker.size();
    keys.emplace_back(text.substr(start, text.find('\n', start) - start));
  }
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using delta_arc::lineage::Mapping;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  const auto mapping = Mapping::FromYaml(yaml, "mapping.yaml");
  if (!mapping) return 0;
  for (const auto& key : KeysIn(yaml)) {
    (void)mapping->Excluded(key);
    (void)mapping->TableCandidatesForKey(key);
    const auto table = mapping->TableForKey(key);
    if (!table) continue;
    (void)mapping->SourceTableFor(*table);
    (void)mapping->TargetTableFor(*table);
    (void)mapping->TargetColumnFor(*table, "ITEM_ID");
  }
  for (const auto& [table, columns] : mapping->column_renames()) {
    for (const auto& [column, renamed] : columns) (void)mapping->TargetColumnFor(table, column);
  }
  return 0;
}
