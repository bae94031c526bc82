// Adaptive batch size; see batch_sizer.h.
#include "atlan/batch_sizer.h"

#include <algorithm>

namespace delta_arc::atlan {

BatchSizer::BatchSizer(size_t start, size_t max)
    : max_(std::max<size_t>(1, max == 0 ? start : max)),
      size_(std::clamp<size_t>(start, 1, max_)) {}

size_t BatchSizer::next() const {
  const std::lock_guard lock(mutex_);
  return size_;
}

void BatchSizer::Observe(size_t entities, std::chrono::milliseconds took, bool ok) {
  const std::lock_guard lock(mutex_);
  if (!ok || took > kSlow) {
    // Smaller than the request that was slow, whatever the size has become since.
    size_ = std::max<size_t>(1, std::min(size_, entities / 2));
    return;
  }
  // Only an answer to a request of the current size says the current size is fast:
  // answers to smaller requests sent before it grew say nothing about it.
  if (took < kFast && entities >= size_) size_ = std::min(max_, size_ * 2);
}

}  // namespace delta_arc::atlan
