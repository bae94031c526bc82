// Folding objects into folders; see prefixes.h.
#include "lineage/prefixes.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

namespace delta_arc::lineage {

namespace {

// The folder a key or folder is immediately in; nullopt at the bucket's top.
std::optional<std::string_view> ParentOf(std::string_view key) {
  const size_t slash = key.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return key.substr(0, slash);
}

}  // namespace

FoldedPrefixes FoldPrefixes(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                            const std::string& s3_prefix, bool register_objects) {
  // Strictly below S3_PREFIX: the scope's own folders.
  const auto in_scope = [&](std::string_view folder) {
    const std::string with_slash = std::string(folder) + '/';
    return with_slash.size() > s3_prefix.size() && with_slash.starts_with(s3_prefix);
  };
  std::set<std::string, std::less<>> registered;
  for (const ObjectDecision& d : match.objects) {
    if (d.folder_end == 0) continue;
    const std::string_view key = objects[d.object].key;
    // The table folder and the folders above it, within the scope.
    for (std::optional<std::string_view> folder = key.substr(0, d.folder_end);
         folder && in_scope(*folder); folder = ParentOf(*folder)) {
      registered.emplace(*folder);
    }
    if (!register_objects) continue;
    // The folders between it and the object.
    for (size_t slash = key.find('/', d.folder_end + 1); slash != std::string_view::npos;
         slash = key.find('/', slash + 1)) {
      registered.emplace(key.substr(0, slash));
    }
  }

  FoldedPrefixes folded;
  // The index views the keys in place: no reallocation may move them (a short key lives
  // inside its std::string).
  folded.prefixes.reserve(registered.size());
  std::unordered_map<std::string_view, size_t> index;
  for (const std::string& key : registered) {
    PrefixInfo info{key, std::nullopt, 0, 0, 0, 0};
    if (auto parent = ParentOf(key); parent && index.contains(*parent)) {
      info.parent = index.at(*parent);
      info.depth = folded.prefixes[*info.parent].depth + 1;
    }
    folded.levels = std::max(folded.levels, info.depth + 1);
    folded.prefixes.push_back(std::move(info));
    index.emplace(folded.prefixes.back().key, folded.prefixes.size() - 1);
  }
  const auto find = [&](std::string_view folder) -> std::optional<size_t> {
    auto it = index.find(folder);
    return it == index.end() ? std::nullopt : std::optional(it->second);
  };

  // Counts over the whole listing, matched or not: Atlan's counts are of what the folder
  // holds. A folder counts once in its parent's s3PrefixCount however many objects it has.
  std::set<std::string_view> folders_seen;
  folded.table_folder.resize(objects.size());
  folded.immediate.resize(objects.size());
  for (size_t i = 0; i < objects.size(); ++i) {
    const std::string_view key = objects[i].key;
    const auto immediate = ParentOf(key);
    if (immediate) folded.immediate[i] = find(*immediate);
    if (folded.immediate[i]) ++folded.prefixes[*folded.immediate[i]].object_count;
    bool folded_in = false;  // into its nearest registered folder
    for (auto folder = immediate; folder; folder = ParentOf(*folder)) {
      const auto at = find(*folder);
      if (at && !folded_in) {
        PrefixInfo& prefix = folded.prefixes[*at];
        prefix.newest_modified = std::max(prefix.newest_modified, objects[i].last_modified);
        folded_in = true;
      }
      if (!folders_seen.insert(*folder).second) continue;
      if (auto parent = ParentOf(*folder)) {
        if (auto parent_at = find(*parent)) ++folded.prefixes[*parent_at].prefix_count;
      }
    }
  }
  for (const ObjectDecision& d : match.objects) {
    if (d.folder_end > 0) {
      folded.table_folder[d.object] =
          find(std::string_view(objects[d.object].key).substr(0, d.folder_end));
    }
  }
  return folded;
}

}  // namespace delta_arc::lineage
