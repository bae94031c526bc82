// A text's lines, for tests that read a message or a file line by line.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace delta_arc::testing {

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

}  // namespace delta_arc::testing
