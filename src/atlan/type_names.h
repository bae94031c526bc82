// Atlan's names of the types delta-arc reads and writes, each spelled once: the
// registry of what delta-arc owns (lineage/owned_types.h) and the readers of the
// catalog name types by these. From Atlan's type definitions (pyatlan's asset
// modules: connection.py, table.py, view.py, materialised_view.py, column.py, s3_bucket.py,
// s3_prefix.py, s3_object.py, process.py, column_process.py, connection_process.py).
#pragma once

namespace delta_arc::atlan {

// What a connector's crawler catalogs.
inline constexpr const char* kConnectionType = "Connection";
inline constexpr const char* kTableType = "Table";
inline constexpr const char* kViewType = "View";
// Spelled as Atlan spells it, for every connector (Snowflake's, Postgres's, Redshift's).
inline constexpr const char* kMaterialisedViewType = "MaterialisedView";
inline constexpr const char* kColumnType = "Column";

// What delta-arc writes for S3 (lineage/owned_types.h says which it owns and how).
inline constexpr const char* kS3BucketType = "S3Bucket";
inline constexpr const char* kS3PrefixType = "S3Prefix";
inline constexpr const char* kS3ObjectType = "S3Object";
inline constexpr const char* kProcessType = "Process";
inline constexpr const char* kColumnProcessType = "ColumnProcess";

// What Atlan adds under a connection for processes that cross connections: Atlan's own,
// never delta-arc's to write or archive.
inline constexpr const char* kConnectionProcessType = "ConnectionProcess";

}  // namespace delta_arc::atlan
