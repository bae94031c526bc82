// Folders as datasets (S3_LINEAGE_LEVEL=prefix): which folders of the bucket a run
// registers as S3Prefix assets, and what each carries.
//
// A table's folder is the key up to the path segment that binds {table} in the mapping's
// template ("exports/{table}/dt={date}/{file}.csv" → "exports/transactions"); its
// partitions fold into it. Registered: every table folder, the folders between S3_PREFIX
// and it (so each links to its parent as Atlan's hierarchy does), and, when objects are
// registered too, the folders between it and its objects, because Atlan links an object
// to its immediate folder (pyatlan: s3ParentPrefixQualifiedName is "the immediate parent
// prefix"). Folders at or above S3_PREFIX are not registered: deployments on prefixes of
// one bucket would otherwise write the same folder with different counts. A template that
// binds {table} in the file name ("2025/{table}.csv") gives its table no folder: those
// objects carry the table's lineage as at the object level, registered whatever
// S3_REGISTER_OBJECTS says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lineage/match.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

struct PrefixInfo {
  std::string key;               // the folder's key, without the trailing '/'
  std::optional<size_t> parent;  // the registered folder it is in, if any
  int64_t object_count = 0;      // objects immediately inside (Atlan's s3ObjectCount)
  int64_t prefix_count = 0;      // folders immediately inside (Atlan's s3PrefixCount)
  int64_t newest_modified = 0;   // the newest object anywhere below (epoch ms)
  size_t depth = 0;              // registered ancestors: parents are written first
};

struct FoldedPrefixes {
  std::vector<PrefixInfo> prefixes;  // sorted by key, so parents come before children
  size_t levels = 0;                 // the deepest folder's depth + 1; 0 without folders
  // Per object (as indexed in the listing): its table folder, if its table has one.
  std::vector<std::optional<size_t>> table_folder;
  // Per object: the registered folder it is immediately in, if any.
  std::vector<std::optional<size_t>> immediate;
};

// `objects` sorted by key (the listing, excluded keys left out); `match` their decisions,
// each with the end of its table folder in the key (ObjectDecision::folder_end).
FoldedPrefixes FoldPrefixes(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                            const std::string& s3_prefix, bool register_objects);

}  // namespace delta_arc::lineage
