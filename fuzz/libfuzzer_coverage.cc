// Coverage for libFuzzer from g++'s instrumentation. g++ (unlike clang) emits no
// inline 8-bit counters, only a call to __sanitizer_cov_trace_pc in every basic
// block (-fsanitize-coverage=trace-pc), which libFuzzer no longer accepts. This
// defines that call: it hashes each edge (this block and the one before, as AFL
// does) into counters in the section libFuzzer reads as "extra counters", which it
// clears before every input and turns into coverage features after it. The
// comparisons g++ reports with -fsanitize-coverage=trace-cmp go to libFuzzer's own
// hooks, except floating-point ones, which libFuzzer has none for.
#include <cstddef>
#include <cstdint>

#define DELTA_ARC_UNINSTRUMENTED \
  __attribute__((no_sanitize_coverage, no_sanitize_address, no_sanitize("undefined")))

namespace {

constexpr int kCounterBits = 17;  // 128 KiB: few collisions for one target's edges

__attribute__((section("__libfuzzer_extra_counters"), used)) uint8_t counters[1 << kCounterBits];
thread_local uintptr_t previous_block = 0;

}  // namespace

extern "C" DELTA_ARC_UNINSTRUMENTED void __sanitizer_cov_trace_pc() {
  const auto block = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  const uint64_t edge = (block ^ previous_block) * 0x9E3779B97F4A7C15ull;  // Fibonacci hashing
  ++counters[edge >> (64 - kCounterBits)];
  previous_block = block >> 1;  // so that A→B and B→A differ
}

extern "C" DELTA_ARC_UNINSTRUMENTED void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" DELTA_ARC_UNINSTRUMENTED void __sanitizer_cov_trace_cmpd(double, double) {}
