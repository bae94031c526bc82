// The columns of an Avro object container file, read from its header: "Obj" 1, then a
// map of metadata whose "avro.schema" is the writer's schema as JSON (Apache Avro
// specification, "Object Container Files").
#pragma once

#include <string_view>

#include "lineage/file_columns.h"

namespace delta_arc::lineage {

// True when `start` begins as an Avro object container file does.
bool IsAvroContainer(std::string_view start);

// The fields of the writer's schema, a record: a field of a nested record (also within a
// union with null) as a dotted path under its parent, the parent a column too; types as the
// schema names them ("long", "string", "union(null,string)" style is the reader's choice).
// SchemaCutShort with the total when the header's schema ends past `start`;
// SchemaError when the header or its schema is damaged, not a record, or past the limits.
SchemaRead AvroColumns(std::string_view start);

}  // namespace delta_arc::lineage
