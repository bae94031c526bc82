// atlan-emulator: a local server that speaks Atlan's REST API, for tests, the
// demo and trying delta-arc before pointing it at a tenant.
//   atlan-emulator serve --port P --token T [--db FILE] [--latency-ms N] [knobs…]
//   atlan-emulator seed --url U --token T FILE
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "emulator/server.h"
#include "emulator/tenant_seed.h"

namespace {

using delta_arc::emulator::SeedOptions;
using delta_arc::emulator::Server;
using delta_arc::emulator::ServerOptions;

std::string TokenFromEnvironment() {
  const char* token = std::getenv("ATLAN_API_TOKEN");
  return token != nullptr ? token : "";
}

int Serve(ServerOptions options) {
  if (options.token.empty()) options.token = TokenFromEnvironment();
  // SIGINT/SIGTERM are taken by a waiting thread, so shutdown is an ordinary call.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = Server::Create(options);
  if (!server) {
    std::cerr << "atlan-emulator: " << server.error().message << "\n";
    return 2;
  }
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    (*server)->Stop();
  });
  std::thread announcer([&] {
    for (int i = 0; i < 500 && (*server)->BoundPort() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::cout << "atlan-emulator listening on http://" << options.host << ":"
              << (*server)->BoundPort() << std::endl;
  });
  auto status = (*server)->Run();
  announcer.join();
  if (!status) {
    std::cerr << "atlan-emulator: " << status.error().message << "\n";
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    return 1;
  }
  stopper.join();
  return 0;
}

int Seed(SeedOptions options) {
  if (options.token.empty()) options.token = TokenFromEnvironment();
  auto written = delta_arc::emulator::SeedTenant(options);
  if (!written) {
    std::cerr << "atlan-emulator seed: " << written.error().message << "\n";
    return 1;
  }
  std::cout << "seeded " << *written << " entities from " << options.file << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"atlan-emulator: a local server that speaks Atlan's REST API"};
  app.require_subcommand(1);

  ServerOptions serve;
  std::string fail_requests;
  std::string drop_requests;
  auto* serve_cmd = app.add_subcommand("serve", "Serve Atlan's API on a local port");
  serve_cmd->add_option("--port", serve.port, "Port to listen on (0: any free port)")->required();
  serve_cmd->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--token", serve.token,
                        "API token clients must send as Bearer (default: $ATLAN_API_TOKEN)");
  serve_cmd->add_option("--db", serve.db_path, "SQLite file to keep data in (default: memory)");
  serve_cmd->add_option("--directory", serve.directory_path,
                        "JSON file of users, groups and roles (default: built in)");
  serve_cmd->add_option("--user", serve.user, "Name recorded as createdBy/updatedBy");
  // Atlan's dynamics, on by default where Atlan has them.
  serve_cmd
      ->add_option("--normalize-keywords", serve.controls.normalize_keywords,
                   "Terms on name.keyword, __typeName.keyword, … match any case (true|false)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--search-refresh-ms", serve.controls.search_refresh_ms,
                   "Index search shows a write this long after it (Elasticsearch's refresh; 0: "
                   "at once)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--connection-bootstrap-ms", serve.controls.connection_bootstrap_ms,
                   "A new connection and its assets answer 403 this long (0: usable at once)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--rate-limit-per-minute", serve.controls.rate_limit_per_minute,
                   "Requests a minute before answering 429 and blocking (Atlan: about 400; 0: "
                   "unlimited)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--rate-limit-block-ms", serve.controls.rate_limit_block_ms,
                   "How long a tenant over its rate limit is blocked")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--connection-processes", serve.controls.connection_processes,
                   "Add a ConnectionProcess for Processes across connections (true|false)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--tag-propagation-ms", serve.controls.tag_propagation_ms,
                   "Tags spread along lineage and hierarchy this long after a change (Atlan's "
                   "asynchronous tasks)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--related-updates", serve.controls.related_updates,
                   "A write updates the assets at the far end of its new relationships, as "
                   "Atlas does: listed under UPDATE, modified then (true|false)")
      ->capture_default_str();
  // Cost model for benchmarks.
  serve_cmd->add_option("--latency-ms", serve.controls.latency_ms, "Delay added to every request")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--latency-jitter-ms", serve.controls.latency_jitter_ms,
                   "Up to this much more delay, drawn per request (requests finish out of order)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--cost-per-entity-ms", serve.controls.cost_per_entity_ms,
                   "Delay added per entity a bulk write or delete carries")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--max-concurrent-requests", serve.controls.max_concurrent_requests,
                   "Requests served at once; more wait their turn (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--fail-probability", serve.controls.fail_probability,
                   "Probability of answering --fail-status instead")
      ->check(CLI::Range(0.0, 1.0));
  serve_cmd->add_option("--fail-status", serve.controls.fail_status, "Status of injected failures")
      ->check(CLI::Range(500, 599));
  serve_cmd->add_option("--fail-requests", fail_requests,
                        "Comma-separated request numbers (1-based) to fail");
  serve_cmd
      ->add_option("--drop-probability", serve.controls.drop_probability,
                   "Probability of dropping the connection mid-answer")
      ->check(CLI::Range(0.0, 1.0));
  serve_cmd->add_option("--drop-requests", drop_requests,
                        "Comma-separated request numbers (1-based) to drop");
  serve_cmd
      ->add_option("--max-result-window", serve.max_result_window,
                   "Largest from + size a search may ask for (Atlan: 100000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  serve_cmd->add_option("--random-seed", serve.controls.random_seed,
                        "Seed for the failure probabilities (0: from the clock)");

  SeedOptions seed;
  auto* seed_cmd = app.add_subcommand("seed", "Load a tenant file through the bulk API");
  seed_cmd->add_option("--url", seed.url, "Emulator URL, e.g. http://127.0.0.1:8080")->required();
  seed_cmd->add_option("--token", seed.token, "API token (default: $ATLAN_API_TOKEN)");
  seed_cmd->add_option("--admin-user", seed.admin_user, "Admin user of the seeded connections");
  seed_cmd->add_option("--batch-size", seed.batch_size, "Entities per bulk request")
      ->check(CLI::Range(1, 10000));
  seed_cmd->add_option("FILE", seed.file, "Tenant JSON file")->required()->check(CLI::ExistingFile);

  CLI11_PARSE(app, argc, argv);

  auto parse_numbers = [](const std::string& text, std::set<int64_t>& out) {
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
      if (!item.empty()) out.insert(std::stoll(item));
    }
  };
  if (serve_cmd->parsed()) {
    try {
      parse_numbers(fail_requests, serve.controls.fail_requests);
      parse_numbers(drop_requests, serve.controls.drop_requests);
    } catch (const std::exception&) {
      std::cerr << "atlan-emulator: --fail-requests and --drop-requests take numbers like 2,5\n";
      return 2;
    }
    return Serve(serve);
  }
  return Seed(seed);
}
