// Streaming gzip: any split of the input gives the same text, concatenated members read
// as one stream, damage and truncation are errors that name the stream.
#include "common/gunzip.h"

#include <gtest/gtest.h>

#include "tests/support/gzip.h"

namespace delta_arc {
namespace {

using testing::Gzip;

std::string Inflate(std::string_view compressed, size_t piece, Status* finish = nullptr) {
  Gunzip gunzip("s3://b/k.csv.gz");
  std::string out;
  for (size_t at = 0; at < compressed.size(); at += piece) {
    auto s = gunzip.Feed(compressed.substr(at, piece), [&](std::string_view text) {
      out.append(text);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
  }
  const Status done = gunzip.Finish();
  if (finish != nullptr) {
    *finish = done;
  } else {
    EXPECT_TRUE(done) << done.error().message;
  }
  return out;
}

TEST(Gunzip, AnySplitOfTheInputGivesTheSameText) {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "\"landing\",\"key" + std::to_string(i) + "\"\n";
  const std::string compressed = Gzip(text);  // more than one 64 KiB output piece
  for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}, compressed.size()}) {
    EXPECT_EQ(Inflate(compressed, piece), text) << "pieces of " << piece;
  }
}

TEST(Gunzip, ConcatenatedMembersAreOneStream) {
  EXPECT_EQ(Inflate(Gzip("a,b\n") + Gzip("c,d\n"), 3), "a,b\nc,d\n");
}

TEST(Gunzip, DamageAndTruncationAreErrorsNamingTheStream) {
  std::string damaged = Gzip(std::string(1000, 'x'));
  damaged[damaged.size() / 2] ^= 0x55;
  Gunzip gunzip("s3://b/k.csv.gz");
  auto fed = gunzip.Feed(damaged, [](std::string_view) { return Ok(); });
  auto finished = fed ? gunzip.Finish() : fed;
  ASSERT_FALSE(finished);
  EXPECT_NE(finished.error().message.find("s3://b/k.csv.gz"), std::string::npos);

  const std::string whole = Gzip("a,b\nc,d\n");
  Status finish;
  Inflate(whole.substr(0, whole.size() - 4), 5, &finish);  // the trailer cut off
  ASSERT_FALSE(finish);
  EXPECT_NE(finish.error().message.find("ends early"), std::string::npos);

  Gunzip text("s3://b/plain.csv.gz");
  EXPECT_FALSE(text.Feed("plain text, not gzip", [](std::string_view) { return Ok(); }));
}

}  // namespace
}  // namespace delta_arc
