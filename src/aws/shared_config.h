// The AWS shared files, ~/.aws/credentials and ~/.aws/config (or
// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE), read the way the SDKs do:
// "[name]" sections in the credentials file, "[profile name]" (or
// "[default]") in the config file; the credentials file wins.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"
#include "common/error.h"

namespace delta_arc::aws {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// Sections by their bracketed name; indented sub-settings are skipped.
IniFile ParseIni(std::string_view text);

// AWS_PROFILE, else "default".
std::string ProfileName(const Environment& env);

// The settings of `profile` from both files, merged, or nullopt when
// neither file has it.
std::optional<IniSection> LoadProfile(const Environment& env, const std::string& profile);

}  // namespace delta_arc::aws
