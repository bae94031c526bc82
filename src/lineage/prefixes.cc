// Folding objects into folders; see prefixes.h.
#include "lineage/prefixes.h"

#include <algorithm>
#include <tuple>

namespace delta_arc::lineage {

namespace {

// The folder a key or folder is immediately in; nullopt at the bucket's top.
std::optional<std::string_view> ParentOf(std::string_view key) {
  const size_t slash = key.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return key.substr(0, slash);
}

// A decision's table folder, or nullopt.
std::optional<std::string_view> TableFolderOf(const std::vector<ObjectInfo>& objects,
                                              const ObjectDecision& d) {
  if (d.folder_end == 0) return std::nullopt;
  return std::string_view(objects[d.object].key).substr(0, d.folder_end);
}

}  // namespace

// Strictly below S3_PREFIX: the scope's own folders.
bool FolderFold::InScope(std::string_view folder) const {
  return folder.size() + 1 > s3_prefix_.size() &&
         (std::string(folder) + '/').starts_with(s3_prefix_);
}

bool FolderFold::BelowATableFolder(std::string_view folder) const {
  for (auto above = ParentOf(folder); above; above = ParentOf(*above)) {
    if (table_folders_.contains(*above)) return true;
  }
  return false;
}

bool FolderFold::StandsBefore(const ObjectInfo& a, const ObjectInfo& b) {
  return std::tuple(a.size > 0, a.last_modified, std::string_view(a.key)) >
         std::tuple(b.size > 0, b.last_modified, std::string_view(b.key));
}

void FolderFold::Add(std::string_view key, int64_t last_modified, size_t folder_end) {
  if (folder_end > 0) {
    const std::string_view table = key.substr(0, folder_end);
    if (InScope(table) && !table_folders_.contains(table)) table_folders_.emplace(table);
  }
  // Each folder above the object: the first counts it, each counts a folder new to it.
  bool child_is_new = false;
  bool immediate = true;
  for (auto folder = ParentOf(key); folder; folder = ParentOf(*folder)) {
    auto it = folders_.find(*folder);
    const bool is_new = it == folders_.end();
    if (is_new) it = folders_.emplace(std::string(*folder), Stats{}).first;
    Stats& stats = it->second;
    if (immediate) ++stats.objects;
    if (child_is_new) ++stats.prefixes;
    stats.newest = std::max(stats.newest, last_modified);
    ++stats.files;
    child_is_new = is_new;
    immediate = false;
  }
}

std::vector<std::string> FolderFold::UpperFolders() const {
  std::set<std::string, std::less<>> upper;
  for (const std::string& table : table_folders_) {
    for (auto folder = ParentOf(table); folder && InScope(*folder); folder = ParentOf(*folder)) {
      if (!table_folders_.contains(*folder)) upper.emplace(*folder);
    }
  }
  return {upper.begin(), upper.end()};
}

FoldedPrefixes FolderFold::Finish(bool register_objects, const UpperFolderCounts& upper,
                                  const std::vector<ObjectInfo>& objects,
                                  const MatchResult& match) const {
  // Views of keys that outlive this call's work: the fold's own and `upper`'s.
  std::set<std::string_view> registered(table_folders_.begin(), table_folders_.end());
  for (const auto& [folder, counts] : upper) {
    if (counts.objects + counts.prefixes > 0 && InScope(folder)) registered.insert(folder);
  }
  if (register_objects) {
    // The folders between each table folder and its objects.
    for (const auto& [folder, stats] : folders_) {
      if (BelowATableFolder(folder)) registered.insert(folder);
    }
  }

  FoldedPrefixes folded;
  folded.prefixes.reserve(registered.size());
  std::unordered_map<std::string_view, size_t> index;
  for (const std::string_view key : registered) {
    PrefixInfo info;
    info.key = std::string(key);
    if (auto counts = upper.find(key); counts != upper.end()) {
      info.object_count = counts->second.objects;
      info.prefix_count = counts->second.prefixes;
    } else if (auto stats = folders_.find(key); stats != folders_.end()) {
      info.object_count = stats->second.objects;
      info.prefix_count = stats->second.prefixes;
      info.newest_modified = stats->second.newest;
      info.file_count = stats->second.files;
    }
    if (auto parent = ParentOf(key); parent && index.contains(*parent)) {
      info.parent = index.at(*parent);
      info.depth = folded.prefixes[*info.parent].depth + 1;
    }
    folded.levels = std::max(folded.levels, info.depth + 1);
    folded.prefixes.push_back(std::move(info));
    index.emplace(key, folded.prefixes.size() - 1);
  }
  const auto find = [&](std::optional<std::string_view> folder) -> std::optional<size_t> {
    if (!folder) return std::nullopt;
    auto it = index.find(*folder);
    return it == index.end() ? std::nullopt : std::optional(it->second);
  };
  folded.table_folder.resize(objects.size());
  folded.immediate.resize(objects.size());
  for (size_t i = 0; i < objects.size(); ++i) folded.immediate[i] = find(ParentOf(objects[i].key));
  for (const ObjectDecision& d : match.objects) {
    folded.table_folder[d.object] = find(TableFolderOf(objects, d));
  }
  return folded;
}

FolderFold FolderFold::Of(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                          const std::string& s3_prefix) {
  std::vector<size_t> folder_end(objects.size(), 0);
  for (const ObjectDecision& d : match.objects) folder_end[d.object] = d.folder_end;
  FolderFold fold(s3_prefix);
  for (size_t i = 0; i < objects.size(); ++i) {
    fold.Add(objects[i].key, objects[i].last_modified, folder_end[i]);
  }
  return fold;
}

std::vector<std::string> UpperFolders(const std::vector<ObjectInfo>& objects,
                                      const MatchResult& match, const std::string& s3_prefix) {
  return FolderFold::Of(objects, match, s3_prefix).UpperFolders();
}

FoldedPrefixes FoldPrefixes(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                            const std::string& s3_prefix, bool register_objects,
                            const UpperFolderCounts& upper) {
  return FolderFold::Of(objects, match, s3_prefix).Finish(register_objects, upper, objects, match);
}

}  // namespace delta_arc::lineage
