// Environment: where configuration names are looked up. The process
// environment in production; a fixed map in tests, so nothing reads or
// writes global state behind a test's back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::aws {

class Environment {
 public:
  // The process environment.
  static Environment Process();
  // Exactly these variables.
  static Environment FromMap(std::map<std::string, std::string, std::less<>> variables);

  // The value, or nullopt when unset or empty (as the AWS SDKs treat empty values).
  std::optional<std::string> Get(std::string_view name) const;
  // The home directory, for ~/.aws.
  std::string Home() const;

 private:
  bool process_ = false;
  std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace delta_arc::aws
