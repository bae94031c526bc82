// JSON as text: the one way delta-arc serializes JSON (requests to Atlan and AWS, cache
// files, answers, logs, reports). nlohmann's dump() throws on a string that is not
// UTF-8 (type_error 316), which would abort the process; text from outside is checked
// where it enters (utf8.h), and this is the net beneath that check: any byte that still
// is not UTF-8 becomes U+FFFD (error_handler_t::replace) instead of an exception.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace delta_arc {

// `value` as compact JSON, or indented by `indent` spaces.
inline std::string JsonText(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace delta_arc
