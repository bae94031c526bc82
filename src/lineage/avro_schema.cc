// Avro header schema; see avro_schema.h.
//
// A small reader written from the Apache Avro specification
// (https://avro.apache.org/docs/++version++/specification/; apache/avro,
// doc/content/en/docs/++version++/Specification/_index.md): "Object Container Files" for the
// header, "Binary Encoding" for its longs, strings, bytes and map blocks, "Names" and "Logical
// Types" for the schema. Not avro-c (libavro-dev): its file reader wants a whole FILE and reads
// past the header into the first data block, while we hold only the object's first bytes; and
// it would build the schema with no bounds of ours on hostile input.
#include "lineage/avro_schema.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "common/utf8.h"

namespace delta_arc::lineage {

// In a namespace of its own as well: the library may be built as one unity source.
namespace {
namespace avro {

using nlohmann::json;

// What a hostile header can make the reader do. The schema bounds what is fetched and parsed;
// the header before it bounds how far other metadata can push it; depth bounds recursion
// (JSON nesting is checked before parsing, records nested through named references as they
// are walked); columns and their bytes bound what named references reused at every level
// could multiply.
constexpr size_t kMaxSchemaBytes = size_t{1} << 20;  // "the 1 MiB limit"
constexpr size_t kMaxHeaderBytes = size_t{4} << 20;  // the file's bytes up to the schema's end
constexpr int64_t kMaxMetadataEntries = 1000;
constexpr int kMaxNesting = 64;  // JSON nesting, and records nested in records
constexpr size_t kMaxColumns = 20000;
constexpr size_t kMaxColumnBytes = size_t{4} << 20;  // the names and types of all columns

// "Four bytes, ASCII 'O', 'b', 'j', followed by 1" (spec, "Object Container Files").
constexpr std::string_view kMagic("Obj\x01", 4);

// Why the header reader stops before it has the schema.
using Stop = std::variant<SchemaCutShort, SchemaError>;

std::unexpected<Stop> Halt(std::string reason) {
  return std::unexpected(Stop(SchemaError{std::move(reason)}));
}

// The header's binary encoding, read from a position in the file's first bytes.
class HeaderReader {
 public:
  HeaderReader(std::string_view start, size_t position) : start_(start), position_(position) {}

  // A long: zig-zag coded, 7 bits a byte, low bits first, the high bit set on every byte
  // but the last (spec, "Binary Encoding", "Primitive Types"); 10 bytes hold 64 bits.
  std::expected<int64_t, Stop> Long() {
    uint64_t bits = 0;
    for (int i = 0; i < 10; ++i) {
      if (position_ >= start_.size()) return std::unexpected(Stop(SchemaCutShort{}));
      const auto byte = static_cast<uint8_t>(start_[position_++]);
      if (i == 9 && byte > 1) {
        return Halt(byte & 0x80 ? "a varint longer than 10 bytes" : "a varint past 64 bits");
      }
      bits |= uint64_t{byte & 0x7Fu} << (7 * i);
      if ((byte & 0x80) == 0) {
        return static_cast<int64_t>(bits >> 1) ^ -static_cast<int64_t>(bits & 1);
      }
    }
    return Halt("a varint longer than 10 bytes");  // not reached: the 10th byte ends it
  }

  // The length of a string or bytes (a long): not negative, and ending within the header's
  // limit.
  std::expected<size_t, Stop> Length() {
    const auto length = Long();
    if (!length) return std::unexpected(length.error());
    if (*length < 0) return Halt("a negative length in the header");
    if (position_ > kMaxHeaderBytes ||
        static_cast<uint64_t>(*length) > kMaxHeaderBytes - position_) {
      return Halt("the header runs past the 4 MiB limit");
    }
    return static_cast<size_t>(*length);
  }

  // The next `length` bytes. When the start ends first: cut short, the total being where they
  // end when `total_known` (the schema's value), else 0.
  std::expected<std::string_view, Stop> Take(size_t length, bool total_known) {
    if (length > start_.size() - position_) {
      return std::unexpected(Stop(SchemaCutShort{total_known ? position_ + length : 0}));
    }
    const std::string_view taken = start_.substr(position_, length);
    position_ += length;
    return taken;
  }

 private:
  std::string_view start_;
  size_t position_;
};

// The "avro.schema" value of the header's metadata, a map<bytes> (spec, "Object Container
// Files"): blocks of a count and that many string keys and bytes values, a negative count
// followed by the block's byte size, a zero count ending the map (spec, "Binary Encoding",
// "Maps"). Any entry may come first.
std::expected<std::string_view, Stop> FindSchema(std::string_view start) {
  if (!start.starts_with(kMagic)) {
    if (kMagic.starts_with(start)) return std::unexpected(Stop(SchemaCutShort{}));
    return Halt("not an Avro object container file (no \"Obj\" 1 magic)");
  }
  HeaderReader in(start, kMagic.size());
  int64_t entries = 0;
  while (true) {
    auto count = in.Long();
    if (!count) return std::unexpected(count.error());
    if (*count == 0) return Halt("the header has no avro.schema");
    if (*count < 0) {
      if (*count < -kMaxMetadataEntries) return Halt("more than 1000 metadata entries");
      *count = -*count;
      const auto block_size = in.Long();
      if (!block_size) return std::unexpected(block_size.error());
      if (*block_size < 0) return Halt("a negative metadata block size");
    }
    if (*count > kMaxMetadataEntries - entries) return Halt("more than 1000 metadata entries");
    entries += *count;
    for (int64_t i = 0; i < *count; ++i) {
      const auto key_length = in.Length();
      if (!key_length) return std::unexpected(key_length.error());
      const auto key = in.Take(*key_length, false);
      if (!key) return std::unexpected(key.error());
      const auto value_length = in.Length();
      if (!value_length) return std::unexpected(value_length.error());
      const bool is_schema = *key == "avro.schema";
      if (is_schema && *value_length > kMaxSchemaBytes) {
        return Halt("the schema is larger than the 1 MiB limit");
      }
      const auto value = in.Take(*value_length, is_schema);
      if (!value || is_schema) return value;
    }
  }
}

// True when `text` nests arrays and objects deeper than `limit`: brackets outside strings,
// counted before nlohmann parses it, so that neither its parser nor the walk below goes deep.
// Where the text is not JSON the parser stops no later than the count would.
bool NestedDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

bool IsPrimitive(std::string_view name) {
  return name == "null" || name == "boolean" || name == "int" || name == "long" ||
         name == "float" || name == "double" || name == "bytes" || name == "string";
}

bool IsRecord(const json& node) {
  const auto type = node.find("type");
  return type != node.end() && type->is_string() && *type == "record";
}

// A named type (record, enum, fixed) as defined: its JSON, and the namespace (by number, see
// ColumnWalk) in which the names inside it resolve.
struct NamedType {
  const json* node = nullptr;
  size_t space = 0;
};

// " (date)", " (decimal(10,2))": a logical type after the type it annotates (spec, "Logical
// Types"; a decimal's scale is 0 when not given).
std::string LogicalSuffix(const json& node) {
  const auto logical = node.find("logicalType");
  if (logical == node.end() || !logical->is_string()) return "";
  std::string name = logical->get<std::string>();
  if (name == "decimal") {
    const auto precision = node.find("precision");
    const auto scale = node.find("scale");
    if (precision != node.end() && precision->is_number_integer()) {
      const bool has_scale = scale != node.end() && scale->is_number_integer();
      name += "(" + precision->dump() + "," + (has_scale ? scale->dump() : "0") + ")";
    }
  }
  return " (" + name + ")";
}

// The columns of a parsed schema: each field of the top record, and under a field whose type
// is a record (inline, named, or the one branch besides null of a union) that record's
// fields as dotted paths, a record stopping where it would nest within itself.
//
// First a pass over the JSON notes each named type and resolves each reference to one defined
// before it (spec, "Names"); then the walk from the top record, which may pass through a
// record many times, finds both by the JSON node, so that no name is looked up twice.
// Namespaces go by number: a lookup costs the length of the name, not of its namespace.
class ColumnWalk {
 public:
  std::expected<std::vector<FileColumn>, SchemaError> Run(const json& schema) {
    if (!schema.is_object() || !IsRecord(schema)) {
      return std::unexpected(SchemaError{"the schema is not a record"});
    }
    Define(schema, 0);
    if (auto error = AddFields(NamedType{&schema, InnerSpace(schema)}, "", 1)) {
      return std::unexpected(std::move(*error));
    }
    return std::move(columns_);
  }

 private:
  // A type as the column shows it, and the record whose fields go under the column.
  struct Described {
    std::string type;
    std::optional<NamedType> record;
  };

  size_t SpaceNumber(std::string_view space) {
    return spaces_.try_emplace(std::string(space), spaces_.size()).first->second;
  }

  // Notes the named types defined in `node` and resolves its references, in the order of the
  // spec's depth-first, left-to-right traversal (the first of two definitions of one fullname
  // wins). Recursion: no deeper than the JSON, checked before parsing.
  void Define(const json& node, size_t space) {
    if (node.is_string()) return Resolve(node, space);
    if (node.is_array()) {
      for (const auto& branch : node) Define(branch, space);
      return;
    }
    if (!node.is_object()) return;
    const auto type = node.find("type");
    if (type == node.end()) return;
    if (!type->is_string()) return Define(*type, space);
    const auto& kind = type->get_ref<const std::string&>();
    if (kind == "record" || kind == "enum" || kind == "fixed") {
      DefineNamed(node, space);
    } else if (kind == "array" || kind == "map") {
      const auto inner = node.find(kind == "array" ? "items" : "values");
      if (inner != node.end()) Define(*inner, space);
    } else {
      Resolve(*type, space);  // {"type": "Address"}, or a primitive
    }
  }

  // A definition's fullname and the namespace it passes on (spec, "Names"): a dotted name is a
  // fullname, its namespace the part before the last dot; a simple name takes the "namespace"
  // attribute when there is one, else the enclosing namespace.
  void DefineNamed(const json& node, size_t space) {
    size_t inner = space;
    const auto name = node.find("name");
    if (name != node.end() && name->is_string()) {
      std::string_view simple = name->get_ref<const std::string&>();
      if (const size_t dot = simple.rfind('.'); dot != std::string_view::npos) {
        inner = SpaceNumber(simple.substr(0, dot));
        simple.remove_prefix(dot + 1);
      } else if (const auto given = node.find("namespace");
                 given != node.end() && given->is_string()) {
        inner = SpaceNumber(given->get_ref<const std::string&>());
      }
      names_.try_emplace({inner, simple}, NamedType{&node, inner});
    }
    inner_spaces_.try_emplace(&node, inner);
    const auto fields = node.find("fields");
    if (!IsRecord(node) || fields == node.end() || !fields->is_array()) return;
    for (const auto& field : *fields) {
      if (const auto field_type = field.find("type"); field_type != field.end()) {
        Define(*field_type, inner);
      }
    }
  }

  // A reference: a dotted name as it is, a simple one in the enclosing namespace (spec,
  // "Names"), else in the null namespace.
  void Resolve(const json& node, size_t space) {
    const auto& name = node.get_ref<const std::string&>();
    if (IsPrimitive(name)) return;
    std::string_view simple = name;
    if (const size_t dot = simple.rfind('.'); dot != std::string_view::npos) {
      const auto named_space = spaces_.find(name.substr(0, dot));
      if (named_space == spaces_.end()) return;
      space = named_space->second;
      simple.remove_prefix(dot + 1);
    }
    auto found = names_.find({space, simple});
    if (found == names_.end() && space != 0) found = names_.find({0, simple});
    if (found != names_.end()) references_.try_emplace(&node, found->second);
  }

  size_t InnerSpace(const json& record) const {
    const auto found = inner_spaces_.find(&record);
    return found == inner_spaces_.end() ? 0 : found->second;
  }

  // Recursion: within one field's type, no deeper than the JSON.
  std::expected<Described, SchemaError> Describe(const json& node) {
    if (node.is_string()) {
      Described out{node.get<std::string>(), std::nullopt};
      const auto named = references_.find(&node);
      if (named != references_.end() && IsRecord(*named->second.node)) out.record = named->second;
      return out;
    }
    if (node.is_array()) return DescribeUnion(node);
    if (!node.is_object()) {
      return std::unexpected(SchemaError{"a type that is neither a name, a union nor an object"});
    }
    const auto type = node.find("type");
    if (type == node.end()) return std::unexpected(SchemaError{"a type object without a type"});
    if (!type->is_string()) return Describe(*type);
    const auto& kind = type->get_ref<const std::string&>();
    if (kind != "record" && kind != "enum" && kind != "fixed" && kind != "array" && kind != "map" &&
        !IsPrimitive(kind)) {
      return Describe(*type);  // {"type": "Address"}: a reference
    }
    Described out{kind + LogicalSuffix(node), std::nullopt};
    if (kind == "record") out.record = NamedType{&node, InnerSpace(node)};
    return out;
  }

  // "null|string": the branches joined by '|' (spec, "Unions"); the record under it when it is
  // the one branch besides null.
  std::expected<Described, SchemaError> DescribeUnion(const json& node) {
    if (node.empty()) return std::unexpected(SchemaError{"an empty union"});
    Described out;
    size_t others = 0;
    for (const auto& branch : node) {
      auto described = Describe(branch);
      if (!described) return described;
      if (!out.type.empty()) out.type += '|';
      out.type += described->type;
      if (described->type != "null") {
        ++others;
        out.record = described->record;
      }
      if (out.type.size() > kMaxColumnBytes) {
        return std::unexpected(SchemaError{"the columns exceed the 4 MiB limit"});
      }
    }
    if (others != 1) out.record.reset();
    return out;
  }

  std::optional<SchemaError> AddFields(const NamedType& record, const std::string& prefix,
                                       int depth) {
    if (depth > kMaxNesting) return SchemaError{"records nested deeper than 64"};
    const auto fields = record.node->find("fields");
    if (fields == record.node->end() || !fields->is_array()) {
      return SchemaError{"a record without a fields array"};
    }
    open_.push_back(record.node);
    for (const auto& field : *fields) {
      const auto name = field.find("name");
      const auto type = field.find("type");
      if (!field.is_object() || name == field.end() || !name->is_string() || type == field.end()) {
        return SchemaError{"a field without a name or a type"};
      }
      const auto& simple = name->get_ref<const std::string&>();
      if (!IsUtf8(simple)) return SchemaError{"a field name that is not UTF-8"};
      auto described = Describe(*type);
      if (!described) return std::move(described.error());
      std::string column = prefix.empty() ? simple : prefix + "." + simple;
      if (auto error = Add(column, described->type)) return error;
      if (described->record &&
          std::find(open_.begin(), open_.end(), described->record->node) == open_.end()) {
        if (auto error = AddFields(*described->record, column, depth + 1)) return error;
      }
    }
    open_.pop_back();
    return std::nullopt;
  }

  std::optional<SchemaError> Add(const std::string& name, const std::string& type) {
    column_bytes_ += name.size() + type.size();
    if (columns_.size() >= kMaxColumns) return SchemaError{"more than 20000 columns"};
    if (column_bytes_ > kMaxColumnBytes) return SchemaError{"the columns exceed the 4 MiB limit"};
    columns_.push_back(FileColumn{name, type});
    return std::nullopt;
  }

  std::unordered_map<std::string, size_t> spaces_{{"", 0}};  // the null namespace is 0
  // Named types by fullname, as (namespace, simple name); the names point into the JSON.
  std::map<std::pair<size_t, std::string_view>, NamedType> names_;
  std::unordered_map<const json*, size_t> inner_spaces_;   // each definition's namespace
  std::unordered_map<const json*, NamedType> references_;  // each resolved reference
  std::vector<const json*> open_;  // the records whose fields are being added, outermost first
  std::vector<FileColumn> columns_;
  size_t column_bytes_ = 0;
};

}  // namespace avro
}  // namespace

bool IsAvroContainer(std::string_view start) {
  return start.starts_with(avro::kMagic);
}

SchemaRead AvroColumns(std::string_view start) {
  const auto text = avro::FindSchema(start);
  if (!text) {
    return std::visit([](auto stop) -> SchemaRead { return stop; }, text.error());
  }
  if (avro::NestedDeeperThan(*text, avro::kMaxNesting)) {
    return SchemaError{"the schema nests deeper than 64"};
  }
  const nlohmann::json schema =
      nlohmann::json::parse(text->begin(), text->end(), nullptr, /*allow_exceptions=*/false);
  if (schema.is_discarded()) return SchemaError{"the schema is not JSON"};
  auto columns = avro::ColumnWalk().Run(schema);
  if (!columns) return std::move(columns.error());
  return std::move(*columns);
}

}  // namespace delta_arc::lineage
