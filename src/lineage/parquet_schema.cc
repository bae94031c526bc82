// Parquet footer schema; see parquet_schema.h. FileMetaData is read field by field with
// Thrift's compact protocol rather than with code generated from parquet.thrift: only its
// schema is needed, and only the few SchemaElement fields that name and type a column.
// Field ids and enum values below are parquet.thrift's (apache/parquet-format,
// src/main/thrift/parquet.thrift: struct FileMetaData, struct SchemaElement, enum Type,
// enum ConvertedType, union LogicalType, struct DecimalType).
#include "lineage/parquet_schema.h"

#include <thrift/TConfiguration.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TTransportException.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace delta_arc::lineage {

namespace {

using apache::thrift::TConfiguration;
using apache::thrift::TException;
using apache::thrift::protocol::T_BOOL;
using apache::thrift::protocol::T_BYTE;
using apache::thrift::protocol::T_I32;
using apache::thrift::protocol::T_LIST;
using apache::thrift::protocol::T_STOP;
using apache::thrift::protocol::T_STRING;
using apache::thrift::protocol::T_STRUCT;
using apache::thrift::protocol::TProtocolException;
using apache::thrift::protocol::TType;
using apache::thrift::transport::TMemoryBuffer;
using apache::thrift::transport::TTransportException;
using Protocol = apache::thrift::protocol::TCompactProtocolT<TMemoryBuffer>;

// Limits against hostile footers (the reader is fuzzed), each far above real files.
// Thrift's readBinary allocates a string's claimed length before it reads the bytes, so
// the string limit also bounds that allocation.
constexpr int32_t kMaxStringBytes = 64 * 1024;   // a column name
constexpr int32_t kMaxSchemaElements = 100'000;  // and any other list in the footer
constexpr size_t kMaxDepth = 64;                 // groups in groups, the root included
constexpr int kMaxThriftDepth = 64;              // structs in structs that skip() walks
// Paths repeat their groups' names, so a few MiB of long names nested deep could
// otherwise make gigabytes of columns.
constexpr size_t kMaxColumnBytes = 16 * 1024 * 1024;

// A schema that Thrift reads but that is no Parquet schema; caught in ParquetColumns.
struct Malformed {
  const char* reason;
};

// clang-format off
// enum Type, by value.
constexpr std::array<const char*, 8> kPhysicalTypes = {
    "BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
// enum ConvertedType, by value, spelled as the logical type that LogicalTypes.md's
// compatibility sections equate with it, so that a column reads the same whichever of the
// two its writer set (the format asks for both; DuckDB 1.5 sets only UTF8 and INT_32).
// MAP_KEY_VALUE and INTERVAL have no such type. DECIMAL takes its precision and scale
// (SchemaElement 8 and 7), see TypeOf.
constexpr std::array<const char*, 22> kConvertedTypes = {
    "STRING", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME", "TIME",
    "TIMESTAMP", "TIMESTAMP",
    "INTEGER(8,false)", "INTEGER(16,false)", "INTEGER(32,false)", "INTEGER(64,false)",
    "INTEGER(8,true)", "INTEGER(16,true)", "INTEGER(32,true)", "INTEGER(64,true)",
    "JSON", "BSON", "INTERVAL"};
// union LogicalType, by field id (9 is reserved). DECIMAL and INTEGER are spelled with
// their parameters as parquet-java prints them ("DECIMAL(18,3)", "INTEGER(8,true)"), for
// they say what the physical type does not; see ReadLogicalType.
constexpr std::array<const char*, 20> kLogicalTypes = {
    "", "STRING", "MAP", "LIST", "ENUM", "DECIMAL", "DATE", "TIME", "TIMESTAMP", "",
    "INTEGER", "UNKNOWN", "JSON", "BSON", "UUID", "FLOAT16", "VARIANT", "GEOMETRY",
    "GEOGRAPHY", "FILE"};
// clang-format on

// What a column needs of one SchemaElement.
struct Element {
  std::optional<std::string> name;        // 4
  std::optional<int32_t> type;            // 1, physical; not set on a group
  int32_t num_children = 0;               // 5, not set on a leaf
  std::optional<int32_t> converted_type;  // 6
  std::optional<int32_t> scale;           // 7, of a converted DECIMAL
  std::optional<int32_t> precision;       // 8, of a converted DECIMAL
  std::string logical_type;               // 10, spelled; empty when not set or unknown
};

int32_t ReadI32(Protocol& in) {
  int32_t value = 0;
  in.readI32(value);
  return value;
}

// Calls on_field(type, id) for each field of the struct that starts here; on_field reads
// or skips the field's value.
template <typename OnField>
void ReadStruct(Protocol& in, OnField on_field) {
  std::string unused;
  in.readStructBegin(unused);
  while (true) {
    TType type = T_STOP;
    int16_t id = 0;
    in.readFieldBegin(unused, type, id);
    if (type == T_STOP) break;
    on_field(type, id);
    in.readFieldEnd();
  }
  in.readStructEnd();
}

// "DECIMAL(18,3)": precision, then scale, as the SQL type is written.
std::string Decimal(std::optional<int32_t> precision, std::optional<int32_t> scale) {
  if (!precision || !scale) return "DECIMAL";
  return "DECIMAL(" + std::to_string(*precision) + "," + std::to_string(*scale) + ")";
}

// DecimalType {1: scale, 2: precision} as "DECIMAL(precision,scale)".
std::string ReadDecimalType(Protocol& in) {
  std::optional<int32_t> scale, precision;
  ReadStruct(in, [&](TType type, int16_t id) {
    if (type == T_I32 && id == 1) {
      scale = ReadI32(in);
    } else if (type == T_I32 && id == 2) {
      precision = ReadI32(in);
    } else {
      in.skip(type);
    }
  });
  return Decimal(precision, scale);
}

// IntType {1: bitWidth, 2: isSigned} as "INTEGER(8,true)".
std::string ReadIntType(Protocol& in) {
  std::optional<int8_t> bits;
  std::optional<bool> is_signed;
  ReadStruct(in, [&](TType type, int16_t id) {
    if (type == T_BYTE && id == 1) {
      in.readByte(bits.emplace());
    } else if (type == T_BOOL && id == 2) {
      in.readBool(is_signed.emplace());
    } else {
      in.skip(type);
    }
  });
  if (!bits || !is_signed) return "INTEGER";
  return "INTEGER(" + std::to_string(*bits) + (*is_signed ? ",true)" : ",false)");
}

// A LogicalType union's member, by name.
std::string ReadLogicalType(Protocol& in) {
  std::string spelled;
  ReadStruct(in, [&](TType type, int16_t id) {
    if (type == T_STRUCT && id == 5) {
      spelled = ReadDecimalType(in);
    } else if (type == T_STRUCT && id == 10) {
      spelled = ReadIntType(in);
    } else {
      in.skip(type);
      // A member this reader does not know leaves `spelled` empty: the converted type
      // names the column then.
      if (type == T_STRUCT && id > 0 && static_cast<size_t>(id) < kLogicalTypes.size()) {
        spelled = kLogicalTypes[static_cast<size_t>(id)];
      }
    }
  });
  return spelled;
}

// A known field with another wire type than parquet.thrift's is skipped, as generated
// Thrift code does.
Element ReadElement(Protocol& in) {
  Element element;
  ReadStruct(in, [&](TType type, int16_t id) {
    if (type == T_STRING && id == 4) {
      element.name.emplace();
      in.readString(*element.name);
      if (!IsUtf8(*element.name)) throw Malformed{"a column name is not UTF-8"};
    } else if (type == T_STRUCT && id == 10) {
      element.logical_type = ReadLogicalType(in);
    } else if (type != T_I32) {
      in.skip(type);
    } else if (id == 1) {
      element.type = ReadI32(in);
    } else if (id == 5) {
      element.num_children = ReadI32(in);
    } else if (id == 6) {
      element.converted_type = ReadI32(in);
    } else if (id == 7) {
      element.scale = ReadI32(in);
    } else if (id == 8) {
      element.precision = ReadI32(in);
    } else {
      in.skip(type);
    }
  });
  if (!element.name) throw Malformed{"a schema element has no name"};
  if (element.num_children < 0) throw Malformed{"a schema element has a negative num_children"};
  return element;
}

// An element is a group when it has children or no physical type (an empty group);
// Arrow's reader decides so too (parquet/schema.cc, Unflatten).
bool IsGroup(const Element& element) {
  return element.num_children > 0 || !element.type;
}

// "INT32", "BYTE_ARRAY (STRING)", "group (LIST)": the logical type, else the converted one.
std::string TypeOf(const Element& element) {
  std::string type;
  if (IsGroup(element)) {
    type = "group";
  } else if (*element.type >= 0 && static_cast<size_t>(*element.type) < kPhysicalTypes.size()) {
    type = kPhysicalTypes[static_cast<size_t>(*element.type)];
  } else {
    throw Malformed{"a column has an unknown physical type"};
  }
  std::string annotation = element.logical_type;
  const std::optional<int32_t> converted = element.converted_type;
  if (annotation.empty() && converted == 5) {
    annotation = Decimal(element.precision, element.scale);
  } else if (annotation.empty() && converted >= 0 &&
             static_cast<size_t>(*converted) < kConvertedTypes.size()) {
    annotation = kConvertedTypes[static_cast<size_t>(*converted)];
  }
  return annotation.empty() ? type : type + " (" + annotation + ")";
}

// A group whose children are still being listed: its path, and how many are to come.
struct OpenGroup {
  std::string path;
  int32_t children_left;
};

// FileMetaData's schema: the list starts here. The elements are the tree depth-first, the
// root first; each group's num_children says how many of the next subtrees are its own.
std::vector<FileColumn> ReadSchema(Protocol& in) {
  TType element_type = T_STOP;
  uint32_t count = 0;
  in.readListBegin(element_type, count);
  if (element_type != T_STRUCT) throw Malformed{"the schema is not a list of structs"};
  if (count == 0) throw Malformed{"the schema is empty"};
  const Element root = ReadElement(in);
  if (root.num_children == 0) throw Malformed{"the schema's root has no children"};
  std::vector<OpenGroup> open = {{"", root.num_children}};
  std::vector<FileColumn> columns;  // not reserved: `count` is only claimed
  size_t column_bytes = 0;
  for (uint32_t i = 1; i < count; ++i) {
    if (open.empty()) throw Malformed{"the schema lists more elements than its tree holds"};
    Element element = ReadElement(in);
    std::string path =
        open.size() == 1 ? std::move(*element.name) : open.back().path + "." + *element.name;
    --open.back().children_left;
    column_bytes += path.size();
    if (column_bytes > kMaxColumnBytes) throw Malformed{"the column paths are too long in all"};
    columns.push_back({path, TypeOf(element)});
    if (IsGroup(element) && element.num_children > 0) {
      if (open.size() == kMaxDepth) throw Malformed{"the schema nests more than 64 levels deep"};
      open.push_back({std::move(path), element.num_children});
    }
    while (!open.empty() && open.back().children_left == 0) open.pop_back();
  }
  if (!open.empty()) throw Malformed{"the schema ends before its tree does"};
  return columns;
}

// FileMetaData up to its schema (field 2): what follows may not be in `footer`.
std::vector<FileColumn> ReadFileMetaData(Protocol& in) {
  std::string unused;
  in.readStructBegin(unused);
  while (true) {
    TType type = T_STOP;
    int16_t id = 0;
    in.readFieldBegin(unused, type, id);
    if (type == T_STOP) throw Malformed{"the footer has no schema"};
    if (id == 2 && type != T_LIST) throw Malformed{"the schema is not a list of structs"};
    if (id == 2) return ReadSchema(in);
    in.skip(type);
    in.readFieldEnd();
  }
}

}  // namespace

std::optional<uint32_t> ParquetFooterLength(std::string_view tail) {
  if (tail.size() < kParquetTrailerBytes || !tail.ends_with(kParquetMagic)) return std::nullopt;
  const auto* length = reinterpret_cast<const uint8_t*>(tail.data() + tail.size() - 8);
  return static_cast<uint32_t>(length[0]) | static_cast<uint32_t>(length[1]) << 8 |
         static_cast<uint32_t>(length[2]) << 16 | static_cast<uint32_t>(length[3]) << 24;
}

SchemaRead ParquetColumns(std::string_view footer) {
  // Thrift's buffer takes a 32-bit size and its message size limit is an int; a schema
  // still unfinished after 2 GiB counts as cut short. The message size is the bytes
  // present, so that lists claiming more than they can hold stop at once.
  const auto size =
      static_cast<uint32_t>(std::min<size_t>(footer.size(), std::numeric_limits<int32_t>::max()));
  auto config = std::make_shared<TConfiguration>();
  config->setMaxMessageSize(static_cast<int>(size));
  config->setRecursionLimit(kMaxThriftDepth);
  // OBSERVE reads the bytes where they are; TMemoryBuffer never writes to an observed
  // buffer (TBufferTransports.h), hence the const_cast.
  auto* bytes = const_cast<uint8_t*>(reinterpret_cast<const uint8_t*>(footer.data()));
  try {
    Protocol in(std::make_shared<TMemoryBuffer>(bytes, size, TMemoryBuffer::OBSERVE, config),
                kMaxStringBytes, kMaxSchemaElements);
    return ReadFileMetaData(in);
  } catch (const Malformed& error) {
    return SchemaError{error.reason};
  } catch (const TTransportException& error) {
    // The memory buffer's only way to fail a read: the bytes ran out.
    if (error.getType() == TTransportException::END_OF_FILE) return SchemaCutShort{0};
    return SchemaError{"the footer cannot be read"};
  } catch (const TProtocolException& error) {
    // Thrift's own messages may quote a byte of the footer: the reasons here do not.
    switch (error.getType()) {
      case TProtocolException::SIZE_LIMIT:
        return SchemaError{"the footer has a string or list larger than a schema needs"};
      case TProtocolException::DEPTH_LIMIT:
        return SchemaError{"the footer nests structs too deeply"};
      default:
        return SchemaError{"the footer is not Thrift compact protocol"};
    }
  } catch (const TException&) {
    return SchemaError{"the footer is not Thrift compact protocol"};
  }
}

}  // namespace delta_arc::lineage
