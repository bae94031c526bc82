// The delta-arc command line; see command_line.h.
#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "app/runtime.h"
#include "cli/atomic_file.h"
#include "cli/cli_output.h"
#include "cli/html_report.h"
#include "cli/invoke_command.h"
#include "common/json_text.h"
#include "lineage/backup.h"
#include "lineage/connector_names.h"
#include "lineage/discovery_cache.h"
#include "lineage/header_cache.h"
#include "lineage/owned_snapshot.h"
#include "lineage/pipeline.h"
#include "lineage/repair.h"
#include "lineage/scopes.h"
#include "lineage/settings.h"

namespace delta_arc::cli {

namespace {

constexpr const char* kVersion = "0.1.0";

// Flags that override a configuration variable, by the variable's name.
struct FlagValues {
  std::map<std::string, std::string> values;
  std::string env_file;
  bool force_refresh = false;
  bool allow_mass_archive = false;
  bool json = false;
  bool verbose = false;
  std::string html;   // sync/plan --html FILE: the report's path
  std::string route;  // --route NAME: one route of ROUTES_FILE ("": every route)
};

// An option per setting that settings.h gives a flag, overriding that setting.
void AddConfigFlags(CLI::App* cmd, FlagValues& flags) {
  for (const lineage::Setting& setting : lineage::kSettings) {
    if (setting.flag.empty()) continue;
    const std::string name(setting.name);
    cmd->add_option_function<std::string>(
        std::string(setting.flag), [&flags, name](const std::string& v) { flags.values[name] = v; },
        "Overrides " + name + ": " + std::string(setting.help));
  }
  cmd->add_option("--env-file", flags.env_file,
                  "Read settings from this .env file (default ./.env)");
  cmd->add_option("--route", flags.route, "Only this route of ROUTES_FILE");
}

// Where the HTML report of `route` goes: `path` itself for a configuration of one route,
// else the route's name before its extension (report.html → report-sales.html).
std::string ReportPathFor(const std::string& path, const std::string& route) {
  if (route.empty()) return path;
  const std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + "-" + route + p.extension().string())).string();
}

// The commands, each on the context it was called with and the flags parsed.
class Commands {
 public:
  Commands(CommandContext& context, const FlagValues& flags) : context_(context), flags_(flags) {}

  lineage::ConfigSources Sources() {
    lineage::ConfigSources sources;
    sources.environment = context_.environment;
    sources.dotenv_path = flags_.env_file.empty() ? ".env" : flags_.env_file;
    sources.dotenv_required = !flags_.env_file.empty();
    sources.flags = flags_.values;
    return sources;
  }

  Logger MakeLogger(const lineage::Config& config) {
    return Logger(
        config.log_level, config.log_format == lineage::LogFormat::kJson,
        [this](const std::string& line) { context_.err << line << std::endl; },
        [this] { return context_.env.NowMillis(); });
  }

  // The routes the command runs: every route of the configuration, or the one --route names.
  Result<std::vector<lineage::Route>> Routes(const lineage::ConfigSources& sources,
                                             lineage::ConfigPurpose purpose) {
    auto routes = lineage::LoadRoutes(sources, purpose);
    if (!routes) return routes;
    return lineage::PickRoutes(std::move(*routes), flags_.route);
  }

  // Runs `command` on the clients a validated configuration makes; a configuration or
  // set-up error is reported here and is the exit code. `one_route`: the command works on
  // one route, which --route names when the configuration has several.
  int WithRuntime(lineage::ConfigPurpose purpose,
                  const std::function<int(app::Runtime&, Logger&)>& command,
                  bool one_route = false) {
    const lineage::ConfigSources sources = Sources();
    auto routes = Routes(sources, purpose);
    if (!routes) {
      context_.err << "delta-arc: configuration error:\n" << routes.error().message << "\n";
      return kExitUsage;
    }
    if (one_route && routes->size() > 1) {
      context_.err << "delta-arc: configuration error:\n--route: this command works on one "
                      "route; name one of "
                   << lineage::RouteNames(*routes) << "\n";
      return kExitUsage;
    }
    Logger log = MakeLogger(routes->front().config);
    auto runtime = app::BuildRuntime(std::move(*routes), sources.environment, log, context_.env);
    if (!runtime) {
      context_.err << "delta-arc: " << log.Redact(runtime.error().message) << "\n";
      return runtime.error().kind == ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
    }
    return command(*runtime, log);
  }

  static lineage::PipelineDeps DepsOf(app::Runtime& runtime, app::RouteRuntime& route, Logger& log,
                                      Env& env) {
    lineage::PipelineDeps deps{*runtime.atlan, *route.bucket, *route.cache, log, env};
    deps.listing = route.listing.get();
    return deps;
  }

  int Failed(Logger& log, const Error& error, const std::string& route = "") {
    context_.err << "delta-arc: " << (route.empty() ? "" : "route " + route + ": ")
                 << log.Redact(error.message) << "\n";
    return error.kind == ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
  }

  // Writes the run's HTML report (see cli/html_report.h) to `path`, whole or not at all.
  int WriteReport(const std::string& path, const lineage::RunReport& report,
                  const lineage::Config& config, Logger& log) {
    auto file = AtomicFile::Create(path);
    if (!file) return Failed(log, file.error());
    WriteHtmlReport(file->stream(), report,
                    {.atlan_url = config.atlan_base_url,
                     .bucket = config.s3_bucket_name,
                     .prefix = config.s3_prefix,
                     .generated_at_ms = context_.env.NowMillis(),
                     .max_changes_listed = 1000,
                     .redact = [&log](std::string text) { return log.Redact(std::move(text)); }});
    if (auto written = file->Commit(); !written) return Failed(log, written.error());
    context_.err << "wrote the HTML report to " << path << "\n";
    return 0;
  }

  // What a run prints: its report, or (`trace`) only where the tagged columns go.
  enum class Show : uint8_t { kReport, kTagTrace };

  int Pipeline(bool apply, Show show = Show::kReport) {
    // A report's path that cannot be written is a usage error before any request; its file
    // is made only when the run is done, so a run that fails or is stopped leaves nothing.
    if (!flags_.html.empty()) {
      if (auto writable = AtomicFile::CheckWritable(flags_.html); !writable) {
        context_.err << "delta-arc: --html: " << writable.error().message << "\n";
        return kExitUsage;
      }
    }
    const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
    return WithRuntime(
        purpose,
        [&](app::Runtime& runtime, Logger& log) {
          // Several routes: each runs whatever the others did (one failing loses none of the
          // others' lineage), and the exit code is the worst.
          const bool named = !runtime.routes.front().name.empty();
          // JSON of routes: each route's report (or error) under its name.
          const bool keyed = named && flags_.json && show == Show::kReport;
          if (keyed) context_.out << "{\"routes\": [";
          int exit_code = 0;
          for (auto& route : runtime.routes) {
            if (named) log.SetField("route", route.name);
            if (keyed) {
              context_.out << (&route == &runtime.routes.front() ? "\n" : ",\n")
                           << "{\"route\": " << nlohmann::json(route.name).dump() << ", ";
            }
            exit_code = std::max(exit_code, RunRoute(runtime, route, apply, show, keyed, log));
            if (keyed) context_.out << "}";
          }
          if (named) log.ClearField("route");
          if (keyed) context_.out << "\n]}\n";
          return exit_code;
        },
        // The trace follows one route's tagged columns.
        show == Show::kTagTrace);
  }

  // One route's run and what it prints. `keyed`: the report (or the error) is the value of
  // the route's "report" (or "error") key.
  int RunRoute(app::Runtime& runtime, app::RouteRuntime& route, bool apply, Show show, bool keyed,
               Logger& log) {
    if (flags_.force_refresh) route.config.force_refresh = true;
    if (flags_.allow_mass_archive) route.config.allow_mass_archive = true;
    lineage::PipelineDeps deps = DepsOf(runtime, route, log, context_.env);
    // A person at a terminal sees a live line; a pipe or a file gets a log line now and then.
    const bool live = context_.err_is_terminal &&
                      route.config.log_format != lineage::LogFormat::kJson &&
                      route.config.log_level <= LogLevel::kInfo;
    Progress progress(log, live ? &context_.err : nullptr,
                      [this] { return context_.env.NowMillis(); });
    deps.progress = &progress;
    const bool named = !route.name.empty();
    auto report = lineage::RunPipeline(route.config, route.mapping, deps, apply);
    if (!report) {
      log.Error(apply ? "sync failed" : "plan failed", {{"error", report.error().message}});
      if (keyed) {
        context_.out << "\"error\": " << nlohmann::json(log.Redact(report.error().message)).dump();
      }
      // A setting Atlan shows to be wrong (a connection of another connector, an
      // ambiguous name) is a configuration error like any other.
      return Failed(log, report.error(), route.name);
    }
    if (named && !flags_.json)
      context_.out << (&route == &runtime.routes.front() ? "" : "\n") << "Route " << route.name
                   << ":\n";
    if (show == Show::kTagTrace) {
      PrintTrace(*report, route.config, log);
      return 0;
    }
    if (flags_.json) {
      // Streamed: the details of a large plan never sit in memory as one string. They
      // hold names and keys only, never a secret.
      if (keyed) context_.out << "\"report\": ";
      report->WriteDetailedJson(context_.out);
    } else {
      std::ostringstream text;
      PrintRunSummary(text, *report, flags_.verbose);
      context_.out << log.Redact(text.str());
    }
    return flags_.html.empty()
               ? 0
               : WriteReport(ReportPathFor(flags_.html, route.name), *report, route.config, log);
  }

  void PrintTrace(const lineage::RunReport& report, const lineage::Config& config, Logger& log) {
    if (flags_.json) {
      nlohmann::json traces = nlohmann::json::array();
      for (const auto& trace : report.tag_trace) traces.push_back(trace.ToJson());
      context_.out << JsonText(traces, 2) << "\n";
      return;
    }
    if (report.tag_trace.empty()) {
      context_.out << (config.s3_tags
                           ? "No linked " + lineage::ConnectorDisplayName(report.source_connector) +
                                 " column has a tag.\n"
                           : "Tags are off (S3_TAGS=false): nothing is traced.\n");
      return;
    }
    std::ostringstream text;
    PrintTagTrace(text, report.tag_trace, report.target_connector);
    context_.out << log.Redact(text.str().substr(1));  // without the section's blank line
  }

  int PrintRepair(const lineage::Config& config,
                  const delta_arc::Result<lineage::RepairReport>& report, bool apply, Logger& log) {
    if (!report) return Failed(log, report.error());
    if (flags_.json) {
      context_.out << JsonText(nlohmann::json{{"applied", report->applied},
                                              {"kept", report->kept},
                                              {"archives", ArchivesJson(report->archives)},
                                              {"archived", report->archived},
                                              {"left_in_place", report->kept_because_not_empty}},
                               2)
                   << "\n";
      return 0;
    }
    if (report->archives.empty() && report->kept_because_not_empty.empty()) {
      context_.out << "Nothing to repair: one S3 connection is named '" << config.s3_connection_name
                   << "'.\n";
      return 0;
    }
    context_.out << "Keeping " << report->kept << ".\n"
                 << (apply ? "Archived " : "Would archive ") << report->archives.size()
                 << " asset(s) under the other connections of that name:\n";
    for (const auto& a : report->archives) {
      context_.out << "  " << lineage::TypeName(a.type) << "  " << a.qualified_name << "\n";
    }
    for (const auto& c : report->kept_because_not_empty) {
      context_.out << "Left in place (it holds assets delta-arc did not write): " << c << "\n";
    }
    if (!apply) context_.out << "Run `delta-arc repair --apply` to archive them.\n";
    return 0;
  }

  // `delta-arc repair`: archives delta-arc's assets under the S3 connections of the configured
  // name that runs do not use (see lineage/repair.h); only says what it would do without --apply.
  int Repair(bool apply) {
    const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
    return WithRuntime(
        purpose,
        [&](app::Runtime& runtime, Logger& log) {
          const lineage::Config& config = runtime.routes.front().config;
          return PrintRepair(
              config,
              lineage::RepairDuplicateConnections(*runtime.atlan, config, log, context_.env, apply),
              apply, log);
        },
        true);
  }

  // `delta-arc scopes`: every delta-arc scope in the tenant, read from Atlan (lineage/scopes.h).
  int Scopes() {
    return WithRuntime(lineage::ConfigPurpose::kPlan, [&](auto& runtime, Logger& log) {
      auto scopes = lineage::ListScopes(*runtime.atlan, runtime.config().atlan_page_size);
      if (!scopes) return Failed(log, scopes.error());
      // With ROUTES_FILE: which route each scope is.
      std::map<std::string, std::string> routes;
      for (const auto& route : runtime.routes) {
        if (route.name.empty()) continue;
        routes[lineage::ScopeId(route.config.s3_bucket_arn, route.config.s3_prefix)] = route.name;
      }
      if (flags_.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : *scopes) {
          out.push_back(s.ToJson());
          if (routes.empty()) continue;
          const auto route = routes.find(s.id);
          out.back()["route"] =
              route == routes.end() ? nlohmann::json() : nlohmann::json(route->second);
        }
        context_.out << JsonText(out, 2) << "\n";
        return 0;
      }
      std::ostringstream text;
      PrintScopes(text, *scopes, routes);
      context_.out << log.Redact(text.str());
      return 0;
    });
  }

  // `delta-arc retire --scope ID`: archives one scope's assets (lineage/scopes.h); only says
  // what it would archive without --apply.
  int Retire(const std::string& scope, bool apply) {
    const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
    return WithRuntime(purpose, [&](auto& runtime, Logger& log) {
      auto report = lineage::RetireScope(*runtime.atlan, scope, runtime.config().atlan_page_size,
                                         runtime.config().atlan_batch_size, log, apply);
      if (!report) return Failed(log, report.error());
      if (flags_.json) {
        context_.out << JsonText(nlohmann::json{{"applied", report->applied},
                                                {"scope", report->found ? report->found->ToJson()
                                                                        : nlohmann::json(nullptr)},
                                                {"archives", ArchivesJson(report->archives)},
                                                {"kept_objects", report->kept_objects},
                                                {"archived", report->archived}},
                                 2)
                     << "\n";
        return 0;
      }
      std::ostringstream text;
      PrintRetire(text, *report);
      context_.out << log.Redact(text.str());
      return 0;
    });
  }

  // `delta-arc export`: JSON lines on stdout, or into FILE (written beside it, then renamed,
  // so a failed export never leaves half a backup where the last good one was).
  int Export(const std::string& scope, const std::string& output) {
    const auto which =
        scope == "configured" ? lineage::ExportScope::kConfigured : lineage::ExportScope::kAll;
    return WithRuntime(
        lineage::ConfigPurpose::kSync,
        [&](app::Runtime& runtime, Logger& log) {
          app::RouteRuntime& route = runtime.routes.front();
          lineage::PipelineDeps deps = DepsOf(runtime, route, log, context_.env);
          if (output.empty()) {
            auto report = lineage::ExportAssets(route.config, deps, which, context_.out);
            return report ? 0 : Failed(log, report.error());
          }
          const std::string partial = output + ".partial";
          std::ofstream file(partial, std::ios::binary | std::ios::trunc);
          if (!file) {
            context_.err << "delta-arc: cannot write " << partial << "\n";
            return kExitFailure;
          }
          auto report = lineage::ExportAssets(route.config, deps, which, file);
          file.close();
          std::error_code ec;
          if (!report || !file) {
            std::filesystem::remove(partial, ec);
            return report ? kExitFailure : Failed(log, report.error());
          }
          std::filesystem::rename(partial, output, ec);
          if (ec) {
            context_.err << "delta-arc: cannot write " << output << ": " << ec.message() << "\n";
            return kExitFailure;
          }
          context_.err << "exported " << report->assets << " assets of " << report->connection
                       << " to " << output << "\n";
          return 0;
        },
        true);
  }

  int Restore(const std::string& input) {
    return WithRuntime(
        lineage::ConfigPurpose::kSync,
        [&](app::Runtime& runtime, Logger& log) {
          app::RouteRuntime& route = runtime.routes.front();
          std::ifstream file(input, std::ios::binary);
          if (!file) {
            context_.err << "delta-arc: cannot read " << input << "\n";
            return kExitUsage;
          }
          lineage::PipelineDeps deps = DepsOf(runtime, route, log, context_.env);
          auto report = lineage::RestoreAssets(route.config, deps, file, input);
          if (!report) return Failed(log, report.error());
          context_.out << "restored " << report->assets << " assets from " << input << " ("
                       << report->created << " created, " << report->updated << " updated, "
                       << report->unchanged << " unchanged: held as the file has them)\n";
          return 0;
        },
        true);
  }

  // `cache status` / `cache clear`: each route's cache (routes keep theirs apart).
  int Cache(bool clear) {
    const lineage::ConfigSources sources = Sources();
    auto routes = Routes(sources, lineage::ConfigPurpose::kCache);
    if (!routes) {
      context_.err << "delta-arc: configuration error:\n" << routes.error().message << "\n";
      return kExitUsage;
    }
    const lineage::Config& deployment = routes->front().config;
    Logger log = MakeLogger(deployment);
    std::unique_ptr<app::AwsServices> aws;
    if (!deployment.cache_s3_bucket.empty()) {
      auto services = app::MakeAwsServices(deployment, sources.environment, log, context_.env);
      if (!services) {
        context_.err << "delta-arc: " << services.error().message << "\n";
        return kExitFailure;
      }
      aws = std::move(*services);
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& route : *routes) {
      auto store = app::MakeCacheStore(route.config, aws.get());
      const auto named = [&](nlohmann::json entry) {
        if (!route.name.empty()) entry["route"] = route.name;
        return entry;
      };
      if (!route.name.empty() && !flags_.json) context_.out << "Route " << route.name << ":\n";
      if (clear) {
        for (const char* entry : {"postgres", "snowflake", lineage::HeaderCache::kEntry,
                                  lineage::OwnedSnapshot::kEntry}) {
          const bool present = lineage::DescribeCacheEntry(*store, entry).present;
          if (auto s = store->Remove(entry); !s) {
            context_.err << "delta-arc: " << s.error().message << "\n";
            return kExitFailure;
          }
          const std::string location = store->Describe(entry);
          out.push_back(named({{"entry", entry}, {"location", location}, {"removed", present}}));
          if (!flags_.json)
            context_.out << (present ? "cleared " : "nothing to clear at ") << location << "\n";
        }
        continue;
      }
      std::vector<lineage::CacheEntryStatus> entries;
      for (const char* entry : {"postgres", "snowflake"}) {
        entries.push_back(lineage::DescribeCacheEntry(*store, entry));
      }
      for (const auto& e : entries) {
        out.push_back(named({{"entry", e.entry},
                             {"location", e.location},
                             {"present", e.present},
                             {"valid", e.valid},
                             {"connectionName", e.connection_name},
                             {"writtenAt", e.written_at},
                             {"tables", e.tables},
                             {"columns", e.columns},
                             {"problem", e.problem}}));
      }
      if (!flags_.json) {
        PrintCacheStatus(context_.out, entries, route.config.cache_expiry_hours,
                         context_.env.NowMillis());
      }
    }
    if (flags_.json) context_.out << JsonText(out, 2) << "\n";
    return 0;
  }

 private:
  CommandContext& context_;
  const FlagValues& flags_;
};

// The number of single-character edits from `a` to `b` (Levenshtein).
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// CLI11 answers an unknown command only with "A subcommand is required": name it, and
// the command it is nearest to when that is a slip of a letter or two.
std::optional<std::string> UnknownCommand(const CLI::App& app, const std::string& word) {
  if (word.empty() || word[0] == '-') return std::nullopt;
  std::string nearest;
  std::string names;
  size_t best = 3;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) return std::nullopt;
    names += (names.empty() ? "" : ", ") + sub->get_name();
    if (const size_t d = EditDistance(word, sub->get_name()); d < best) {
      best = d;
      nearest = sub->get_name();
    }
  }
  std::string message = "unknown command '" + word + "'";
  if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
  return message + " Commands: " + names + " (delta-arc --help)";
}

}  // namespace

int RunCommandLine(const std::vector<std::string>& args, CommandContext& context) {
  CLI::App app{
      "delta-arc: puts an S3 bucket into Atlan's lineage, Postgres → S3 → Snowflake (or any SQL "
      "connectors)"};
  app.require_subcommand(1);
  FlagValues flags;

  auto* sync = app.add_subcommand("sync", "Register the bucket and write lineage into Atlan");
  auto* plan = app.add_subcommand("plan", "Show what sync would do, without writing anything");
  for (auto* cmd : {sync, plan}) {
    AddConfigFlags(cmd, flags);
    cmd->add_flag("--force-refresh", flags.force_refresh,
                  "Ignore the caches (discovery, CSV headers, the scope's snapshot); sync "
                  "rewrites them");
    cmd->add_flag("--allow-mass-archive", flags.allow_mass_archive,
                  "Archive even more than ARCHIVE_GUARD_PERCENT of the scope");
    cmd->add_flag("--json", flags.json, "Print the result as JSON");
    cmd->add_flag("--verbose", flags.verbose, "List every object and change");
    cmd->add_option("--html", flags.html,
                    "Also write the lineage as one self-contained HTML page into this file");
  }
  auto* trace = app.add_subcommand(
      "trace",
      "Show where each tagged source column goes: the files that carry it and the "
      "target column it reaches, tagged or not (read-only)");
  AddConfigFlags(trace, flags);
  trace->add_flag("--json", flags.json, "Print the result as JSON");
  trace->add_flag("--force-refresh", flags.force_refresh, "Ignore the caches");
  auto* cache = app.add_subcommand("cache", "Inspect or clear the discovery cache");
  cache->require_subcommand(1);
  auto* cache_status = cache->add_subcommand("status", "Show what the cache holds");
  auto* cache_clear = cache->add_subcommand("clear", "Delete the cache");
  for (auto* cmd : {cache_status, cache_clear}) {
    AddConfigFlags(cmd, flags);
    cmd->add_flag("--json", flags.json, "Print the result as JSON");
  }
  bool apply_repair = false;
  auto* repair = app.add_subcommand(
      "repair", "Archive delta-arc's assets under duplicate S3 connections of the configured name");
  AddConfigFlags(repair, flags);
  repair->add_flag("--apply", apply_repair, "Archive them (without it: only show what)");
  repair->add_flag("--json", flags.json, "Print the result as JSON");
  auto* scopes = app.add_subcommand(
      "scopes", "List every delta-arc scope (deployment: bucket ARN + prefix) in the tenant");
  AddConfigFlags(scopes, flags);
  scopes->add_flag("--json", flags.json, "Print the result as JSON");
  std::string retire_scope;
  bool apply_retire = false;
  auto* retire = app.add_subcommand(
      "retire", "Archive one scope's processes and the objects no other scope covers");
  AddConfigFlags(retire, flags);
  retire->add_option("--scope", retire_scope, "The scope's id, as `delta-arc scopes` lists it")
      ->required();
  retire->add_flag("--apply", apply_retire, "Archive them (without it: only show what)");
  retire->add_flag("--json", flags.json, "Print the result as JSON");
  std::string export_scope = "all";
  std::string export_output;
  auto* export_cmd = app.add_subcommand(
      "export", "Write every asset delta-arc owns in Atlan as JSON lines (a backup)");
  AddConfigFlags(export_cmd, flags);
  export_cmd->add_option("--scope", export_scope, "all (every prefix) or configured")
      ->check(CLI::IsMember({"all", "configured"}));
  export_cmd->add_option("--output", export_output, "Write into this file (default: stdout)");
  std::string restore_input;
  auto* restore = app.add_subcommand(
      "restore", "Bring back (or create again) the assets of an export; safe to repeat");
  AddConfigFlags(restore, flags);
  restore->add_option("file", restore_input, "The export's JSON lines")->required();
  auto* version = app.add_subcommand("version", "Print the version");
  std::string event_file;
  auto* invoke = app.add_subcommand("invoke", "Run the Lambda handler on one event, in-process");
  invoke->add_option("--event", event_file, "The event JSON file ('-': stdin)")->required();
  invoke->add_option("--env-file", flags.env_file, "Read settings from this .env file");
  auto* lambda = app.add_subcommand("lambda", "Run the Lambda custom runtime loop");

  if (!args.empty()) {
    if (auto unknown = UnknownCommand(app, args[0])) {
      context.err << "delta-arc: " << *unknown << "\n";
      return kExitUsage;
    }
  }
  try {
    // CLI11 takes the arguments last first.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, context.out, context.err);
    return code == 0 ? 0 : kExitUsage;
  }
  Commands commands(context, flags);
  if (version->parsed()) {
    context.out << "delta-arc " << kVersion << "\n";
    return 0;
  }
  if (invoke->parsed()) return RunInvokeCommand(event_file, flags.env_file, context);
  if (lambda->parsed()) return RunLambdaRuntime(context);
  if (sync->parsed()) return commands.Pipeline(true);
  if (plan->parsed()) return commands.Pipeline(false);
  if (trace->parsed()) return commands.Pipeline(false, Commands::Show::kTagTrace);
  if (repair->parsed()) return commands.Repair(apply_repair);
  if (scopes->parsed()) return commands.Scopes();
  if (retire->parsed()) return commands.Retire(retire_scope, apply_retire);
  if (export_cmd->parsed()) return commands.Export(export_scope, export_output);
  if (restore->parsed()) return commands.Restore(restore_input);
  if (cache_status->parsed()) return commands.Cache(false);
  if (cache_clear->parsed()) return commands.Cache(true);
  return kExitUsage;
}

}  // namespace delta_arc::cli
