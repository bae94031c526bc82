// Shared config files; see shared_config.h.
#include "aws/shared_config.h"

#include <fstream>
#include <sstream>

namespace delta_arc::aws {

namespace {

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::optional<IniFile> ReadIni(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseIni(buffer.str());
}

std::string ExpandHome(const Environment& env, std::string path) {
  if (path.starts_with("~/")) path = env.Home() + path.substr(1);
  return path;
}

}  // namespace

IniFile ParseIni(std::string_view text) {
  IniFile file;
  IniSection* section = nullptr;
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (raw.front() == ' ' || raw.front() == '\t') continue;  // nested sub-setting
    if (line.front() == '[' && line.back() == ']') {
      section = &file[std::string(Trim(line.substr(1, line.size() - 2)))];
      continue;
    }
    const auto eq = line.find('=');
    if (section == nullptr || eq == std::string_view::npos) continue;
    (*section)[std::string(Trim(line.substr(0, eq)))] = std::string(Trim(line.substr(eq + 1)));
  }
  return file;
}

std::string ProfileName(const Environment& env) {
  return env.Get("AWS_PROFILE").value_or(env.Get("AWS_DEFAULT_PROFILE").value_or("default"));
}

std::optional<IniSection> LoadProfile(const Environment& env, const std::string& profile) {
  const std::string credentials_path = ExpandHome(
      env, env.Get("AWS_SHARED_CREDENTIALS_FILE").value_or(env.Home() + "/.aws/credentials"));
  const std::string config_path =
      ExpandHome(env, env.Get("AWS_CONFIG_FILE").value_or(env.Home() + "/.aws/config"));
  std::optional<IniSection> merged;
  if (auto config = ReadIni(config_path)) {
    const std::string name = profile == "default" ? "default" : "profile " + profile;
    auto it = config->find(name);
    if (it == config->end() && profile == "default") it = config->find("profile default");
    if (it != config->end()) merged = it->second;
  }
  if (auto credentials = ReadIni(credentials_path)) {
    if (auto it = credentials->find(profile); it != credentials->end()) {
      if (!merged) merged.emplace();
      for (const auto& [key, value] : it->second) (*merged)[key] = value;
    }
  }
  return merged;
}

}  // namespace delta_arc::aws
