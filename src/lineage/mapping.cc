// The mapping file: key templates, key globs, renames, and their YAML form.
#include "lineage/mapping.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include "common/keyword_case.h"
#include "lineage/key_segments.h"
#include "lineage/setting_checks.h"
#include "lineage/tool_layouts.h"

namespace delta_arc::lineage {
namespace {

char AsciiUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool IsPlaceholderName(std::string_view name) {
  return !name.empty() && IsNameStart(name.front()) && std::ranges::all_of(name, IsNameChar);
}

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// The end of the path segment that `pos` is in: the next '/' or the key's end.
size_t SegmentEnd(std::string_view key, size_t pos) {
  return std::min(key.find('/', pos), key.size());
}

// '*' matches any run of characters within one segment. Greedy with
// backtracking to the last star: linear in practice, never exponential.
bool SegmentMatches(std::string_view glob, std::string_view text) {
  size_t g = 0, t = 0, star = glob.npos, resume = 0;
  while (t < text.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = t;
    } else if (g < glob.size() && glob[g] == text[t]) {
      ++g, ++t;
    } else if (star != glob.npos) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

// The default rule: a tool's marker is no table's; a file a tool names by its own scheme
// is its folder's table (tool_layouts.h); any other file, the last segment without its
// extension, a compression suffix taking the extension before it along ("orders.csv.gz").
std::optional<std::string> FileNameTable(std::string_view key) {
  constexpr std::string_view kCompression[] = {"gz", "bz2", "zst", "xz", "lz4", "snappy"};
  std::string_view name = FileNameOf(key);
  if (IsToolMarker(name)) return std::nullopt;
  if (auto tool = ToolFileTable(key)) return std::move(tool->table);
  size_t dot = name.rfind('.');
  if (dot != name.npos &&
      std::ranges::find(kCompression, name.substr(dot + 1)) != std::end(kCompression)) {
    name = name.substr(0, dot);
    dot = name.rfind('.');
  }
  name = name.substr(0, dot);
  if (name.empty()) return std::nullopt;  // a folder marker or a dot file
  return std::string(name);
}

void AppendNew(std::vector<std::string>& to, const std::string& value) {
  if (std::ranges::find(to, value) == to.end()) to.push_back(value);
}

}  // namespace

// ---- KeyTemplate ----

Result<KeyTemplate> KeyTemplate::Parse(const std::string& text) {
  const auto fail = [&](std::string_view why) {
    return Fail(ErrorKind::kInvalidArgument, "template " + Quoted(text) + ": " + std::string(why));
  };
  KeyTemplate parsed;
  parsed.text_ = text;
  std::set<std::string> names;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool doubled = i + 1 < text.size() && text[i + 1] == text[i];
    if ((text[i] == '{' || text[i] == '}') && doubled) {
      if (parsed.parts_.empty() || parsed.parts_.back().is_placeholder) parsed.parts_.push_back({});
      parsed.parts_.back().literal += text[i++];
    } else if (text[i] == '}') {
      return fail("unmatched '}' (write }} for a literal brace)");
    } else if (text[i] == '{') {
      const size_t close = text.find('}', i);
      const std::string name = text.substr(i + 1, close == text.npos ? 0 : close - i - 1);
      if (close == text.npos || !IsPlaceholderName(name)) {
        return fail(
            "a placeholder is {name}, name of letters, digits and '_' ({{ for a literal brace)");
      }
      if (!parsed.parts_.empty() && parsed.parts_.back().is_placeholder) {
        return fail("placeholders {" + parsed.parts_.back().name + "} and {" + name +
                    "} touch; put literal text between them");
      }
      if (!names.insert(name).second) return fail("{" + name + "} appears more than once");
      if (name == "table") parsed.table_part_ = parsed.parts_.size();
      parsed.parts_.push_back({.is_placeholder = true, .literal = {}, .name = name});
      i = close;
    } else {
      if (parsed.parts_.empty() || parsed.parts_.back().is_placeholder) parsed.parts_.push_back({});
      parsed.parts_.back().literal += text[i];
    }
  }
  if (!names.contains("table")) return fail("{table} must appear exactly once");
  if (text.starts_with('/')) return fail("keys below S3_PREFIX do not begin with '/'");
  return parsed;
}

// reach[i * (n + 1) + pos]: parts_[i..] match key[pos..] exactly. Computed from
// the end, each placeholder taking one or more characters of one segment.
std::vector<char> KeyTemplate::Reachability(const std::string& key) const {
  const size_t n = key.size();
  const size_t width = n + 1;
  std::vector<char> reach((parts_.size() + 1) * width, 0);
  reach[parts_.size() * width + n] = 1;
  for (size_t i = parts_.size(); i-- > 0;) {
    const char* next = &reach[(i + 1) * width];
    char* here = &reach[i * width];
    if (!parts_[i].is_placeholder) {
      const std::string& literal = parts_[i].literal;
      for (size_t pos = 0; pos + literal.size() <= n; ++pos) {
        here[pos] = next[pos + literal.size()] && key.compare(pos, literal.size(), literal) == 0;
      }
      continue;
    }
    bool any_end = false;  // some end in (pos, segment end] lets the rest match
    for (size_t pos = n; pos-- > 0;) {
      any_end = key[pos] != '/' && (any_end || next[pos + 1]);
      here[pos] = any_end;
    }
  }
  return reach;
}

std::optional<std::string> KeyTemplate::Match(const std::string& key) const {
  const auto reach = Reachability(key);
  const size_t width = key.size() + 1;
  if (!reach[0]) return std::nullopt;
  size_t pos = 0;
  std::optional<std::string> table;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (!parts_[i].is_placeholder) {
      pos += parts_[i].literal.size();
      continue;
    }
    size_t end = SegmentEnd(key, pos);  // greedy: the longest that lets the rest match
    while (!reach[(i + 1) * width + end]) --end;
    if (i == table_part_) table = key.substr(pos, end - pos);
    pos = end;
  }
  return table;
}

std::optional<size_t> KeyTemplate::TableFolderDepth() const {
  size_t before = 0;
  size_t after = 0;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].is_placeholder) continue;
    const auto slashes =
        static_cast<size_t>(std::count(parts_[i].literal.begin(), parts_[i].literal.end(), '/'));
    (i < table_part_ ? before : after) += slashes;
  }
  if (after == 0) return std::nullopt;
  return before + 1;
}

std::vector<std::string> KeyTemplate::TableCandidates(const std::string& key) const {
  const auto greedy = Match(key);
  if (!greedy) return {};
  const auto reach = Reachability(key);
  const size_t width = key.size() + 1;
  // Where {table} can start: positions the parts before it can reach from 0.
  std::vector<char> starts(width, 0);
  starts[0] = 1;
  for (size_t i = 0; i < table_part_; ++i) {
    std::vector<char> next(width, 0);
    for (size_t pos = 0; pos < width; ++pos) {
      if (!starts[pos]) continue;
      if (!parts_[i].is_placeholder) {
        const std::string& literal = parts_[i].literal;
        if (key.compare(pos, literal.size(), literal) == 0) next[pos + literal.size()] = 1;
        continue;
      }
      for (size_t end = pos + 1; end <= SegmentEnd(key, pos); ++end) next[end] = 1;
    }
    starts = std::move(next);
  }
  std::vector<std::string> candidates = {*greedy};
  for (size_t start = 0; start < width; ++start) {
    if (!starts[start] || !reach[table_part_ * width + start]) continue;
    for (size_t end = SegmentEnd(key, start); end > start; --end) {
      if (reach[(table_part_ + 1) * width + end])
        AppendNew(candidates, key.substr(start, end - start));
    }
  }
  return candidates;
}

// ---- KeyGlob ----

Result<KeyGlob> KeyGlob::Parse(const std::string& text) {
  if (text.empty()) return Fail(ErrorKind::kInvalidArgument, "glob \"\": empty");
  KeyGlob glob;
  glob.text_ = text;
  for (const auto segment : SplitSegments(text)) {
    if (segment != "**" && segment.find("**") != segment.npos) {
      return Fail(ErrorKind::kInvalidArgument,
                  "glob " + Quoted(text) + ": ** must be a whole path segment, as in a/**/b");
    }
    glob.segments_.emplace_back(segment);
  }
  return glob;
}

// matches[g][k]: glob segments g.. match key segments k.., "**" taking any number.
bool KeyGlob::Matches(const std::string& key) const {
  const auto keys = SplitSegments(key);
  const size_t width = keys.size() + 1;
  std::vector<char> matches((segments_.size() + 1) * width, 0);
  matches[segments_.size() * width + keys.size()] = 1;
  for (size_t g = segments_.size(); g-- > 0;) {
    for (size_t k = keys.size() + 1; k-- > 0;) {
      const bool more = k < keys.size();
      matches[g * width + k] =
          segments_[g] == "**"
              ? matches[(g + 1) * width + k] || (more && matches[g * width + k + 1])
              : more && matches[(g + 1) * width + k + 1] && SegmentMatches(segments_[g], keys[k]);
    }
  }
  return matches[0];
}

// ---- TableRef ----

TableRef TableRef::Parse(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon != std::string::npos && colon > 0 && colon + 1 < text.size()) {
    TableRef ref = Parse(text.substr(colon + 1));
    ref.connection = text.substr(0, colon);
    return ref;
  }
  const auto parts = SplitAt(text, '.');
  const bool qualified = parts.size() == 2 || parts.size() == 3;
  if (!qualified || std::ranges::any_of(parts, &std::string_view::empty)) return {"", "", "", text};
  if (parts.size() == 2) return {"", "", std::string(parts[0]), std::string(parts[1])};
  return {"", std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

// ---- Mapping ----

Mapping Mapping::Default() {
  return Mapping();
}

bool Mapping::Excluded(const std::string& key) const {
  return std::ranges::any_of(excludes_, [&](const KeyGlob& glob) { return glob.Matches(key); });
}

std::optional<std::string> Mapping::TableForKey(const std::string& key) const {
  if (templates_.empty()) return FileNameTable(key);
  for (const auto& key_template : templates_) {
    if (auto table = key_template.Match(key)) return table;
  }
  return std::nullopt;
}

std::vector<std::string> Mapping::TableCandidatesForKey(const std::string& key) const {
  std::vector<std::string> candidates;
  if (templates_.empty()) {
    if (auto table = FileNameTable(key)) candidates.push_back(*table);
    return candidates;
  }
  for (const auto& key_template : templates_) {
    for (const auto& table : key_template.TableCandidates(key)) AppendNew(candidates, table);
  }
  return candidates;
}

std::optional<std::string> Mapping::TableFolderForKey(const std::string& key,
                                                      const std::string& table) const {
  if (templates_.empty()) {
    auto tool = ToolFileTable(key);
    if (!tool || tool->table != table) return std::nullopt;
    return std::move(tool->table_folder);
  }
  for (const auto& key_template : templates_) {
    const auto candidates = key_template.TableCandidates(key);
    if (std::find(candidates.begin(), candidates.end(), table) == candidates.end()) continue;
    const auto depth = key_template.TableFolderDepth();
    if (!depth) return std::nullopt;
    size_t end = 0;
    for (size_t segment = 0; segment < *depth; ++segment) end = key.find('/', end) + 1;
    return key.substr(0, end - 1);
  }
  return std::nullopt;
}

std::optional<std::string> Mapping::TargetTableFor(const std::string& source_table) const {
  const auto it = tables_.find(NormalizeTableName(source_table));
  if (it == tables_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Mapping::SourceTableFor(const std::string& name) const {
  const auto it = postgres_tables_.find(NormalizeTableName(name));
  if (it == postgres_tables_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Mapping::TargetColumnFor(const std::string& source_table,
                                                    const std::string& source_column) const {
  const auto table = columns_.find(NormalizeTableName(source_table));
  if (table == columns_.end()) return std::nullopt;
  const auto column = table->second.find(NormalizeColumnName(source_column));
  if (column == table->second.end()) return std::nullopt;
  return column->second;
}

// ---- the YAML form ----

namespace {

constexpr std::string_view kTopLevelKeys = "objects, tables, columns, exclude";

// Reads the parts of a mapping file, collecting every problem as
// "<source>:<line>: <key>: <why>" instead of stopping at the first.
class YamlReader {
 public:
  explicit YamlReader(std::string source) : source_(std::move(source)) {}

  void Problem(const YAML::Node& at, std::string_view key, std::string_view why) {
    const YAML::Mark mark = at.Mark();
    const std::string line = mark.is_null() ? "" : ":" + std::to_string(mark.line + 1);
    problems_.push_back(source_ + line + ": " + std::string(key) + ": " + std::string(why));
  }
  bool failed() const { return !problems_.empty(); }
  std::string Joined() const {
    std::string out;
    for (const auto& problem : problems_) out += (out.empty() ? "" : "\n") + problem;
    return out;
  }

  // A list of scalars, each parsed by `parse` (KeyTemplate::Parse, KeyGlob::Parse).
  template <typename T, typename Parse>
  std::vector<T> List(const YAML::Node& node, std::string_view key, Parse parse) {
    std::vector<T> items;
    if (node.IsNull()) return items;
    if (!node.IsSequence()) {
      Problem(node, key, "expected a list of strings");
      return items;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      const std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
      const auto text = Text(node[i], item_key);
      if (!text) continue;
      auto parsed = parse(*text);
      if (parsed)
        items.push_back(std::move(*parsed));
      else
        Problem(node[i], item_key, parsed.error().message);
    }
    return items;
  }

  // A map of names to names, keyed by `normalize`d names, repeats refused.
  std::map<std::string, std::string> Renames(const YAML::Node& node, std::string_view key,
                                             std::string (*normalize)(const std::string&)) {
    std::map<std::string, std::string> renames;
    for (const auto& [name, value, entry_key] : Entries(node, key)) {
      const auto target = Text(value, entry_key);
      if (target && !renames.emplace(normalize(name), *target).second) {
        Problem(value, entry_key, "named twice (names compare in any case)");
      }
    }
    return renames;
  }

  // `tables:` entries: NAME: SNOWFLAKE, or NAME: {postgres: PG, snowflake: SF} (either
  // or both). Fills the Snowflake renames and the Postgres tables names stand for.
  void Tables(const YAML::Node& node, std::map<std::string, std::string>& target_tables,
              std::map<std::string, std::string>& source_tables) {
    for (const auto& [name, value, entry_key] : Entries(node, "tables")) {
      if (!TableName(name, value, entry_key)) continue;
      if (target_tables.contains(NormalizeTableName(name)) ||
          source_tables.contains(NormalizeTableName(name))) {
        Problem(value, entry_key, "named twice (names compare in any case)");
        continue;
      }
      if (!value.IsMap()) {
        if (const auto target = Text(value, entry_key);
            target && TableName(*target, value, entry_key)) {
          target_tables.emplace(NormalizeTableName(name), *target);
        }
        continue;
      }
      if (value.size() == 0) Problem(value, entry_key, "expected postgres: and/or snowflake:");
      for (const auto& side : value) {
        const std::string side_name = side.first.IsScalar() ? side.first.Scalar() : "";
        const std::string side_key = entry_key + "." + side_name;
        auto* to = side_name == "postgres"    ? &source_tables
                   : side_name == "snowflake" ? &target_tables
                                              : nullptr;
        if (to == nullptr) {
          Problem(side.first, side_key, "unknown key (expected postgres, snowflake)");
        } else if (const auto target = Text(side.second, side_key);
                   target && TableName(*target, side.second, side_key)) {
          to->emplace(NormalizeTableName(name), *target);
        }
      }
    }
  }

  std::map<std::string, std::map<std::string, std::string>> Columns(const YAML::Node& node) {
    std::map<std::string, std::map<std::string, std::string>> columns;
    for (const auto& [table, renames, entry_key] : Entries(node, "columns")) {
      if (!TableName(table, renames, entry_key)) continue;
      auto table_renames = Renames(renames, entry_key, NormalizeColumnName);
      if (!columns.emplace(NormalizeTableName(table), std::move(table_renames)).second) {
        Problem(renames, entry_key, "named twice (names compare in any case)");
      }
    }
    return columns;
  }

 private:
  struct Entry {
    std::string name;
    YAML::Node value;
    std::string key;  // e.g. "tables.ORDER_ITEMS", for messages
  };

  // The entries of a map whose keys are non-empty strings.
  std::vector<Entry> Entries(const YAML::Node& node, std::string_view key) {
    std::vector<Entry> entries;
    if (node.IsNull()) return entries;
    if (!node.IsMap()) {
      Problem(node, key, "expected a map of names");
      return entries;
    }
    for (const auto& entry : node) {
      const auto name = Text(entry.first, std::string(key));
      if (name) entries.push_back({*name, entry.second, std::string(key) + "." + *name});
    }
    return entries;
  }

  // A table name has at most three parts, DATABASE.SCHEMA.TABLE (TableRef): a fourth is a
  // mistake no table lookup could explain, so it is refused rather than never matched.
  bool TableName(const std::string& name, const YAML::Node& at, const std::string& key) {
    // After a connection's name ("<connection>:…"), whose own dots do not count.
    const size_t colon = name.rfind(':');
    if (std::ranges::count(name.substr(colon == std::string::npos ? 0 : colon + 1), '.') < 3) {
      return true;
    }
    Problem(at, key,
            "'" + name +
                "' has more than three parts (expected TABLE, SCHEMA.TABLE or "
                "DATABASE.SCHEMA.TABLE)");
    return false;
  }

  // A non-empty string.
  std::optional<std::string> Text(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      Problem(node, key, "expected a non-empty string");
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::string source_;
  std::vector<std::string> problems_;
};

}  // namespace

Result<Mapping> Mapping::FromYaml(const std::string& yaml_text, const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    const std::string where = e.mark.is_null() ? ""
                                               : ":" + std::to_string(e.mark.line + 1) + ":" +
                                                     std::to_string(e.mark.column + 1);
    return Fail(ErrorKind::kInvalidArgument, source_name + where + ": not valid YAML: " + e.msg);
  }
  Mapping mapping;
  if (root.IsNull()) return mapping;  // an empty file: the default mapping
  YamlReader reader(source_name);
  if (!root.IsMap()) {
    reader.Problem(root, "(top level)", "expected a map with keys " + std::string(kTopLevelKeys));
    return Fail(ErrorKind::kInvalidArgument, reader.Joined());
  }
  std::set<std::string> seen;
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "(not a string)";
    if (!seen.insert(key).second) {
      reader.Problem(entry.first, key, "appears twice");
    } else if (key == "objects") {
      mapping.templates_ = reader.List<KeyTemplate>(entry.second, key, KeyTemplate::Parse);
    } else if (key == "exclude") {
      mapping.excludes_ = reader.List<KeyGlob>(entry.second, key, KeyGlob::Parse);
    } else if (key == "tables") {
      reader.Tables(entry.second, mapping.tables_, mapping.postgres_tables_);
    } else if (key == "columns") {
      mapping.columns_ = reader.Columns(entry.second);
    } else {
      reader.Problem(entry.first, key, "unknown key (expected " + std::string(kTopLevelKeys) + ")");
    }
  }
  if (reader.failed()) return Fail(ErrorKind::kInvalidArgument, reader.Joined());
  return mapping;
}

Result<Mapping> Mapping::FromFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  // A configuration error (exit 2), like any other bad setting.
  if (!file) {
    return Fail(ErrorKind::kInvalidArgument, "MAPPING_FILE: cannot read " + path);
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Fail(ErrorKind::kIo, path + ": read failed");
  return FromYaml(text.str(), path);
}

std::optional<std::string> KeyBelowPrefix(const std::string& key, const std::string& prefix) {
  if (!key.starts_with(prefix)) return std::nullopt;
  std::string_view rest = std::string_view(key).substr(prefix.size());
  if (!prefix.empty() && !prefix.ends_with('/') && rest.starts_with('/')) rest.remove_prefix(1);
  return std::string(rest);
}

std::string NormalizeColumnName(const std::string& name) {
  // Lowercased first as Atlan's keyword normalizer does (Unicode simple case mapping), so
  // "Ü_COL" and "ü_col" are one; ASCII upper case then keeps the keys' familiar form.
  // Lowercased text holds no ASCII capitals, so that step merges no two names.
  std::string out;
  out.reserve(name.size());
  for (const char c : LowercaseKeyword(name)) {
    if (c != '_') out += AsciiUpper(c);
  }
  return out;
}

std::string NormalizeTableName(const std::string& name) {
  // As columns compare, '_' aside: Atlan's search folds table names the same way.
  std::string out = LowercaseKeyword(name);
  std::ranges::transform(out, out.begin(), AsciiUpper);
  return out;
}

}  // namespace delta_arc::lineage
