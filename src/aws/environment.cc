// Environment lookups; see environment.h.
#include "aws/environment.h"

namespace delta_arc::aws {

Environment Environment::FromMap(std::map<std::string, std::string, std::less<>> variables) {
  Environment env;
  env.variables_ = std::move(variables);
  return env;
}

std::optional<std::string> Environment::Get(std::string_view name) const {
  const auto it = variables_.find(name);
  if (it == variables_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Environment::Home() const {
  return Get("HOME").value_or("");
}

}  // namespace delta_arc::aws
