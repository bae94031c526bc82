// The HTML report's style and script, kept as report/report.css and report/report.js (so
// they read, diff and lint as CSS and JavaScript) and embedded at build time.
#pragma once

#include <string_view>

namespace delta_arc::cli {

extern const std::string_view kReportStyle;
extern const std::string_view kReportScript;

}  // namespace delta_arc::cli
