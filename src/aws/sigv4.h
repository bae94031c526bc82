// AWS Signature Version 4 for requests sent in the Authorization header:
// canonical request, string to sign, signing key and signature, with S3's
// exceptions (the object path is neither normalised nor encoded twice, and
// the payload hash travels in x-amz-content-sha256).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "common/error.h"
#include "http/request.h"

namespace delta_arc::aws {

struct SigningOptions {
  std::string region{};
  std::string service{};
  // S3's rules: path as sent (already encoded once, never normalised) and
  // x-amz-content-sha256 set and signed.
  bool s3_rules = false;
  // With s3_rules: sign "UNSIGNED-PAYLOAD" instead of the body's hash.
  bool unsigned_payload = false;
  // When false, X-Amz-Security-Token is added after signing, unsigned
  // (the suite's post-sts-header-after); every AWS service accepts it signed.
  bool sign_session_token = true;
};

// The intermediate texts, for tests against AWS's suite. The canonical
// request holds the session token: never log it.
struct SigningArtifacts {
  std::string canonical_request{};
  std::string string_to_sign{};
  std::string signature{};
  std::string authorization{};
};

// "20150830T123600Z"
std::string AmzDate(std::chrono::system_clock::time_point time);

// The canonical URI of a wire path; for non-S3 services the path is
// normalised (., .., duplicate slashes) and encoded again.
std::string CanonicalUri(std::string_view path, bool s3_rules);
// The canonical query string of a wire query: pairs decoded, re-encoded with
// the unreserved set, sorted by key then value.
std::string CanonicalQuery(std::string_view query);

// Signs `request` in place: sets Host, X-Amz-Date, X-Amz-Security-Token,
// (S3) x-amz-content-sha256, and Authorization. Anonymous credentials leave
// the request unsigned.
Result<SigningArtifacts> SignRequest(http::Request& request, const Credentials& credentials,
                                     const SigningOptions& options,
                                     std::chrono::system_clock::time_point now);

}  // namespace delta_arc::aws
