// FNV-1a 64: the standard vectors, folding, and delta-arc's own basis, whose values are
// in Atlan's qualifiedNames and in caches and must never change.
#include "common/fnv.h"

#include <gtest/gtest.h>

namespace delta_arc {
namespace {

TEST(Fnv1a64, GivesTheStandardVectors) {
  // draft-eastlake-fnv's test vectors for FNV-1a 64.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Fnv1a64, FoldsOnFromAHash) {
  EXPECT_EQ(Fnv1a64("bar", Fnv1a64("foo")), Fnv1a64("foobar"));
  EXPECT_EQ(Fnv1a64("x", Fnv1a64("", kDeltaArcBasis)), Fnv1a64("x", kDeltaArcBasis));
}

TEST(Fnv1a64, DeltaArcsBasisKeepsItsValues) {
  // A scope id as deployments hold it in Atlan (the sample's bucket, prefix 2025/).
  EXPECT_EQ(Fnv1a64("arn:aws:s3:::landing\n2025/", kDeltaArcBasis) & 0xFFFFFFFFFFFFULL,
            0xb259ba2addd4ULL);
  // An asset key as the snapshot cache holds it.
  EXPECT_EQ(
      Fnv1a64("S3Object\ndefault/s3/1/arn:aws:s3:::landing/2025/orders.csv\n", kDeltaArcBasis),
      0xe30ad1512f5a7d6eULL);
}

}  // namespace
}  // namespace delta_arc
