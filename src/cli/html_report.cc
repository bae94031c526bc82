// The HTML report; see html_report.h.
#include "cli/html_report.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "aws/crypto.h"
#include "cli/report_assets.h"
#include "common/clock.h"
#include "common/json_text.h"
#include "http/url.h"
#include "lineage/column_types.h"
#include "lineage/connector_names.h"

namespace delta_arc::cli {

using nlohmann::json;

namespace {

// Object keys listed per table: the search box finds a table by any of them. A table of
// more objects (a partitioned export) still shows its full count.
constexpr size_t kKeysPerTable = 1000;
// Entries per list of what matched nothing; the page shows the counts of the rest.
constexpr size_t kListEntries = 50'000;

std::string UtcText(int64_t ms) {
  const std::tm utc = UtcTime(ms);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

json TableRef(const lineage::TableInfo* table) {
  if (table == nullptr) return nullptr;
  return {{"name", table->name}, {"qualifiedName", table->qualified_name}};
}

json Side(const lineage::UnlinkedColumn& column) {
  return column.reason == lineage::UnlinkedReason::kNoSourceColumn ? "snowflake" : "postgres";
}

// At S3_LINEAGE_LEVEL=prefix, the table folders a link's lineage runs through, each with
// the files below it (all of them, whether registered or folded into one that stands for
// them); none when its table is bound in a file name.
json LinkFolders(const lineage::TableLink& link, const lineage::PlanSources& sources) {
  json folders = json::array();
  if (!sources.prefix_lineage) return folders;
  std::set<size_t> seen;
  for (const size_t object : link.objects) {
    const auto folder = sources.folded.table_folder[object];
    if (!folder || !seen.insert(*folder).second) continue;
    const lineage::PrefixInfo& info = sources.folded.prefixes[*folder];
    folders.push_back({{"key", info.key + "/"}, {"files", info.file_count}});
  }
  return folders;
}

// The trace of each of a link's tagged columns: [column, tag, status].
json LinkTrace(const lineage::TableLink& link, const std::vector<lineage::TagTrace>& traces) {
  json trace = json::array();
  if (link.source == nullptr) return trace;
  const std::string columns = link.source->qualified_name + "/";
  for (const auto& t : traces) {
    if (!t.source_column.starts_with(columns)) continue;
    trace.push_back(
        {t.source_column.substr(columns.size()), t.tag, lineage::TraceStatusName(t.status)});
  }
  return trace;
}

// One row of the graph: a table's (or its pair's) objects and column mapping.
json LinkJson(const lineage::TableLink& link, const lineage::PlanSources& sources,
              const std::vector<lineage::TagTrace>& traces) {
  json keys = json::array();
  for (size_t i = 0; i < link.objects.size() && i < kKeysPerTable; ++i) {
    keys.push_back(sources.objects[link.objects[i]].key);
  }
  // [postgres, snowflake, its types: postgres, file, snowflake, and whether they disagree]
  json columns = json::array();
  for (const auto& c : link.columns) {
    columns.push_back(
        {c.source->name, c.target->name, c.source->data_type, c.file_type, c.target->data_type,
         lineage::TypesDisagree(c.source->data_type, c.file_type, c.target->data_type)});
  }
  json unlinked = json::array();
  const std::string source = lineage::ConnectorDisplayName(sources.source.connectors());
  const std::string target = lineage::ConnectorDisplayName(sources.target.connectors());
  for (const auto& u : link.unlinked) {
    unlinked.push_back({Side(u), u.column->name, Explain(u, source, target)});
  }
  // A link's files all carry the same tags (its table's): its first file's are the link's.
  json tags = link.objects.empty()
                  ? json::array()
                  : json(lineage::CarriedTagNamesOfObject(sources, link.objects[0]));
  return {{"postgres", TableRef(link.source)},
          {"snowflake", TableRef(link.target)},
          {"tags", std::move(tags)},
          {"tagTrace", LinkTrace(link, traces)},
          {"keys", std::move(keys)},
          {"objects", link.objects.size()},
          {"folders", LinkFolders(link, sources)},
          {"headerRead", link.header.has_value()},
          {"headerNote", link.header_note},
          {"columns", std::move(columns)},
          {"unlinked", std::move(unlinked)}};
}

// Objects that matched no table (MatchObjects' reasons), and keys left out before matching
// (excluded by the mapping, the cache's own files): both are in the report's object list.
void AddUnmatched(const lineage::RunReport& report, const lineage::PlanSources* sources, json& data,
                  std::string& cut) {
  std::unordered_set<std::string> listed;
  if (sources != nullptr) {
    for (const auto& d : sources->match.objects) {
      if (!d.reason.empty()) listed.insert(sources->objects[d.object].key);
    }
  }
  json unmatched = json::array();
  json excluded = json::array();
  size_t left_out = 0;
  for (const auto& o : report.objects) {
    if (o.reason.empty()) continue;
    json& list = listed.contains(o.key) ? unmatched : excluded;
    if (list.size() >= kListEntries) {
      ++left_out;
      continue;
    }
    list.push_back({{"key", o.key}, {"reason", o.reason}});
  }
  json unpartnered = json::array();
  for (const auto& u : report.unpartnered) {
    if (unpartnered.size() >= kListEntries) {
      ++left_out;
      continue;
    }
    unpartnered.push_back(
        {{"connection", u.connection}, {"qualifiedName", u.qualified_name}, {"reason", u.reason}});
  }
  if (left_out > 0) {
    cut = std::to_string(left_out) +
          " more entries are not in this report; `delta-arc plan "
          "--json` lists every one.";
  }
  data["unmatchedObjects"] = std::move(unmatched);
  data["excludedKeys"] = std::move(excluded);
  data["unpartnered"] = std::move(unpartnered);
}

json ChangeList(size_t total, const std::function<lineage::PlannedChange(size_t)>& describe,
                size_t max) {
  json items = json::array();
  for (size_t i = 0; i < total && i < max; ++i) {
    const lineage::PlannedChange change = describe(i);
    items.push_back({lineage::TypeName(change.type), change.qualified_name});
  }
  return {{"total", total}, {"items", std::move(items)}};
}

json Changes(const lineage::RunReport& report, size_t max) {
  json counts = json::array();
  for (const auto& info : lineage::AssetTypes()) {
    counts.push_back({{"typeName", info.type_name},
                      {"create", report.PlannedCreates(info.type)},
                      {"update", report.PlannedUpdates(info.type)},
                      {"archive", report.PlannedArchives(info.type)}});
  }
  std::vector<size_t> creates, updates;
  for (size_t i = 0; i < report.plan.writes.size(); ++i) {
    (report.plan.writes[i].create ? creates : updates).push_back(i);
  }
  const auto& plan = report.plan;
  return {
      {"counts", std::move(counts)},
      {"lists",
       {{"create", ChangeList(
                       creates.size(), [&](size_t i) { return plan.Describe(creates[i]); }, max)},
        {"update", ChangeList(
                       updates.size(), [&](size_t i) { return plan.Describe(updates[i]); }, max)},
        {"archive",
         ChangeList(
             plan.archives.size(), [&](size_t i) { return plan.archives[i]; }, max * 10)}}}};
}

json Figures(const lineage::RunReport& r) {
  return {{"applied", r.applied},
          {"complete", r.complete},
          {"sourceConnector", lineage::ConnectorDisplayName(r.source_connector)},
          {"targetConnector", lineage::ConnectorDisplayName(r.target_connector)},
          {"postgresAssets", r.source_assets},
          {"snowflakeAssets", r.target_assets},
          {"s3Objects", r.s3_objects},
          {"cacheHit", r.cache_hit},
          {"unchanged", r.plan.unchanged},
          {"created", r.created},
          {"updated", r.updated},
          {"archived", r.archived},
          {"atlanRequests", r.atlan.requests},
          {"atlanRetries", r.atlan.retries},
          {"atlanThrottles", r.atlan.throttles},
          {"durationMs", r.duration_ms}};
}

json ReportData(const lineage::RunReport& report, const HtmlReportOptions& options) {
  const lineage::PlanSources* sources = report.plan.sources.get();
  json tables = json::array();
  if (sources != nullptr) {
    for (const auto& link : sources->match.links) {
      tables.push_back(LinkJson(link, *sources, report.tag_trace));
    }
  }
  const bool prefix_level = sources != nullptr && sources->prefix_lineage;
  json changes = Changes(report, options.max_changes_listed);
  json data = {
      {"title", report.applied ? "delta-arc sync" : "delta-arc plan (read-only)"},
      {"applied", report.applied},
      {"atlanUrl", UrlForDisplay(options.atlan_url)},
      {"bucket", options.bucket},
      {"prefix", options.prefix},
      {"s3Connection", report.s3_connection_qn},
      {"level", prefix_level ? "prefix" : "object"},
      {"generatedAt", options.generated_at_ms > 0 ? UtcText(options.generated_at_ms) : ""},
      {"figures", Figures(report)},
      {"tables", std::move(tables)},
      {"changes", std::move(changes["counts"])},
      {"changeLists", std::move(changes["lists"])},
  };
  if (prefix_level) data["figures"]["s3Folders"] = sources->folded.prefixes.size();
  std::string cut;
  AddUnmatched(report, sources, data, cut);
  data["listsCut"] = cut;
  return data;
}

// The Content-Security-Policy source of an inline script: the browser runs it only when
// its text hashes to this, so nothing injected into the page could run.
std::string ScriptHash(std::string_view script) {
  return "'sha256-" + aws::Base64Encode(aws::Sha256(script)) + "'";
}

}  // namespace

std::string EscapeJsonForScript(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + json_text.size() / 16);
  for (size_t i = 0; i < json_text.size(); ++i) {
    const char c = json_text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json_text.size() && json_text[i + 1] == '\x80' &&
               (json_text[i + 2] == '\xA8' || json_text[i + 2] == '\xA9')) {
      // U+2028 and U+2029 (UTF-8 E2 80 A8/A9): line ends to older JavaScript parsers.
      out += json_text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string UrlForDisplay(std::string_view url) {
  auto parsed = http::ParseUrl(url);
  if (!parsed) return "";
  const std::string path = parsed->path == "/" ? "" : parsed->path;
  return parsed->Origin() + path;
}

void WriteHtmlReport(std::ostream& out, const lineage::RunReport& report,
                     const HtmlReportOptions& options) {
  // Invalid UTF-8 (never from S3 or Atlan, which speak UTF-8) shows as U+FFFD, never throws.
  std::string data = JsonText(ReportData(report, options));
  if (options.redact) data = options.redact(std::move(data));
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src "
      << ScriptHash(kReportScript) << "\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << (report.applied ? "delta-arc sync" : "delta-arc plan")
      << ": lineage report</title>\n<style>\n"
      << kReportStyle << "</style>\n</head>\n<body>\n"
      << "<noscript>This report draws itself with JavaScript; allow scripts for this file."
         "</noscript>\n<div id=\"app\"></div>\n"
      << "<script type=\"application/json\" id=\"delta-arc-data\">" << EscapeJsonForScript(data)
      << "</script>\n<script>" << kReportScript << "</script>\n</body>\n</html>\n";
}

}  // namespace delta_arc::cli
