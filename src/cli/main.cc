// delta-arc: registers an S3 bucket in Atlan and writes Postgres → S3 →
// Snowflake lineage.
//   delta-arc sync | plan | scopes | retire | repair | export | restore | cache status |
//   cache clear | invoke | lambda | version
// Exit codes: 0 success, 1 failure, 2 usage or configuration error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "app/runtime.h"
#include "app/system_env.h"
#include "cli/atomic_file.h"
#include "cli/cli_output.h"
#include "cli/html_report.h"
#include "cli/invoke_command.h"
#include "common/clock.h"
#include "common/json_text.h"
#include "lineage/backup.h"
#include "lineage/discovery_cache.h"
#include "lineage/header_cache.h"
#include "lineage/owned_snapshot.h"
#include "lineage/pipeline.h"
#include "lineage/repair.h"
#include "lineage/scopes.h"
#include "lineage/settings.h"

namespace {

using delta_arc::JsonText;
using delta_arc::Logger;
using delta_arc::NowMillis;
namespace lineage = delta_arc::lineage;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr const char* kVersion = "0.1.0";

// Flags that override a configuration variable, by the variable's name.
struct FlagValues {
  std::map<std::string, std::string> values;
  std::string env_file;
  bool force_refresh = false;
  bool allow_mass_archive = false;
  bool json = false;
  bool verbose = false;
  std::string html;  // sync/plan --html FILE: the report's path
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
}

lineage::ConfigSources Sources(const FlagValues& flags) {
  lineage::ConfigSources sources;
  sources.environment = delta_arc::app::ProcessEnvironment();
  sources.dotenv_path = flags.env_file.empty() ? ".env" : flags.env_file;
  sources.dotenv_required = !flags.env_file.empty();
  sources.flags = flags.values;
  return sources;
}

Logger MakeLogger(const lineage::Config& config) {
  return Logger(config.log_level, config.log_format == lineage::LogFormat::kJson, {},
                [] { return delta_arc::app::SystemEnv().NowMillis(); });
}

// Runs `command` on the clients a validated configuration makes; a configuration or
// set-up error is reported here and is the exit code.
int WithRuntime(const FlagValues& flags, lineage::ConfigPurpose purpose,
                const std::function<int(delta_arc::app::Runtime&, Logger&)>& command) {
  const lineage::ConfigSources sources = Sources(flags);
  auto config = lineage::LoadConfig(sources, purpose);
  if (!config) {
    std::cerr << "delta-arc: configuration error:\n" << config.error().message << "\n";
    return kExitUsage;
  }
  Logger log = MakeLogger(*config);
  auto runtime =
      delta_arc::app::BuildRuntime(*config, sources.environment, log, delta_arc::app::SystemEnv());
  if (!runtime) {
    std::cerr << "delta-arc: " << log.Redact(runtime.error().message) << "\n";
    return runtime.error().kind == delta_arc::ErrorKind::kInvalidArgument ? kExitUsage
                                                                          : kExitFailure;
  }
  return command(*runtime, log);
}

int Failed(Logger& log, const delta_arc::Error& error) {
  std::cerr << "delta-arc: " << log.Redact(error.message) << "\n";
  return error.kind == delta_arc::ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
}

// Writes the run's HTML report (see cli/html_report.h) to `path`, whole or not at all.
int WriteReport(const std::string& path, const lineage::RunReport& report,
                const lineage::Config& config, Logger& log) {
  auto file = delta_arc::cli::AtomicFile::Create(path);
  if (!file) return Failed(log, file.error());
  delta_arc::cli::WriteHtmlReport(
      file->stream(), report,
      {.atlan_url = config.atlan_base_url,
       .bucket = config.s3_bucket_name,
       .prefix = config.s3_prefix,
       .generated_at_ms = NowMillis(),
       .max_changes_listed = 1000,
       .redact = [&log](std::string text) { return log.Redact(std::move(text)); }});
  if (auto written = file->Commit(); !written) return Failed(log, written.error());
  std::cerr << "wrote the HTML report to " << path << "\n";
  return 0;
}

int RunPipelineCommand(const FlagValues& flags, bool apply) {
  // A report's path that cannot be written is a usage error before any request; its file
  // is made only when the run is done, so a run that fails or is stopped leaves nothing.
  if (!flags.html.empty()) {
    if (auto writable = delta_arc::cli::AtomicFile::CheckWritable(flags.html); !writable) {
      std::cerr << "delta-arc: --html: " << writable.error().message << "\n";
      return kExitUsage;
    }
  }
  const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
  return WithRuntime(flags, purpose, [&](auto& runtime, Logger& log) {
    if (flags.force_refresh) runtime.config.force_refresh = true;
    if (flags.allow_mass_archive) runtime.config.allow_mass_archive = true;
    lineage::PipelineDeps deps{*runtime.atlan, *runtime.bucket, *runtime.cache, log,
                               delta_arc::app::SystemEnv()};
    deps.listing = runtime.listing.get();
    // A person at a terminal sees a live line; a pipe or a file gets a log line now and then.
    const bool live = isatty(STDERR_FILENO) == 1 &&
                      runtime.config.log_format != lineage::LogFormat::kJson &&
                      runtime.config.log_level <= delta_arc::LogLevel::kInfo;
    delta_arc::Progress progress(log, live ? &std::cerr : nullptr, delta_arc::NowMillis);
    deps.progress = &progress;
    auto report = lineage::RunPipeline(runtime.config, runtime.mapping, deps, apply);
    if (!report) {
      log.Error(apply ? "sync failed" : "plan failed", {{"error", report.error().message}});
      // A setting Atlan shows to be wrong (a connection of another connector, an
      // ambiguous name) is a configuration error like any other.
      return Failed(log, report.error());
    }
    if (flags.json) {
      // Streamed: the details of a large plan never sit in memory as one string. They
      // hold names and keys only, never a secret.
      report->WriteDetailedJson(std::cout);
    } else {
      std::ostringstream text;
      delta_arc::cli::PrintRunSummary(text, *report, flags.verbose);
      std::cout << log.Redact(text.str());
    }
    return flags.html.empty() ? 0 : WriteReport(flags.html, *report, runtime.config, log);
  });
}

int PrintRepair(const FlagValues& flags, const lineage::Config& config,
                const delta_arc::Result<lineage::RepairReport>& report, bool apply, Logger& log) {
  if (!report) return Failed(log, report.error());
  if (flags.json) {
    std::cout << JsonText(
                     nlohmann::json{{"applied", report->applied},
                                    {"kept", report->kept},
                                    {"archives", delta_arc::cli::ArchivesJson(report->archives)},
                                    {"archived", report->archived},
                                    {"left_in_place", report->kept_because_not_empty}},
                     2)
              << "\n";
    return 0;
  }
  if (report->archives.empty() && report->kept_because_not_empty.empty()) {
    std::cout << "Nothing to repair: one S3 connection is named '" << config.s3_connection_name
              << "'.\n";
    return 0;
  }
  std::cout << "Keeping " << report->kept << ".\n"
            << (apply ? "Archived " : "Would archive ") << report->archives.size()
            << " asset(s) under the other connections of that name:\n";
  for (const auto& a : report->archives) {
    std::cout << "  " << lineage::TypeName(a.type) << "  " << a.qualified_name << "\n";
  }
  for (const auto& c : report->kept_because_not_empty) {
    std::cout << "Left in place (it holds assets delta-arc did not write): " << c << "\n";
  }
  if (!apply) std::cout << "Run `delta-arc repair --apply` to archive them.\n";
  return 0;
}

// `delta-arc repair`: archives delta-arc's assets under the S3 connections of the configured
// name that runs do not use (see lineage/repair.h); only says what it would do without --apply.
int RepairCommand(const FlagValues& flags, bool apply) {
  const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
  return WithRuntime(flags, purpose, [&](auto& runtime, Logger& log) {
    return PrintRepair(flags, runtime.config,
                       lineage::RepairDuplicateConnections(*runtime.atlan, runtime.config, log,
                                                           delta_arc::app::SystemEnv(), apply),
                       apply, log);
  });
}

// `delta-arc scopes`: every delta-arc scope in the tenant, read from Atlan (lineage/scopes.h).
int ScopesCommand(const FlagValues& flags) {
  return WithRuntime(flags, lineage::ConfigPurpose::kPlan, [&](auto& runtime, Logger& log) {
    auto scopes = lineage::ListScopes(*runtime.atlan, runtime.config.atlan_page_size);
    if (!scopes) return Failed(log, scopes.error());
    if (flags.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& s : *scopes) out.push_back(s.ToJson());
      std::cout << JsonText(out, 2) << "\n";
      return 0;
    }
    std::ostringstream text;
    delta_arc::cli::PrintScopes(text, *scopes);
    std::cout << log.Redact(text.str());
    return 0;
  });
}

// `delta-arc retire --scope ID`: archives one scope's assets (lineage/scopes.h); only says
// what it would archive without --apply.
int RetireCommand(const FlagValues& flags, const std::string& scope, bool apply) {
  const auto purpose = apply ? lineage::ConfigPurpose::kSync : lineage::ConfigPurpose::kPlan;
  return WithRuntime(flags, purpose, [&](auto& runtime, Logger& log) {
    auto report = lineage::RetireScope(*runtime.atlan, scope, runtime.config.atlan_page_size,
                                       runtime.config.atlan_batch_size, log, apply);
    if (!report) return Failed(log, report.error());
    if (flags.json) {
      std::cout << JsonText(
                       nlohmann::json{{"applied", report->applied},
                                      {"scope", report->found ? report->found->ToJson()
                                                              : nlohmann::json(nullptr)},
                                      {"archives", delta_arc::cli::ArchivesJson(report->archives)},
                                      {"kept_objects", report->kept_objects},
                                      {"archived", report->archived}},
                       2)
                << "\n";
      return 0;
    }
    std::ostringstream text;
    delta_arc::cli::PrintRetire(text, *report);
    std::cout << log.Redact(text.str());
    return 0;
  });
}

// `delta-arc export`: JSON lines on stdout, or into FILE (written beside it, then renamed,
// so a failed export never leaves half a backup where the last good one was).
int ExportCommand(const FlagValues& flags, const std::string& scope, const std::string& output) {
  const auto which =
      scope == "configured" ? lineage::ExportScope::kConfigured : lineage::ExportScope::kAll;
  return WithRuntime(flags, lineage::ConfigPurpose::kSync, [&](auto& runtime, Logger& log) {
    lineage::PipelineDeps deps{*runtime.atlan, *runtime.bucket, *runtime.cache, log,
                               delta_arc::app::SystemEnv()};
    if (output.empty()) {
      auto report = lineage::ExportAssets(runtime.config, deps, which, std::cout);
      return report ? 0 : Failed(log, report.error());
    }
    const std::string partial = output + ".partial";
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "delta-arc: cannot write " << partial << "\n";
      return kExitFailure;
    }
    auto report = lineage::ExportAssets(runtime.config, deps, which, file);
    file.close();
    std::error_code ec;
    if (!report || !file) {
      std::filesystem::remove(partial, ec);
      return report ? kExitFailure : Failed(log, report.error());
    }
    std::filesystem::rename(partial, output, ec);
    if (ec) {
      std::cerr << "delta-arc: cannot write " << output << ": " << ec.message() << "\n";
      return kExitFailure;
    }
    std::cerr << "exported " << report->assets << " assets of " << report->connection << " to "
              << output << "\n";
    return 0;
  });
}

int RestoreCommand(const FlagValues& flags, const std::string& input) {
  return WithRuntime(flags, lineage::ConfigPurpose::kSync, [&](auto& runtime, Logger& log) {
    std::ifstream file(input, std::ios::binary);
    if (!file) {
      std::cerr << "delta-arc: cannot read " << input << "\n";
      return kExitUsage;
    }
    lineage::PipelineDeps deps{*runtime.atlan, *runtime.bucket, *runtime.cache, log,
                               delta_arc::app::SystemEnv()};
    auto report = lineage::RestoreAssets(runtime.config, deps, file, input);
    if (!report) return Failed(log, report.error());
    std::cout << "restored " << report->assets << " assets from " << input << " ("
              << report->created << " created, " << report->updated << " updated, "
              << report->unchanged << " unchanged: held as the file has them)\n";
    return 0;
  });
}

int CacheCommand(const FlagValues& flags, bool clear) {
  const lineage::ConfigSources sources = Sources(flags);
  auto config = lineage::LoadConfig(sources, lineage::ConfigPurpose::kCache);
  if (!config) {
    std::cerr << "delta-arc: configuration error:\n" << config.error().message << "\n";
    return kExitUsage;
  }
  Logger log = MakeLogger(*config);
  std::unique_ptr<delta_arc::app::AwsServices> aws;
  if (!config->cache_s3_bucket.empty()) {
    auto services = delta_arc::app::MakeAwsServices(*config, sources.environment, log,
                                                    delta_arc::app::SystemEnv());
    if (!services) {
      std::cerr << "delta-arc: " << services.error().message << "\n";
      return kExitFailure;
    }
    aws = std::move(*services);
  }
  auto store = delta_arc::app::MakeCacheStore(*config, aws.get());
  if (clear) {
    nlohmann::json out = nlohmann::json::array();
    for (const char* entry :
         {"postgres", "snowflake", lineage::HeaderCache::kEntry, lineage::OwnedSnapshot::kEntry}) {
      const bool present = lineage::DescribeCacheEntry(*store, entry).present;
      if (auto s = store->Remove(entry); !s) {
        std::cerr << "delta-arc: " << s.error().message << "\n";
        return kExitFailure;
      }
      const std::string location = store->Describe(entry);
      out.push_back({{"entry", entry}, {"location", location}, {"removed", present}});
      if (!flags.json)
        std::cout << (present ? "cleared " : "nothing to clear at ") << location << "\n";
    }
    if (flags.json) std::cout << JsonText(out, 2) << "\n";
    return 0;
  }
  std::vector<lineage::CacheEntryStatus> entries;
  for (const char* entry : {"postgres", "snowflake"}) {
    entries.push_back(lineage::DescribeCacheEntry(*store, entry));
  }
  if (flags.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) {
      out.push_back({{"entry", e.entry},
                     {"location", e.location},
                     {"present", e.present},
                     {"valid", e.valid},
                     {"connectionName", e.connection_name},
                     {"writtenAt", e.written_at},
                     {"tables", e.tables},
                     {"columns", e.columns},
                     {"problem", e.problem}});
    }
    std::cout << JsonText(out, 2) << "\n";
  } else {
    delta_arc::cli::PrintCacheStatus(std::cout, entries, config->cache_expiry_hours, NowMillis());
  }
  return 0;
}

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

int main(int argc, char** argv) {
  // Lambda's bootstrap starts the binary without arguments.
  if (argc == 1 && std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr) {
    return delta_arc::cli::RunLambdaRuntime();
  }
  CLI::App app{"delta-arc: puts an S3 bucket into Atlan's lineage, Postgres → S3 → Snowflake"};
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

  if (argc > 1) {
    if (auto unknown = UnknownCommand(app, argv[1])) {
      std::cerr << "delta-arc: " << *unknown << "\n";
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  if (version->parsed()) {
    std::cout << "delta-arc " << kVersion << "\n";
    return 0;
  }
  if (invoke->parsed()) return delta_arc::cli::RunInvokeCommand(event_file, flags.env_file);
  if (lambda->parsed()) return delta_arc::cli::RunLambdaRuntime();
  if (sync->parsed()) return RunPipelineCommand(flags, true);
  if (plan->parsed()) return RunPipelineCommand(flags, false);
  if (repair->parsed()) return RepairCommand(flags, apply_repair);
  if (scopes->parsed()) return ScopesCommand(flags);
  if (retire->parsed()) return RetireCommand(flags, retire_scope, apply_retire);
  if (export_cmd->parsed()) return ExportCommand(flags, export_scope, export_output);
  if (restore->parsed()) return RestoreCommand(flags, restore_input);
  if (cache_status->parsed()) return CacheCommand(flags, false);
  if (cache_clear->parsed()) return CacheCommand(flags, true);
  return kExitUsage;
}
