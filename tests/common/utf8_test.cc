// UTF-8 checks: what is refused where outside text enters, how it is shown, and the
// JSON text that never throws on it.
#include "common/utf8.h"

#include <gtest/gtest.h>

#include "common/json_text.h"

namespace delta_arc {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsUtf8(""));
  EXPECT_TRUE(IsUtf8("2025/orders.csv"));
  EXPECT_TRUE(IsUtf8("2025/ü_col/日本/😀.csv"));
}

TEST(Utf8, FindsTheFirstByteThatIsNot) {
  EXPECT_EQ(FirstNonUtf8("2025/bad\xFF/orders.csv"), 8u);
  EXPECT_EQ(FirstNonUtf8("caf\xE9"), 3u);            // Latin-1 é
  EXPECT_EQ(FirstNonUtf8("\x1F\x8B\x08\x00"), 1u);   // gzip's magic: 0x8B
  EXPECT_EQ(FirstNonUtf8("a\xC0\xAF"), 1u);          // an overlong '/'
  EXPECT_EQ(FirstNonUtf8("a\xED\xA0\x80"), 1u);      // a surrogate
  EXPECT_EQ(FirstNonUtf8("a\xF4\x90\x80\x80"), 1u);  // past U+10FFFF
  EXPECT_EQ(FirstNonUtf8("ok\xE2\x82"), 2u);         // cut short
}

TEST(Utf8, PrintableEscapesOnlyTheBytesThatAreNot) {
  EXPECT_EQ(Printable("2025/bad\xFF/ü.csv"), "2025/bad\\xFF/ü.csv");
  EXPECT_EQ(Printable("\xE2\x82"), "\\xE2\\x82");
  EXPECT_TRUE(IsUtf8(Printable("\x80\xFF\xC0")));
}

TEST(JsonText, ReplacesWhatIsNotUtf8InsteadOfThrowing) {
  const nlohmann::json value = {{"key", "bad\xFF"}};
  EXPECT_THROW((void)value.dump(), nlohmann::json::type_error);  // what it guards against
  EXPECT_EQ(JsonText(value), "{\"key\":\"bad\xEF\xBF\xBD\"}");
  EXPECT_EQ(JsonText({{"a", 1}}, 2), "{\n  \"a\": 1\n}");
}

}  // namespace
}  // namespace delta_arc
