// The emulator's users, groups and roles; see directory.h.
#include "emulator/directory.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// SQL LIKE with % and _, as Heracles' $ilike filter does it (case-insensitive).
bool Like(const std::string& text, const std::string& pattern, size_t ti = 0, size_t pi = 0) {
  while (pi < pattern.size()) {
    if (pattern[pi] == '%') {
      for (size_t k = ti; k <= text.size(); ++k) {
        if (Like(text, pattern, k, pi + 1)) return true;
      }
      return false;
    }
    if (ti >= text.size()) return false;
    if (pattern[pi] != '_' && std::tolower(static_cast<unsigned char>(pattern[pi])) !=
                                  std::tolower(static_cast<unsigned char>(text[ti]))) {
      return false;
    }
    ++ti;
    ++pi;
  }
  return ti == text.size();
}

std::string AsText(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Heracles' filter: {"field": value}, {"field": {"$ilike"|"$like"|"$eq"|"$ne"|"$in": …}},
// {"$and": [...]}, {"$or": [...]}.
bool Matches(const json& record, const json& filter) {
  if (!filter.is_object()) return true;
  for (const auto& [key, condition] : filter.items()) {
    if (key == "$and" || key == "$or") {
      if (!condition.is_array()) return false;
      bool any = false;
      bool all = true;
      for (const auto& sub : condition) {
        bool m = Matches(record, sub);
        any = any || m;
        all = all && m;
      }
      if (!(key == "$and" ? all : any)) return false;
      continue;
    }
    const std::string value = record.contains(key) ? AsText(record[key]) : "";
    if (!condition.is_object()) {
      if (!record.contains(key) || value != AsText(condition)) return false;
      continue;
    }
    for (const auto& [op, operand] : condition.items()) {
      bool ok = true;
      if (op == "$ilike" || op == "$like") {
        ok = Like(op == "$ilike" ? Lower(value) : value,
                  op == "$ilike" ? Lower(AsText(operand)) : AsText(operand));
      } else if (op == "$eq") {
        ok = value == AsText(operand);
      } else if (op == "$ne") {
        ok = value != AsText(operand);
      } else if (op == "$in" && operand.is_array()) {
        ok = std::any_of(operand.begin(), operand.end(),
                         [&](const json& o) { return AsText(o) == value; });
      }
      if (!ok) return false;
    }
  }
  return true;
}

int64_t IntParam(const std::map<std::string, std::string>& query, const char* key,
                 int64_t fallback) {
  auto it = query.find(key);
  if (it == query.end()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return fallback;
  }
}

ApiResponse List(const std::vector<json>& records,
                 const std::map<std::string, std::string>& query) {
  json filter = json::object();
  if (auto it = query.find("filter"); it != query.end() && !it->second.empty()) {
    filter = json::parse(it->second, nullptr, false);
    if (filter.is_discarded()) return BadRequest("filter is not valid JSON: " + it->second);
  }
  std::vector<json> matched;
  for (const auto& r : records) {
    if (Matches(r, filter)) matched.push_back(r);
  }
  if (auto it = query.find("sort"); it != query.end() && !it->second.empty()) {
    const bool descending = it->second[0] == '-';
    const std::string field = descending ? it->second.substr(1) : it->second;
    std::stable_sort(matched.begin(), matched.end(), [&](const json& a, const json& b) {
      const std::string x = a.contains(field) ? AsText(a[field]) : "";
      const std::string y = b.contains(field) ? AsText(b[field]) : "";
      return descending ? y < x : x < y;
    });
  }
  const int64_t offset = std::max<int64_t>(0, IntParam(query, "offset", 0));
  const int64_t limit = std::max<int64_t>(0, IntParam(query, "limit", 20));
  json page = json::array();
  for (int64_t i = offset; i < static_cast<int64_t>(matched.size()) && i < offset + limit; ++i) {
    page.push_back(matched[static_cast<size_t>(i)]);
  }
  return {200,
          {{"totalRecord", records.size()}, {"filterRecord", matched.size()}, {"records", page}},
          {}};
}

json User(const char* id, const char* username, const char* first, const char* last) {
  return {{"id", id},
          {"username", username},
          {"firstName", first},
          {"lastName", last},
          {"email", std::string(username) + "@example.com"},
          {"emailVerified", true},
          {"enabled", true},
          {"status", "Enabled"},
          {"workspaceRole", "$admin"},
          {"isScimUser", false}};
}

json Group(const char* id, const char* name, const char* alias) {
  return {{"id", id},
          {"name", name},
          {"alias", alias},
          {"path", std::string("/") + name},
          {"attributes", {{"alias", {alias}}, {"isDefault", {"false"}}}},
          {"userCount", 1}};
}

json Role(const char* id, const char* name, const char* description) {
  return {{"id", id},
          {"name", name},
          {"description", description},
          {"clientRole", false},
          {"level", "workspace"}};
}

bool HasRecord(const std::vector<json>& records, const char* field, const std::string& value) {
  return std::any_of(records.begin(), records.end(), [&](const json& r) {
    return r.contains(field) && r[field].is_string() && r[field].get<std::string>() == value;
  });
}

}  // namespace

Directory Directory::BuiltIn() {
  Directory d;
  d.users_ = {User("5d6e3f0a-0c4c-4c59-9a3e-1f0e5c1d2a01", "admin", "Ada", "Admin"),
              User("5d6e3f0a-0c4c-4c59-9a3e-1f0e5c1d2a02", "jsmith", "Jane", "Smith")};
  d.groups_ = {Group("7a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a01", "admins", "Admins"),
               Group("7a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a02", "data-engineers", "Data Engineers")};
  d.roles_ = {Role("c1d2e3f4-2222-4a5b-9c8d-7e6f5a4b3c01", "$admin", "Admin"),
              Role("c1d2e3f4-2222-4a5b-9c8d-7e6f5a4b3c02", "$member", "Member"),
              Role("c1d2e3f4-2222-4a5b-9c8d-7e6f5a4b3c03", "$guest", "Guest"),
              Role("c1d2e3f4-2222-4a5b-9c8d-7e6f5a4b3c04", "$api-token-default-access",
                   "API token default access")};
  return d;
}

Result<Directory> Directory::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorKind::kNotFound, "cannot read directory file " + path);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Fail(ErrorKind::kInvalidArgument, "directory file " + path + " is not a JSON object");
  }
  Directory d;
  for (const auto& [key, target, id_field] :
       {std::tuple{"users", &d.users_, "username"}, std::tuple{"groups", &d.groups_, "name"},
        std::tuple{"roles", &d.roles_, "id"}}) {
    for (const auto& record : doc.value(key, json::array())) {
      if (!record.is_object() || !record.contains(id_field)) {
        return Fail(ErrorKind::kInvalidArgument, std::string("directory file ") + path +
                                                     ": each of " + key + " needs '" + id_field +
                                                     "'");
      }
      target->push_back(record);
    }
  }
  return d;
}

bool Directory::HasUser(const std::string& username) const {
  return HasRecord(users_, "username", username);
}
bool Directory::HasGroup(const std::string& name) const {
  return HasRecord(groups_, "name", name);
}
bool Directory::HasRoleId(const std::string& id) const {
  return HasRecord(roles_, "id", id);
}

ApiResponse Directory::ListUsers(const std::map<std::string, std::string>& query) const {
  return List(users_, query);
}
ApiResponse Directory::ListGroups(const std::map<std::string, std::string>& query) const {
  return List(groups_, query);
}
ApiResponse Directory::ListRoles(const std::map<std::string, std::string>& query) const {
  return List(roles_, query);
}

}  // namespace delta_arc::emulator
