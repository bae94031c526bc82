// The columns of a JSON lines file (NDJSON, https://jsonlines.org): one JSON object per
// line, the keys of its records its columns.
#pragma once

#include <string_view>

#include "lineage/file_columns.h"

namespace delta_arc::lineage {

// True when `text`, after a UTF-8 byte order mark and white space, starts a JSON object.
bool LooksLikeJsonLines(std::string_view text);

// The union, in first-seen order, of the keys of the records complete within `text`
// (`whole_object`: `text` is the whole file, so its last line is complete without a line
// break). A key whose values are objects is a column, and their keys dotted paths under it
// ("address", "address.city"); arrays are columns, not looked into. JSON states no column
// types: each type is empty. SchemaCutShort when no record is complete; SchemaError when a
// complete line is not a JSON object, or is nested past what is read.
SchemaRead JsonLinesColumns(std::string_view text, bool whole_object);

}  // namespace delta_arc::lineage
