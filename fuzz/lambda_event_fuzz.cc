// Fuzz target: the Lambda event parser, as the handler uses it — the invocation's
// payload, then every SQS message body of a batch, then the keys the events name.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "lambda/event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace delta_arc::lambda;
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const auto event = ParseEvent(payload);
  if (event) {
    if (const auto* batch = std::get_if<SqsBatch>(&*event)) {
      for (const auto& message : batch->messages) (void)ParseEvent(message.body);
    }
  }
  (void)DecodeS3NotificationKey(payload);
  return 0;
}
