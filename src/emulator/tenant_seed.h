// `atlan-emulator seed`: turns a tenant file (connections → databases → schemas
// → tables/views → columns) into Atlan entities shaped as the SDKs' creators
// build them, and loads them through the emulator's own bulk API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"

namespace delta_arc::emulator {

// The entities of a tenant file, parents before children.
Result<std::vector<nlohmann::json>> TenantEntities(const nlohmann::json& tenant,
                                                   const std::string& admin_user);

struct SeedOptions {
  std::string url;  // e.g. http://127.0.0.1:8080
  std::string token;
  std::string file;
  std::string admin_user = "admin";
  size_t batch_size = 500;
};

// Returns the number of entities written.
Result<size_t> SeedTenant(const SeedOptions& options);

}  // namespace delta_arc::emulator
