// Fuzz target: the .env parser, on the file's text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lineage/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::ParseDotenvText(text, ".env");
  return 0;
}
