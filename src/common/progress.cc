// Progress lines; see progress.h.
#include "common/progress.h"

#include <cmath>

namespace delta_arc {

namespace {

// 1234567 → "1,234,567": counts at scale are read at a glance. (Counts are never negative.)
std::string Grouped(int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Duration(int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + " s";
  if (seconds < 3600)
    return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
  return std::to_string(seconds / 3600) + " h " + std::to_string(seconds % 3600 / 60) + " min";
}

}  // namespace

Progress::Progress(Logger& log, std::ostream* terminal, std::function<int64_t()> now_ms)
    : log_(log), terminal_(terminal), now_ms_(std::move(now_ms)) {}

void Progress::Start(const std::string& step, int64_t total, const std::string& unit) {
  Finish();
  const std::lock_guard lock(mutex_);
  step_ = step;
  unit_ = unit;
  total_ = total;
  done_ = 0;
  started_ms_ = shown_ms_ = now_ms_();
  logged_ = false;
  active_ = true;
}

void Progress::Add(int64_t n) {
  const std::lock_guard lock(mutex_);
  if (!active_) return;
  done_ += n;
  const int64_t now = now_ms_();
  if (now - shown_ms_ >= (terminal_ != nullptr ? kRedrawEveryMs : kLogEveryMs)) {
    shown_ms_ = now;
    Show(false);
  }
}

void Progress::Finish() {
  const std::lock_guard lock(mutex_);
  if (!active_) return;
  if (terminal_ != nullptr || logged_) Show(true);
  active_ = false;
}

std::string Progress::Describe() const {
  const std::lock_guard lock(mutex_);
  return DescribeLocked();
}

std::string Progress::DescribeLocked() const {
  std::string line = step_ + ": " + Grouped(done_);
  if (total_ > 0) line += "/" + Grouped(total_);
  line += " " + unit_;
  if (total_ > 0) line += " (" + std::to_string(done_ * 100 / total_) + "%)";
  const double seconds = static_cast<double>(now_ms_() - started_ms_) / 1000.0;
  if (seconds > 0 && done_ > 0) {
    const double rate = static_cast<double>(done_) / seconds;
    line += ", " + Grouped(std::llround(rate)) + "/s";
    if (total_ > done_) {
      line += ", " + Duration(std::llround(static_cast<double>(total_ - done_) / rate)) + " left";
    }
  }
  return line;
}

void Progress::Show(bool final) {
  const std::string line = DescribeLocked();
  if (terminal_ != nullptr) {
    // Back to the line's start and clear it, so a shorter line leaves nothing behind.
    *terminal_ << "\r\033[K" << line << (final ? "\n" : "") << std::flush;
    return;
  }
  logged_ = true;
  log_.Info(line, {{"step", step_}, {"done", done_}, {"total", total_}});
}

}  // namespace delta_arc
