// Answers; see answer.h.
#include "lambda/answer.h"

#include "common/json_text.h"

namespace delta_arc::lambda {

using nlohmann::json;

json ResultJson(const lineage::RunReport& report) {
  json result = report.ToJson();
  for (const char* list : {"changes", "objects", "unpartnered_tables"}) result.erase(list);
  return result;
}

json SuccessAnswer(const json& result, const std::string& message) {
  const json body = {{"message", message}, {"result", result}};
  return {{"statusCode", 200}, {"body", JsonText(body)}};
}

json BatchAnswer(const std::vector<std::string>& failed_message_ids) {
  json failures = json::array();
  for (const auto& id : failed_message_ids) failures.push_back({{"itemIdentifier", id}});
  return {{"batchItemFailures", failures}};
}

}  // namespace delta_arc::lambda
