// Failure notifications: an SNS message to SNS_TOPIC_ARN, subject "Atlan Data
// Lineage Pipeline Failure", saying which function and invocation failed and
// why. Every registered secret is redacted from the text before it leaves.
#pragma once

#include <memory>
#include <string>

#include "aws/sns_client.h"
#include "common/log.h"

namespace delta_arc::lambda {

inline constexpr const char* kFailureSubject = "Atlan Data Lineage Pipeline Failure";

struct FailureReport {
  std::string function_name;
  std::string request_id;
  std::string error_type;
  std::string error_message;
  std::string trigger;  // what the event asked for, e.g. "manual", "object events"
};

// The message text (before redaction).
std::string FailureMessage(const FailureReport& failure);

class FailureNotifier {
 public:
  FailureNotifier(std::unique_ptr<aws::SnsClient> sns, std::string topic_arn, Logger& log);

  // Best effort: a notification that cannot be sent is logged, never raised
  // over the failure it reports.
  void Notify(const FailureReport& failure);

 private:
  std::unique_ptr<aws::SnsClient> sns_;
  std::string topic_arn_;
  Logger& log_;
};

}  // namespace delta_arc::lambda
