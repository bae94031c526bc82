// The tenant's users, groups and roles, as Atlan's /api/service endpoints list
// them. Connections must name at least one admin that exists here.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "emulator/api_response.h"

namespace delta_arc::emulator {

class Directory {
 public:
  // A small built-in tenant: users "admin" and "jsmith", groups "admins" and
  // "data-engineers", roles $admin, $member, $guest and $api-token-default-access.
  static Directory BuiltIn();
  // Loads {"users":[{"username":…}], "groups":[{"name":…}], "roles":[{"id":…,"name":…}]};
  // records are returned as given, so any extra fields appear in listings.
  static Result<Directory> FromFile(const std::string& path);

  bool HasUser(const std::string& username) const;
  bool HasGroup(const std::string& name) const;
  bool HasRoleId(const std::string& id) const;

  // GET /api/service/{users,groups,v2/groups,roles} with limit, offset, sort, filter.
  ApiResponse ListUsers(const std::map<std::string, std::string>& query) const;
  ApiResponse ListGroups(const std::map<std::string, std::string>& query) const;
  ApiResponse ListRoles(const std::map<std::string, std::string>& query) const;

 private:
  std::vector<nlohmann::json> users_;
  std::vector<nlohmann::json> groups_;
  std::vector<nlohmann::json> roles_;
};

}  // namespace delta_arc::emulator
