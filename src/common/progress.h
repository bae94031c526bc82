// Progress of a run's long steps (listing the bucket, reading columns from objects, writing) for
// a person watching: on a terminal, one line redrawn in place with the count, the rate
// and the time left; elsewhere (a pipe, a file, Lambda's log) a log line every
// kLogEveryMs while a step lasts, in the logger's format (text or JSON). A step over in
// less time writes no log line at all, so quick runs stay quiet.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

#include "common/log.h"

namespace delta_arc {

class Progress {
 public:
  static constexpr int64_t kRedrawEveryMs = 250;
  static constexpr int64_t kLogEveryMs = 10000;

  // `terminal`: where the live line goes (stderr when it is a TTY); null: log lines.
  // `now_ms` is the wall clock (epoch ms); tests pass their own.
  Progress(Logger& log, std::ostream* terminal, std::function<int64_t()> now_ms);

  // Starts a step (ending any other): `total` 0 when unknown (a listing), `unit` the
  // things counted ("objects", "entities").
  void Start(const std::string& step, int64_t total, const std::string& unit);
  // `n` more done; safe to call from several threads.
  void Add(int64_t n);
  // Ends the step: the final count on the terminal (then a new line), or a last log
  // line when the step lasted long enough to have logged before.
  void Finish();

  // "reading CSV headers: 4,200/10,000 objects (42%), 850/s, 7 s left".
  std::string Describe() const;

 private:
  // With mutex_ held.
  std::string DescribeLocked() const;
  void Show(bool final);

  Logger& log_;
  std::ostream* terminal_;
  std::function<int64_t()> now_ms_;
  mutable std::mutex mutex_;
  std::string step_;
  std::string unit_;
  int64_t total_ = 0;
  int64_t done_ = 0;
  int64_t started_ms_ = 0;
  int64_t shown_ms_ = 0;
  bool logged_ = false;
  bool active_ = false;
};

// One step of a Progress that may be absent (null: nothing shown), finished when it goes
// out of scope, however the step ends.
class ProgressStep {
 public:
  ProgressStep(Progress* progress, const std::string& step, int64_t total, const std::string& unit)
      : progress_(progress) {
    if (progress_ != nullptr) progress_->Start(step, total, unit);
  }
  ProgressStep(const ProgressStep&) = delete;
  ProgressStep& operator=(const ProgressStep&) = delete;
  ~ProgressStep() {
    if (progress_ != nullptr) progress_->Finish();
  }
  void Add(int64_t n) const {
    if (progress_ != nullptr) progress_->Add(n);
  }

 private:
  Progress* progress_;
};

}  // namespace delta_arc
