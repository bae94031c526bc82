// The HTML report of a run (`plan --html FILE`, `sync --html FILE`): one self-contained
// page, its style and script inline, that draws the lineage a run plans (Postgres table →
// S3 objects → Snowflake table), each table's column mapping, what matched nothing and
// why, the changes by type and the run's figures. Opened from disk, it loads nothing.
//
// The run's data goes into the page as JSON in a <script type="application/json"> block,
// with every character that could end that block or confuse a parser escaped (<, >, &,
// U+2028, U+2029); the page's script builds the DOM from it with textContent only. So a
// key such as `</script><img src=x onerror=…>` is shown as text, never parsed as markup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "lineage/pipeline.h"

namespace delta_arc::cli {

struct HtmlReportOptions {
  // The Atlan tenant, shown without user info, query or fragment (UrlForDisplay).
  // Default: none shown.
  std::string atlan_url;
  std::string bucket;  // Default: none shown.
  std::string prefix;  // Default: "" (the whole bucket).
  // When the report was made, epoch ms; the caller's clock. Default: 0, no date shown.
  int64_t generated_at_ms = 0;
  // Most planned creates and updates listed by name; the counts by type are always whole
  // (`--json` lists every change). Archives are listed up to 10 times this. Default: 1000.
  size_t max_changes_listed = 1000;
  // Applied to every text the page shows (the logger's secret redaction). Default: none.
  std::function<std::string(std::string)> redact;
};

// The page, written to `out`.
void WriteHtmlReport(std::ostream& out, const lineage::RunReport& report,
                     const HtmlReportOptions& options);

// JSON text made safe inside an HTML <script> element: <, >, &, U+2028 and U+2029 become
// \u escapes, which JSON.parse reads back as the same characters.
std::string EscapeJsonForScript(std::string_view json);

// A URL as a page may show it: scheme, host, port and path; never user info (a password),
// a query (a signed URL's credentials) or a fragment. Text that is no URL is shown as "".
std::string UrlForDisplay(std::string_view url);

}  // namespace delta_arc::cli
