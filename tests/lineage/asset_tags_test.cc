// Tags on the S3 assets delta-arc owns: what a write attaches and removes, given what the
// asset carries and what Atlan holds; a person's attachment is never changed or removed.
#include "lineage/asset_tags.h"

#include <gtest/gtest.h>

namespace delta_arc::lineage {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

TEST(TagChangeFor, ANewAssetGetsEveryCarriedTag) {
  EXPECT_FALSE(TagChangeFor({}, nullptr));
  const auto change = TagChangeFor({"gold", "pii"}, nullptr);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->add, (Names{"gold", "pii"}));
  EXPECT_TRUE(change->remove.empty());
  EXPECT_EQ(change->record, (Names{"gold", "pii"}));
}

TEST(TagChangeFor, AnAssetAsItShouldBeIsLeftAlone) {
  const TagState held{{"gold", "pii"}, {"gold", "pii"}};
  EXPECT_FALSE(TagChangeFor({"gold", "pii"}, &held));
  // Someone else's tag beside them, or propagated ones (not direct), change nothing.
  const TagState with_others{{"gold", "other", "pii"}, {"gold", "pii"}};
  EXPECT_FALSE(TagChangeFor({"gold", "pii"}, &with_others));
}

TEST(TagChangeFor, ItsOwnTagGoesWhenNothingCarriesItAPersonsStays) {
  const TagState held{{"gold", "mine", "theirs"}, {"gold", "mine"}};
  const auto change = TagChangeFor({"gold"}, &held);
  ASSERT_TRUE(change);
  EXPECT_TRUE(change->add.empty());
  EXPECT_EQ(change->remove, Names{"mine"});
  EXPECT_EQ(change->record, Names{"gold"});
}

TEST(TagChangeFor, APersonsTagItWouldAttachIsNeitherTouchedNorRecorded) {
  const TagState held{{"pii"}, {}};
  EXPECT_FALSE(TagChangeFor({"pii"}, &held));
  // Nor removed once nothing carries it.
  EXPECT_FALSE(TagChangeFor({}, &held));
}

TEST(TagChangeFor, ItsOwnTagSomeoneRemovedIsAttachedAgainWhileCarried) {
  const TagState held{{}, {"pii"}};
  const auto change = TagChangeFor({"pii"}, &held);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->add, Names{"pii"});
  EXPECT_EQ(change->record, Names{"pii"});
  // And forgotten when no longer carried.
  const auto gone = TagChangeFor({}, &held);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->add.empty() && gone->remove.empty() && gone->record.empty());
}

TEST(AddTagChange, AttachmentsToAddAndRemoveWithTheRecord) {
  json created = {{"attributes", json::object()}};
  AddTagChange(created, {{"pii"}, {}, {"pii"}}, false);
  EXPECT_EQ(created["addOrUpdateClassifications"],
            json::parse(R"([{"typeName":"pii","propagate":false,
              "removePropagationsOnEntityDelete":true,"restrictPropagationThroughLineage":false,
              "restrictPropagationThroughHierarchy":false}])"));
  EXPECT_FALSE(created.contains("removeClassifications"));
  EXPECT_FALSE(created.contains("classifications")) << "appendTags: never replaced";
  EXPECT_EQ(created["attributes"][kTagRecordAttribute], json::array({"pii"}));
  json updated = {{"attributes", json::object()}};
  AddTagChange(updated, {{"gold"}, {"mine"}, {"gold"}}, true);
  EXPECT_EQ(updated["addOrUpdateClassifications"][0]["typeName"], "gold");
  EXPECT_EQ(updated["addOrUpdateClassifications"][0]["propagate"], true);
  EXPECT_EQ(updated["removeClassifications"], json::parse(R"([{"typeName":"mine"}])"));
  EXPECT_EQ(updated["attributes"][kTagRecordAttribute], json::array({"gold"}));
}

TEST(TagStateOf, DirectAttachmentsAndTheRecordNotPropagatedTags) {
  const json entity = json::parse(R"({"guid":"g1","classifications":[
      {"typeName":"pii","entityGuid":"g1"},{"typeName":"gold","entityGuid":"g0"},
      {"typeName":"mine","entityGuid":"g1"}],
    "attributes":{"assetTags":["mine","pii"]}})");
  const TagState state = TagStateOf(entity);
  EXPECT_EQ(state.direct, (Names{"mine", "pii"}));
  EXPECT_EQ(state.recorded, (Names{"mine", "pii"}));
  EXPECT_TRUE(TagStateOf(json::parse(R"({"guid":"g"})")).direct.empty());
}

}  // namespace
}  // namespace delta_arc::lineage
