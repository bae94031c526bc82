// Routes; see routes.h.
#include "lineage/routes.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lineage/settings.h"

namespace delta_arc::lineage {
namespace {

using Settings = std::map<std::string, std::string>;

// A route's name is a folder of its caches and a word of the CLI (--route).
bool IsRouteName(const std::string& name) {
  constexpr size_t kMaxLength = 32;
  if (name.empty() || name.size() > kMaxLength || name.front() == '-') return false;
  return std::ranges::all_of(
      name, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string Where(const std::string& source_name, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? source_name : source_name + ":" + std::to_string(mark.line + 1);
}

// The route's own settings laid over the deployment's: a side named by the route drops
// the deployment's name of that side under the pair's other setting.
Settings Overlaid(const Settings& deployment, const Settings& route) {
  Settings out = deployment;
  for (const auto& [by_connector, by_any] : {kSourceSettings, kTargetSettings}) {
    if (route.contains(by_connector) || route.contains(by_any)) {
      out.erase(by_connector);
      out.erase(by_any);
    }
  }
  for (const auto& [name, value] : route) {
    if (value.empty()) {
      out.erase(name);
    } else {
      out[name] = value;
    }
  }
  out.erase("ROUTES_FILE");
  return out;
}

// A route's caches apart from the others': in a folder of its name, unless it names them.
void SeparateCaches(const std::string& route, const Settings& own, Config& config) {
  // A value the route gives is its own place; an empty one unsets it, as anywhere.
  const auto named = [&](const char* setting) {
    const auto it = own.find(setting);
    return it != own.end() && !it->second.empty();
  };
  for (const auto& [setting, file] :
       {std::pair{"POSTGRES_CACHE_FILE", &config.postgres_cache_file},
        std::pair{"SNOWFLAKE_CACHE_FILE", &config.snowflake_cache_file}}) {
    if (named(setting)) continue;
    const std::filesystem::path path(*file);
    *file = (path.parent_path() / route / path.filename()).string();
  }
  if (!named("CACHE_S3_PREFIX")) config.cache_s3_prefix += route + "/";
}

// Two routes that would share a scope or a cache file.
void CheckApart(const std::string& source_name, const std::vector<Route>& routes,
                std::vector<std::string>& problems) {
  std::map<std::string, std::string> scopes;
  std::map<std::string, std::string> caches;
  for (const auto& route : routes) {
    const Config& c = route.config;
    const auto scope = scopes.try_emplace(c.s3_bucket_arn + "\n" + c.s3_prefix, route.name);
    if (!scope.second) {
      problems.push_back(source_name + ": routes '" + scope.first->second + "' and '" + route.name +
                         "' register the same bucket ARN and prefix (" + c.s3_bucket_arn + ", '" +
                         c.s3_prefix +
                         "'): one scope, whose assets each would archive; give each its own "
                         "S3_PREFIX or S3_BUCKET_ARN");
    }
    const std::string s3_cache =
        c.cache_s3_bucket.empty() ? "" : "s3://" + c.cache_s3_bucket + "/" + c.cache_s3_prefix;
    for (const std::string& place : {c.postgres_cache_file, c.snowflake_cache_file, s3_cache}) {
      if (place.empty()) continue;
      const auto cache = caches.try_emplace(place, route.name);
      if (!cache.second && cache.first->second != route.name) {
        problems.push_back(source_name + ": routes '" + cache.first->second + "' and '" +
                           route.name + "' share the cache " + place +
                           ": give each its own (or leave it unset: each then gets a folder)");
      }
    }
  }
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Fail(ErrorKind::kInvalidArgument,
                "ROUTES_FILE: cannot read " + path + ": " + std::generic_category().message(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

Result<std::vector<RouteEntry>> ParseRoutes(const std::string& yaml_text,
                                            const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    const std::string where = e.mark.is_null() ? "" : ":" + std::to_string(e.mark.line + 1);
    return Fail(ErrorKind::kInvalidArgument, source_name + where + ": not valid YAML: " + e.msg);
  }
  if (!root.IsMap() || !root["routes"] || !root["routes"].IsSequence() ||
      root["routes"].size() == 0 || root.size() != 1) {
    return Fail(ErrorKind::kInvalidArgument,
                source_name +
                    ": expected a map whose one key, routes, is a list of routes, "
                    "each a map with a name and the settings it sets");
  }
  std::vector<RouteEntry> out;
  std::vector<std::string> problems;
  std::set<std::string> names;
  for (const auto& node : root["routes"]) {
    const std::string at = Where(source_name, node);
    if (!node.IsMap()) {
      problems.push_back(at + ": expected a route: a map with a name and settings");
      continue;
    }
    RouteEntry entry;
    const auto name = node["name"];
    if (!name || !name.IsScalar() || !IsRouteName(name.Scalar())) {
      problems.push_back(at +
                         ": name: expected 1 to 32 of a-z, 0-9 and '-', not beginning with '-'");
      continue;
    }
    entry.name = name.Scalar();
    if (!names.insert(entry.name).second) {
      problems.push_back(at + ": route '" + entry.name + "' is named twice");
      continue;
    }
    for (const auto& item : node) {
      const std::string key = item.first.Scalar();
      if (key == "name") continue;
      const std::string prefix = Where(source_name, item.first) + ": route '" + entry.name + "': ";
      const Setting* setting = FindSetting(key);
      if (setting == nullptr) {
        problems.push_back(prefix + key + ": not a delta-arc setting");
      } else if (!setting->per_route) {
        problems.push_back(prefix + key +
                           ": holds for the whole deployment, not one route: set it outside "
                           "the routes file");
      } else if (!item.second.IsScalar() && !item.second.IsNull()) {
        problems.push_back(prefix + key + ": expected a single value");
      } else if (!entry.settings.emplace(key, item.second.IsNull() ? "" : item.second.Scalar())
                      .second) {
        problems.push_back(prefix + key + ": set twice");
      }
    }
    out.push_back(std::move(entry));
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Fail(ErrorKind::kInvalidArgument, message);
  }
  return out;
}

Result<std::vector<Route>> LoadRoutes(const ConfigSources& sources, ConfigPurpose purpose) {
  auto merged = MergeSettings(sources);
  if (!merged) return std::unexpected(merged.error());
  const auto routes_file = merged->find("ROUTES_FILE");
  if (routes_file == merged->end()) {
    auto config = ConfigFromSettings(*merged, purpose, sources.flags);
    if (!config) return std::unexpected(config.error());
    return std::vector<Route>{{"", std::move(*config)}};
  }
  const std::string path = routes_file->second;
  auto text = ReadFile(path);
  if (!text) return std::unexpected(text.error());
  auto entries = ParseRoutes(*text, path);
  if (!entries) return std::unexpected(entries.error());
  std::vector<Route> routes;
  std::vector<std::string> problems;
  for (const auto& entry : *entries) {
    auto config = ConfigFromSettings(Overlaid(*merged, entry.settings), purpose, sources.flags);
    if (!config) {
      std::istringstream lines(config.error().message);
      for (std::string line; std::getline(lines, line);) {
        problems.push_back(path + ": route '" + entry.name + "': " + line);
      }
      continue;
    }
    config->routes_file = path;
    SeparateCaches(entry.name, entry.settings, *config);
    routes.push_back({entry.name, std::move(*config)});
  }
  if (problems.empty()) CheckApart(path, routes, problems);
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Fail(ErrorKind::kInvalidArgument, message);
  }
  return routes;
}

std::string RouteNames(const std::vector<Route>& routes) {
  std::string names;
  for (const auto& route : routes) names += (names.empty() ? "" : ", ") + route.name;
  return names;
}

Result<std::vector<Route>> PickRoutes(std::vector<Route> routes, const std::string& name) {
  if (name.empty()) return routes;
  for (auto& route : routes) {
    if (route.name == name) return std::vector<Route>{std::move(route)};
  }
  const std::string names = RouteNames(routes);
  if (names.empty()) {
    return Fail(ErrorKind::kInvalidArgument,
                "--route " + name + ": the configuration has no routes (ROUTES_FILE is not set)");
  }
  return Fail(ErrorKind::kInvalidArgument,
              "--route " + name + ": no route of that name; the routes are " + names);
}

}  // namespace delta_arc::lineage
