// HTTP header lists: ordered name/value pairs with case-insensitive lookup,
// shared by requests and responses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace delta_arc::http {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view text);

class Headers {
 public:
  using Entry = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Entry> entries) : entries_(entries) {}

  // Appends, keeping any earlier header of the same name.
  void Add(std::string name, std::string value);
  // Replaces every header of that name with one.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);

  // The first value of that name, whatever its case.
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }

  const std::vector<Entry>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace delta_arc::http
