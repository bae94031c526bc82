// What delta-arc writes into Atlan (DESIGN.md §2): the entity JSON of each asset type
// the registry declares (owned_types.h: names, placements, owned attributes), and a
// fingerprint to tell whether Atlan already holds exactly that.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lineage/file_columns.h"
#include "lineage/object_source.h"
#include "lineage/owned_types.h"

namespace delta_arc::lineage {

nlohmann::json RefByQualifiedName(const std::string& type_name, const std::string& qn);
nlohmann::json RefByQualifiedName(AssetType type, const std::string& qn);

struct ConnectionAdmins {
  std::vector<std::string> users;
  std::vector<std::string> groups;
  std::vector<std::string> role_ids;
};

nlohmann::json ConnectionEntity(const std::string& name, const std::string& qn,
                                const ConnectionAdmins& admins);
// `object_count`: written only when known for the whole bucket; otherwise the bucket's
// s3ObjectCount is left as it is.
nlohmann::json BucketEntity(const Scope& scope, std::optional<int64_t> object_count);
// `prefix_key`: the registered folder the object is immediately in (prefix level), if any;
// `kind`: what its bytes told it is, where they were read (its content type follows it).
nlohmann::json ObjectEntity(const Scope& scope, const ObjectInfo& object,
                            const std::string* prefix_key = nullptr,
                            const FileKind* kind = nullptr);
// A folder (prefixes.h): in its bucket and its parent folder when that is registered.
nlohmann::json PrefixEntity(const Scope& scope, const std::string& key,
                            const std::string* parent_key, int64_t object_count,
                            int64_t prefix_count, int64_t newest_modified);
nlohmann::json ProcessEntity(const Scope& scope, const std::string& qn, const std::string& name,
                             const std::vector<nlohmann::json>& inputs,
                             const std::vector<nlohmann::json>& outputs);
nlohmann::json ColumnProcessEntity(const Scope& scope, const std::string& qn,
                                   const std::string& name, const nlohmann::json& input,
                                   const nlohmann::json& output, const nlohmann::json& process);

// Every attribute delta-arc writes on some type: what a search for existing assets asks for.
const std::vector<std::string>& WrittenAttributes();

// The qualifiedNames a relationship attribute's value (one reference or a list) points
// at, in what delta-arc sends and in what Atlan returns; relationships Atlan reports as
// not ACTIVE are left out.
std::vector<std::string> ReferencedNames(const nlohmann::json& value);

// A hash of the attributes `type` owns, with relationships reduced to the sorted
// qualifiedNames they point to. Works on what delta-arc sends and on what Atlan
// returns from a search, so equal fingerprints mean nothing to write.
uint64_t Fingerprint(AssetType type, const nlohmann::json& attributes);

}  // namespace delta_arc::lineage
