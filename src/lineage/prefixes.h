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
//
// A table folder and the folders below it carry the newest modification of every file
// below them (a table's freshness is its newest partition's). The folders above table
// folders ("upper" folders) are containers: they carry Atlan's counts only, taken from
// listing each with S3's delimiter, so that an event run, which lists only the table
// folders its events touch, counts them exactly as a full run does.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lineage/match.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

struct PrefixInfo {
  std::string key;               // the folder's key, without the trailing '/'
  std::optional<size_t> parent;  // the registered folder it is in, if any
  int64_t object_count = 0;      // objects immediately inside (Atlan's s3ObjectCount)
  int64_t prefix_count = 0;      // folders immediately inside (Atlan's s3PrefixCount)
  int64_t newest_modified = 0;   // the newest file anywhere below (epoch ms); 0 for upper ones
  int64_t file_count = 0;        // files anywhere below, as listed; 0 for upper ones
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

// What a folder holds immediately, as S3's listing with the delimiter '/' shows it.
struct FolderCounts {
  int64_t objects = 0;
  int64_t prefixes = 0;
};
using UpperFolderCounts = std::map<std::string, FolderCounts, std::less<>>;

// Folds a listing into its folders one object at a time, in any order, keeping per folder
// only its counts: a full run need not keep the objects it folds (a million objects in
// table folders whose files are not registered).
class FolderFold {
 public:
  explicit FolderFold(std::string s3_prefix) : s3_prefix_(std::move(s3_prefix)) {}
  // A whole listing: `objects` sorted by key (excluded keys left out), `match` their
  // decisions, each with the end of its table folder in the key.
  static FolderFold Of(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                       const std::string& s3_prefix);

  // Every listed object (excluded keys left out); `folder_end` as ObjectDecision's, 0 for
  // an object without a table folder (its template has none, or it matched nothing).
  void Add(std::string_view key, int64_t last_modified, size_t folder_end);

  // Which of two files of a table folder stands for it (its columns are the newest file's
  // header: a dataset's schema is its newest partition's): the one with a header to read
  // (not empty), then the latest modified, then the greatest key.
  static bool StandsBefore(const ObjectInfo& a, const ObjectInfo& b);

  // The upper folders of the table folders seen: strictly below S3_PREFIX and above a
  // table folder, themselves no table's folder; sorted.
  std::vector<std::string> UpperFolders() const;

  // The registered folders (prefixes.h's opening comment) with their counts, `upper`'s
  // from `upper`: each upper folder in it that holds anything is registered, whether or not
  // a listed object lies below it (an event run's table folder may be gone). Per object of
  // `objects` (decided in `match`, which may be fewer than were added), its table folder
  // and its immediate registered folder.
  FoldedPrefixes Finish(bool register_objects, const UpperFolderCounts& upper,
                        const std::vector<ObjectInfo>& objects, const MatchResult& match) const;

 private:
  struct Stats {
    int64_t objects = 0;   // immediately inside
    int64_t prefixes = 0;  // folders immediately inside
    int64_t newest = 0;    // the newest file anywhere below
    int64_t files = 0;     // files anywhere below
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  bool InScope(std::string_view folder) const;
  bool BelowATableFolder(std::string_view folder) const;

  std::string s3_prefix_;
  std::unordered_map<std::string, Stats, Hash, std::equal_to<>> folders_;  // every one seen
  std::set<std::string, std::less<>> table_folders_;
};

// FolderFold::Of(objects, match, s3_prefix), then its UpperFolders or Finish.
std::vector<std::string> UpperFolders(const std::vector<ObjectInfo>& objects,
                                      const MatchResult& match, const std::string& s3_prefix);
FoldedPrefixes FoldPrefixes(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                            const std::string& s3_prefix, bool register_objects,
                            const UpperFolderCounts& upper);

}  // namespace delta_arc::lineage
