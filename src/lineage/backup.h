// Backup and recovery of what delta-arc owns in Atlan. `delta-arc export` writes
// every ACTIVE asset delta-arc wrote under the S3 connection (all its scopes, or
// only the configured one) as JSON lines: the connection, buckets, objects,
// processes and column processes, each with the attributes delta-arc owns and its
// relations by qualifiedName. `delta-arc restore FILE` upserts them back, parents
// first: archived ones come back ACTIVE, deleted ones are created again, and
// running it twice changes nothing more: what Atlan holds ACTIVE as the file has it is not
// written (an unchanged restore sends no write). The file is checked whole before the
// first write, so a bad file writes nothing.
#pragma once

#include <istream>
#include <ostream>

#include "lineage/pipeline.h"

namespace delta_arc::lineage {

enum class ExportScope { kAll, kConfigured };

struct ExportReport {
  std::string connection;  // qualifiedName
  int64_t assets = 0;      // lines written
};

Result<ExportReport> ExportAssets(const Config& config, PipelineDeps& deps, ExportScope scope,
                                  std::ostream& out);

struct RestoreReport {
  int64_t assets = 0;     // lines read
  int64_t unchanged = 0;  // held ACTIVE as the file has them: not written
  int64_t created = 0;
  int64_t updated = 0;
};

// The file's connection must be the one S3_CONNECTION_NAME names (or would create).
Result<RestoreReport> RestoreAssets(const Config& config, PipelineDeps& deps, std::istream& in,
                                    const std::string& source_name);

}  // namespace delta_arc::lineage
