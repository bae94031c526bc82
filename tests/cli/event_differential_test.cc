// The differential test of the event run: random sequences of object events
// (created, deleted, re-created, moved between tables, unmatched keys) applied
// through RunIncremental one batch at a time; after each, a read-only full run
// (`delta-arc plan`) must find nothing to change: Atlan then holds exactly what
// one full sync of the bucket as it is produces. At S3_LINEAGE_LEVEL=prefix too, where an
// event lists its table folder and counts the folders above it.
#include <map>
#include <random>

#include "tests/cli/event_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// Keys a sequence draws from: each table's single file and two daily partitions, and a
// key that matches no table.
std::vector<std::string> KeyPool() {
  std::vector<std::string> keys;
  for (const std::string table : {"customers", "orders", "products"}) {
    keys.push_back("2025/" + table + ".csv");
    for (const std::string day : {"01", "02"}) {
      keys.push_back("2025/exports/" + table + "/dt=2025-01-" + day + "/part-0.csv");
    }
  }
  keys.push_back("2025/unknown_table.csv");
  return keys;
}

// A header for `key`'s table: the first `columns` of its columns (a file that drops
// columns changes the table's column lineage), or an empty file.
std::string Content(const std::string& key, int variant) {
  static const std::map<std::string, std::vector<std::string>> kColumns = {
      {"customers", {"customerid", "customername", "city", "country"}},
      {"orders", {"orderid", "customerid", "orderdate"}},
      {"products", {"productid", "productname", "price"}},
      {"unknown_table", {"a", "b"}}};
  if (variant == 0) return "";
  for (const auto& [table, columns] : kColumns) {
    if (key.find(table) == std::string::npos) continue;
    std::string header;
    for (size_t i = 0; i < std::min(columns.size(), static_cast<size_t>(variant)); ++i) {
      header += (i ? "," : "") + columns[i];
    }
    return header + "\n1\n";
  }
  return "x\n";
}

class EventDifferentialTest : public IncrementalTest {
 protected:
  // `env`: settings of every run (the full ones and the events').
  void RunSequence(unsigned seed, int steps, const std::vector<std::string>& env = {}) {
    std::map<std::string, std::string> overrides;
    for (const auto& e : env) overrides[e.substr(0, e.find('='))] = e.substr(e.find('=') + 1);
    std::mt19937 random(seed);
    const auto pool = KeyPool();
    std::map<std::string, bool> present;  // key → in the bucket
    auto pick = [&](bool in_bucket) -> std::string {
      std::vector<std::string> candidates;
      for (const auto& key : pool) {
        if (present[key] == in_bucket) candidates.push_back(key);
      }
      if (candidates.empty()) return "";
      return candidates[random() % candidates.size()];
    };
    auto put = [&](const std::string& key) {
      Upload(key, Content(key, static_cast<int>(random() % 5)));
      present[key] = true;
    };
    // Tags the files carry: a column some headers hold, and a table's. Event runs attach
    // and remove them as a full sync would.
    const std::string pii = emulator_.DefineTag("PII");
    const std::string gold = emulator_.DefineTag("Gold");
    Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/CITY", pii);
    Tag("Table", kPostgresQn + kSchema + "ORDERS", gold);
    // A first full sync creates the connection; events take it from there.
    put(pool[0]);
    ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}, env).exit_code, 0);
    std::string history;
    for (int step = 0; step < steps; ++step) {
      std::vector<lineage::ObjectEvent> events;
      auto created = [&](const std::string& key) {
        events.push_back({"landing", key, lineage::ObjectChange::kCreated});
      };
      auto deleted = [&](const std::string& key) {
        Remove(key);
        present[key] = false;
        events.push_back({"landing", key, lineage::ObjectChange::kDeleted});
      };
      const int op = static_cast<int>(random() % 4);
      const std::string absent = pick(false), held = pick(true);
      if (op == 0 && !absent.empty()) {  // a new object
        put(absent);
        created(absent);
      } else if (op == 1 && !held.empty()) {  // an object deleted
        deleted(held);
      } else if (op == 2 && !held.empty()) {  // written again, maybe with another header
        put(held);
        created(held);
      } else if (!held.empty() && !absent.empty()) {  // moved (often to another table)
        put(absent);
        deleted(held);
        created(absent);
      } else {
        continue;
      }
      for (const auto& e : events) {
        history += (e.change == lineage::ObjectChange::kCreated ? "+" : "-") + e.key + " ";
      }
      history += "| ";
      auto report = Events(events, overrides);
      ASSERT_TRUE(report) << report.error().message;
      const std::string changes = FullRunChanges(env);
      ASSERT_EQ(changes, "") << "seed " << seed << " step " << step << ": " << history;
    }
  }
};

TEST_F(EventDifferentialTest, EventRunsLeaveWhatAFullSyncWouldSeed1) {
  RunSequence(1, 12);
}

TEST_F(EventDifferentialTest, EventRunsLeaveWhatAFullSyncWouldSeed2) {
  RunSequence(2, 12);
}

TEST_F(EventDifferentialTest, EventRunsLeaveWhatAFullSyncWouldSeed3) {
  RunSequence(3, 12);
}

// An event whose table has no folder runs a full sync, which may archive most of what a
// random sequence left: the archive guard is not what these compare.
TEST_F(EventDifferentialTest, PrefixLevelEventRunsLeaveWhatAFullSyncWould) {
  RunSequence(4, 12, {"S3_LINEAGE_LEVEL=prefix", "ARCHIVE_GUARD_PERCENT=100"});
}

TEST_F(EventDifferentialTest, PrefixLevelWithoutObjectsEventRunsLeaveWhatAFullSyncWould) {
  RunSequence(
      5, 12, {"S3_LINEAGE_LEVEL=prefix", "S3_REGISTER_OBJECTS=false", "ARCHIVE_GUARD_PERCENT=100"});
}

}  // namespace
}  // namespace delta_arc::testing
