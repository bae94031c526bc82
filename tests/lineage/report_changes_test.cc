// What Atlan shows changed after an S3 Inventory report replaces what the report says of
// those keys: newer objects, objects archived since, and everything in a folder archived
// since, and nothing else (a key that only begins like an archived folder stays).
#include "lineage/report_changes.h"

#include <gtest/gtest.h>

namespace delta_arc::lineage {
namespace {

TEST(ReportChangesTest, ReplacesNewerAndArchivedKeysAndArchivedFoldersOnly) {
  ReportChanges changes;
  changes.newer_objects = {{"exports/orders/dt=3/part-0.csv", 5, 300, "e"}};
  changes.newer_keys = {"exports/orders/dt=3/part-0.csv"};
  changes.deleted_keys = {"flat/shippers.csv"};
  changes.deleted_folders = {"exports/customers"};
  EXPECT_TRUE(changes.Replaces("exports/orders/dt=3/part-0.csv"));
  EXPECT_TRUE(changes.Replaces("flat/shippers.csv"));
  EXPECT_TRUE(changes.Replaces("exports/customers/dt=1/part-0.csv"));
  EXPECT_FALSE(changes.Replaces("exports/customers2/dt=1/part-0.csv"));
  EXPECT_FALSE(changes.Replaces("exports/customers"));
  EXPECT_FALSE(changes.Replaces("exports/orders/dt=1/part-0.csv"));
}

}  // namespace
}  // namespace delta_arc::lineage
