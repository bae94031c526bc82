// CLI output; see cli_output.h.
#include "cli/cli_output.h"

#include <algorithm>
#include <ctime>
#include <iomanip>

#include "common/clock.h"
#include "lineage/connector_names.h"

namespace delta_arc::cli {

namespace {

// A summary line's label, padded so that the values line up (a connector's longer name
// gets one space).
std::string Label(const std::string& label) {
  constexpr size_t kWidth = 18;  // "Snowflake assets: "
  return "  " + label + std::string(label.size() < kWidth ? kWidth - label.size() : 1, ' ');
}

void PrintChanges(std::ostream& out, const char* verb,
                  const std::vector<lineage::PlannedChange>& changes, bool verbose) {
  if (changes.empty()) return;
  out << "\n" << verb << " (" << changes.size() << "):\n";
  size_t shown = 0;
  for (const auto& c : changes) {
    if (!verbose && ++shown > 50) {
      out << "  … and " << changes.size() - 50 << " more (--verbose lists all)\n";
      break;
    }
    out << "  " << std::left << std::setw(14) << lineage::TypeName(c.type) << c.qualified_name
        << "\n";
  }
}

// Epoch milliseconds as UTC ISO 8601, or "unknown" for 0.
std::string Iso8601(int64_t ms) {
  if (ms <= 0) return "unknown";
  const std::tm utc = UtcTime(ms);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void PrintScope(std::ostream& out, const lineage::ScopeSummary& s,
                const std::map<std::string, std::string>& routes = {}) {
  out << "scope " << s.id << "\n";
  if (!routes.empty()) {
    const auto route = routes.find(s.id);
    out << "  route:        "
        << (route == routes.end() ? "none of ROUTES_FILE (a route removed or changed?)"
                                  : route->second)
        << "\n";
  }
  out << "  connection:   " << s.connection_qn << "\n"
      << "  bucket ARN:   " << (s.bucket_arn.empty() ? "unknown" : s.bucket_arn) << "\n"
      << "  prefix:       " << (s.record ? "'" + s.record->prefix + "'" : "unknown") << "\n"
      << "  assets:       " << s.processes << " Process, " << s.column_processes
      << " ColumnProcess, " << s.objects << " S3Object" << (s.record ? "" : " (its processes')")
      << "\n"
      << "  last changed: " << Iso8601(s.newest_ms) << "\n";
}

}  // namespace

void PrintScopes(std::ostream& out, const std::vector<lineage::ScopeSummary>& scopes,
                 const std::map<std::string, std::string>& routes) {
  if (scopes.empty()) {
    out << "No delta-arc scope in the tenant.\n";
    return;
  }
  for (const auto& s : scopes) PrintScope(out, s, routes);
  if (std::ranges::any_of(scopes, [](const auto& s) { return !s.record; })) {
    out << "A prefix is unknown for assets an earlier version wrote; a sync that writes them "
           "records it.\n";
  }
  out << "Retire one with `delta-arc retire --scope <scope>` (a plan), then with --apply.\n";
}

void PrintRetire(std::ostream& out, const lineage::RetireReport& r) {
  if (!r.found) {
    out << "Nothing to retire: no ACTIVE process of scope " << r.scope
        << " (retired already, or not a scope `delta-arc scopes` lists).\n";
    return;
  }
  PrintScope(out, *r.found);
  out << (r.applied ? "Archived " : "Would archive ") << r.archives.size() << " asset(s):\n";
  for (const auto& a : r.archives) {
    out << "  " << std::left << std::setw(14) << lineage::TypeName(a.type) << a.qualified_name
        << "\n";
  }
  if (r.kept_objects > 0) {
    out << "Kept " << r.kept_objects << " object(s) under its prefix that another scope covers.\n";
  }
  if (!r.applied)
    out << "Run `delta-arc retire --scope " << r.scope << " --apply` to archive them.\n";
}

void PrintTagTrace(std::ostream& out, const std::vector<lineage::TagTrace>& traces,
                   const std::string& target_connector) {
  if (traces.empty()) return;
  const std::string target = lineage::ConnectorDisplayName(target_connector);
  out << "\nTagged columns (the files that carry them, and the " << target
      << " column they reach):\n";
  for (const auto& t : traces) {
    out << "  " << t.tag << "  " << t.source_column << "  →  " << t.carriers
        << (t.carriers == 1 ? " file" : " files");
    for (size_t i = 0; i < t.carried_by.size(); ++i)
      out << (i == 0 ? " (" : ", ") << t.carried_by[i];
    if (static_cast<size_t>(t.carriers) > t.carried_by.size()) out << ", …";
    out << (t.carried_by.empty() ? "" : ")") << "  →  ";
    switch (t.status) {
      case lineage::TraceStatus::kHeld:
        out << t.target_column << "  (tagged)";
        break;
      case lineage::TraceStatus::kGap:
        out << t.target_column << "  (NOT TAGGED: a governance gap)";
        break;
      case lineage::TraceStatus::kPending:
        out << t.target_column << "  (lineage new: Atlan has yet to propagate)";
        break;
      case lineage::TraceStatus::kNoTargetColumn:
        out << "(no " << target << " column)";
        break;
    }
    out << "\n";
  }
}

void PrintRunSummary(std::ostream& out, const lineage::RunReport& r, bool verbose) {
  out << (r.applied ? "delta-arc sync" : "delta-arc plan (read-only)") << "\n";
  // Both catalogs come from the discovery cache or neither does (catalog_loader.h).
  const char* cached = r.cache_hit ? "  (from cache)" : "";
  const std::string source = lineage::ConnectorDisplayName(r.source_connector);
  const std::string target = lineage::ConnectorDisplayName(r.target_connector);
  out << Label(source + " assets:") << r.source_assets << cached << "\n";
  out << Label(target + " assets:") << r.target_assets << cached << "\n";
  out << Label("S3 objects:") << r.s3_objects << "\n";
  out << Label("S3 connection:") << r.s3_connection_qn
      << (r.plan.create_connection ? "  (new)" : "") << "\n";

  out << "\nObjects:\n";
  size_t shown = 0;
  for (const auto& o : r.objects) {
    if (!verbose && ++shown > 100) {
      out << "  … and " << r.objects.size() - 100 << " more (--verbose lists all)\n";
      break;
    }
    out << "  " << o.key << "  →  ";
    if (!o.reason.empty()) {
      out << "(none: " << o.reason << ")\n";
      continue;
    }
    out << (o.source_table.empty() ? "(no " + source + " table)" : o.source_table) << "  →  "
        << (o.target_table.empty() ? "(no " + target + " table)" : o.target_table);
    for (size_t i = 0; i < o.tags.size(); ++i) out << (i == 0 ? "  tags: " : ", ") << o.tags[i];
    out << "\n";
  }
  PrintTagTrace(out, r.tag_trace, r.target_connector);
  if (!r.unpartnered.empty()) {
    out << "\nTables without a partner:\n";
    for (const auto& u : r.unpartnered) {
      out << "  " << u.connection << "  " << u.qualified_name << "  (" << u.reason << ")\n";
    }
  }
  out << "\n" << (r.applied ? "Changes" : "Changes it would make") << ":\n";
  out << "  " << std::left << std::setw(15) << "" << std::right << std::setw(8) << "create"
      << std::setw(8) << "update" << std::setw(9) << "archive"
      << "\n";
  for (const auto& info : lineage::AssetTypes()) {
    const lineage::AssetType type = info.type;
    out << "  " << std::left << std::setw(15) << info.type_name << std::right << std::setw(8)
        << r.PlannedCreates(type) << std::setw(8) << r.PlannedUpdates(type) << std::setw(9)
        << r.PlannedArchives(type) << "\n";
  }
  if (verbose) {
    std::vector<lineage::PlannedChange> creates, updates;
    for (size_t i = 0; i < r.plan.writes.size(); ++i) {
      (r.plan.writes[i].create ? creates : updates).push_back(r.plan.Describe(i));
    }
    PrintChanges(out, r.applied ? "Created" : "Would create", creates, true);
    PrintChanges(out, r.applied ? "Updated" : "Would update", updates, true);
  }
  // Archives are listed even when brief: they are what a user most wants to check.
  PrintChanges(out, r.applied ? "Archived" : "Would archive", r.plan.archives, verbose);
  out << "\nSummary: " << r.plan.CountWrites(true) << " to create, " << r.plan.CountWrites(false)
      << " to update, " << r.plan.archives.size() << " to archive, " << r.plan.unchanged
      << " unchanged";
  if (r.applied) {
    out << "; Atlan reported " << r.created << " created, " << r.updated << " updated, "
        << r.archived << " archived";
    if (!r.complete) out << " (stopped early; the next run completes it)";
  }
  out << "\n  " << r.atlan.requests << " Atlan requests (" << r.atlan.retries << " retries), "
      << r.duration_ms << " ms\n";
}

void PrintCacheStatus(std::ostream& out, const std::vector<lineage::CacheEntryStatus>& entries,
                      double expiry_hours, int64_t now_ms) {
  for (const auto& e : entries) {
    out << e.entry << ": " << e.location << "\n";
    if (!e.present) {
      out << "  " << (e.problem.empty() ? "empty" : e.problem) << "\n";
      continue;
    }
    if (!e.valid) {
      out << "  " << e.problem << " (will be rebuilt on the next run)\n";
      continue;
    }
    const double age_hours = static_cast<double>(now_ms - e.written_at) / 3.6e6;
    out << "  connection " << e.connection_name << ", " << e.tables << " tables, " << e.columns
        << " columns\n  written " << std::fixed << std::setprecision(1) << age_hours << " h ago, "
        << (age_hours < expiry_hours ? "fresh" : "expired") << " (expiry " << expiry_hours
        << " h)\n";
  }
}

nlohmann::json ArchivesJson(const std::vector<lineage::PlannedChange>& archives) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : archives) {
    list.push_back({{"typeName", lineage::TypeName(a.type)}, {"qualifiedName", a.qualified_name}});
  }
  return list;
}

}  // namespace delta_arc::cli
