// The AWS JSON 1.1 protocol (Secrets Manager, SSM): POST / with
// X-Amz-Target: <prefix>.<Operation>, a JSON body, a JSON answer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "aws/aws_caller.h"

namespace delta_arc::aws {

http::Request MakeJsonRequest(const Endpoint& endpoint, const std::string& target,
                              const nlohmann::json& body);

// Sends the call and parses the answer as a JSON object.
Result<nlohmann::json> CallJson(AwsCaller& caller, const std::string& operation,
                                const std::string& target, const nlohmann::json& body);

}  // namespace delta_arc::aws
