// Fuzz target: an S3 notification's object key as an event carries it (form-encoded),
// and the keys of an S3 notification built around it. Whatever decodes is UTF-8, so
// nothing written after it (Atlan's JSON, the cache, the answer) can meet bytes that
// JSON cannot carry: a strict dump() of it must not throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "common/utf8.h"
#include "lambda/event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace delta_arc::lambda;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  if (auto key = DecodeS3NotificationKey(raw)) {
    if (!delta_arc::IsUtf8(*key)) std::abort();
    (void)nlohmann::json(*key).dump();  // strict: throws on what is not UTF-8
  }
  // The same key inside a notification, as the handler receives it. The raw bytes go in
  // as a JSON string only when they are UTF-8 (else the payload is not JSON at all).
  if (!delta_arc::IsUtf8(raw)) return 0;
  const nlohmann::json record = {
      {"eventName", "ObjectCreated:Put"},
      {"s3", {{"bucket", {{"name", "landing"}}}, {"object", {{"key", raw}}}}}};
  const auto event = ParseEventJson({{"Records", nlohmann::json::array({record})}});
  if (event) {
    for (const auto& e : std::get<ObjectEvents>(*event).events) {
      if (!delta_arc::IsUtf8(e.key)) std::abort();
    }
  }
  return 0;
}
