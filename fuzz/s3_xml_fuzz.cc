// Fuzz target: what delta-arc reads of S3's answers — a ListObjectsV2 page and
// the error bodies of the XML (S3, query) and JSON 1.1 protocols.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/aws_error.h"
#include "aws/s3_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace delta_arc;
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)aws::ParseListObjectsPage(body);
  for (const int status : {400, 403, 404, 503}) {
    const http::Response response{.status = status, .headers = {}, .body = body};
    (void)aws::ToError("S3 GetObject s3://b/k", aws::ParseXmlError(response));
    (void)aws::ToError("SSM GetParameter", aws::ParseJsonError(response));
  }
  return 0;
}
