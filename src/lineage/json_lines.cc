// JSON lines columns; see json_lines.h.
#include "lineage/json_lines.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace delta_arc::lineage {

namespace {

// Dotted paths go this many keys deep; deeper keys belong to the column above them.
constexpr size_t kPathDepth = 8;
// Nesting past this is hostile, not data: the line is refused rather than walked.
constexpr size_t kMaxNesting = 256;
// A record with more keys than this is not a table's row.
constexpr size_t kMaxColumns = 10'000;

// Collects one record's keys through nlohmann's SAX interface: no document is built, so
// a record's size or depth costs no memory beyond its path.
class KeyCollector final : public nlohmann::json_sax<nlohmann::json> {
 public:
  KeyCollector(std::vector<FileColumn>& columns, std::set<std::string>& seen)
      : columns_(columns), seen_(seen) {}

  // Why the line was refused; empty when it was a record.
  const std::string& refusal() const { return refusal_; }

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override {
    if (frames_.empty() && !started_) {
      started_ = true;
      frames_.push_back({.object = true, .path = ""});
      return true;
    }
    return Open(true);
  }
  bool key(string_t& name) override {
    Frame& frame = frames_.back();
    frame.key = name;
    if (frame.inside_array || frame.path_depth == kPathDepth) return true;
    if (!IsUtf8(name)) return Refuse("a key is not UTF-8");
    const std::string path = frame.path.empty() ? name : frame.path + '.' + name;
    if (seen_.insert(path).second) {
      if (columns_.size() == kMaxColumns) return Refuse("more than 10,000 keys");
      columns_.push_back({path, ""});
    }
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override {
    if (frames_.empty()) return Refuse("a line is an array, not a JSON object");
    return Open(false);
  }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    if (refusal_.empty()) refusal_ = "a line is not valid JSON";
    return false;
  }

 private:
  struct Frame {
    bool object = false;
    std::string path = {};      // the dotted path of this object's keys' parent ("" at the top)
    std::string key = {};       // the key whose value is being read
    size_t path_depth = 0;      // keys in `path`; keys past kPathDepth are not columns
    bool inside_array = false;  // keys in here are an array's, not columns
  };

  bool Value() {
    if (frames_.empty()) return Refuse("a line is not a JSON object");
    return true;
  }
  bool Open(bool object) {
    if (frames_.size() == kMaxNesting) return Refuse("a record is nested too deeply");
    const Frame& parent = frames_.back();
    Frame frame{.object = object};
    frame.inside_array = parent.inside_array || !parent.object || !object;
    if (!frame.inside_array) {
      frame.path = parent.path.empty() ? parent.key : parent.path + '.' + parent.key;
      frame.path_depth = std::min(parent.path_depth + 1, kPathDepth);
    }
    frames_.push_back(std::move(frame));
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  bool Refuse(std::string why) {
    refusal_ = std::move(why);
    return false;
  }

  std::vector<FileColumn>& columns_;
  std::set<std::string>& seen_;
  std::vector<Frame> frames_;
  bool started_ = false;
  std::string refusal_;
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

bool LooksLikeJsonLines(std::string_view text) {
  text = WithoutByteOrderMark(text);
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

SchemaRead JsonLinesColumns(std::string_view text, bool whole_object) {
  text = WithoutByteOrderMark(text);
  std::vector<FileColumn> columns;
  std::set<std::string> seen;
  size_t records = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) {
      if (!whole_object) break;  // the range ends inside this record
      end = text.size();
    }
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (IsBlank(line)) continue;
    KeyCollector collector(columns, seen);
    if (!nlohmann::json::sax_parse(line, &collector) || !collector.refusal().empty()) {
      return SchemaError{collector.refusal().empty() ? "a line is not a JSON object"
                                                     : collector.refusal()};
    }
    ++records;
  }
  if (records == 0) return SchemaCutShort{};
  return columns;
}

}  // namespace delta_arc::lineage
