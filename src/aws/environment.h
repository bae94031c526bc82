// Environment: where configuration names are looked up: a fixed map, the process
// environment with the configuration's AWS settings over it in production (built at the
// composition root, app/runtime.h), so nothing here reads global state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::aws {

class Environment {
 public:
  // Exactly these variables.
  static Environment FromMap(std::map<std::string, std::string, std::less<>> variables);

  // The value, or nullopt when unset or empty (as the AWS SDKs treat empty values).
  std::optional<std::string> Get(std::string_view name) const;
  // The home directory, for ~/.aws.
  std::string Home() const;

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace delta_arc::aws
