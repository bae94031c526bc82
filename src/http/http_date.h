// HTTP dates (RFC 7231 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), as
// found in Date and Retry-After headers.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace delta_arc::http {

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(const std::string& text);
std::string FormatHttpDate(std::chrono::system_clock::time_point time);

}  // namespace delta_arc::http
