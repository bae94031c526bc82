// Failure notifications; see notifier.h.
#include "lambda/notifier.h"

namespace delta_arc::lambda {

std::string FailureMessage(const FailureReport& failure) {
  std::string text = "The Atlan data lineage pipeline (delta-arc) failed.\n\n";
  text += "Function: " + failure.function_name + "\n";
  text += "Request ID: " + failure.request_id + "\n";
  if (!failure.trigger.empty()) text += "Trigger: " + failure.trigger + "\n";
  text += "Error type: " + failure.error_type + "\n";
  text += "Error: " + failure.error_message + "\n\n";
  text += "The function's CloudWatch logs hold the details (search for the request ID).\n";
  return text;
}

FailureNotifier::FailureNotifier(std::unique_ptr<aws::SnsClient> sns, std::string topic_arn,
                                 Logger& log)
    : sns_(std::move(sns)), topic_arn_(std::move(topic_arn)), log_(log) {}

void FailureNotifier::Notify(const FailureReport& failure) {
  aws::PublishRequest request{topic_arn_, log_.Redact(FailureMessage(failure)), kFailureSubject};
  auto sent = sns_->Publish(request);
  if (!sent) {
    log_.Error("could not publish the failure notification",
               {{"topic_arn", topic_arn_}, {"error", sent.error().message}});
    return;
  }
  log_.Info("failure notification published", {{"topic_arn", topic_arn_}, {"message_id", *sent}});
}

}  // namespace delta_arc::lambda
