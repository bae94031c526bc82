// SigV4 signing; see sigv4.h.
#include "aws/sigv4.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <vector>

#include "aws/crypto.h"
#include "http/url.h"

namespace delta_arc::aws {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Headers a proxy or the HTTP client may change; botocore leaves them out too.
bool IsUnsignable(std::string_view lower_name) {
  static constexpr std::string_view kSkip[] = {"authorization",
                                               "connection",
                                               "expect",
                                               "keep-alive",
                                               "proxy-authenticate",
                                               "proxy-authorization",
                                               "te",
                                               "trailer",
                                               "transfer-encoding",
                                               "upgrade",
                                               "user-agent",
                                               "x-amzn-trace-id"};
  return std::find(std::begin(kSkip), std::end(kSkip), lower_name) != std::end(kSkip);
}

// Trims and folds every run of whitespace (line folds included) into one space.
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;         // "name:value\n" per header
  std::string signed_names;  // "host;x-amz-date"
};

CanonicalHeaders Canonicalize(const http::Headers& headers) {
  std::map<std::string, std::string> merged;  // sorted by lower-case name
  for (const auto& [name, value] : headers) {
    std::string lower = http::ToLower(name);
    if (IsUnsignable(lower)) continue;
    auto [it, inserted] = merged.try_emplace(std::move(lower), TrimAll(value));
    if (!inserted) it->second += "," + TrimAll(value);
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : merged) {
    out.block += name + ":" + value + "\n";
    if (!out.signed_names.empty()) out.signed_names += ";";
    out.signed_names += name;
  }
  return out;
}

std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto segment : segments) out += "/" + std::string(segment);
  const bool trailing = path.ends_with('/') && !segments.empty();
  if (out.empty() || trailing) out += "/";
  return out;
}

std::string DateStamp(std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8));
}

std::string Scope(std::string_view amz_date, const SigningOptions& options) {
  return DateStamp(amz_date) + "/" + options.region + "/" + options.service + "/aws4_request";
}

std::string SigningKey(const Credentials& credentials, std::string_view amz_date,
                       const SigningOptions& options) {
  const std::string k_date =
      HmacSha256("AWS4" + credentials.secret_access_key, DateStamp(amz_date));
  const std::string k_region = HmacSha256(k_date, options.region);
  const std::string k_service = HmacSha256(k_region, options.service);
  return HmacSha256(k_service, "aws4_request");
}

void SetSigningHeaders(http::Request& request, const http::Url& url, const Credentials& credentials,
                       const SigningOptions& options, const std::string& amz_date) {
  request.headers.Remove("Authorization");
  if (!request.headers.Has("Host")) request.headers.Set("Host", url.Authority());
  request.headers.Set("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty() && options.sign_session_token) {
    request.headers.Set("X-Amz-Security-Token", credentials.session_token);
  }
  if (options.s3_rules) {
    request.headers.Set("x-amz-content-sha256",
                        options.unsigned_payload ? "UNSIGNED-PAYLOAD" : Sha256Hex(request.body));
  }
}

}  // namespace

std::string AmzDate(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::string CanonicalUri(std::string_view path, bool s3_rules) {
  if (path.empty()) return "/";
  if (s3_rules) return std::string(path);
  return http::PercentEncode(NormalizePath(path), /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start < query.size()) {
    const auto amp = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, amp - start);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (!pair.empty()) {
      pairs.emplace_back(http::PercentEncode(http::PercentDecode(key)),
                         http::PercentEncode(http::PercentDecode(value)));
    }
    start = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out += "&";
    out += key + "=" + value;
  }
  return out;
}

Result<SigningArtifacts> SignRequest(http::Request& request, const Credentials& credentials,
                                     const SigningOptions& options,
                                     std::chrono::system_clock::time_point now) {
  if (credentials.anonymous()) return SigningArtifacts{};
  const auto url = http::ParseUrl(request.url);
  if (!url) return std::unexpected(url.error());
  const std::string amz_date = AmzDate(now);
  SetSigningHeaders(request, *url, credentials, options, amz_date);

  const CanonicalHeaders headers = Canonicalize(request.headers);
  const std::string payload_hash =
      request.headers.Get("x-amz-content-sha256").value_or(Sha256Hex(request.body));
  SigningArtifacts out;
  out.canonical_request = request.method + "\n" + CanonicalUri(url->path, options.s3_rules) + "\n" +
                          CanonicalQuery(url->query) + "\n" + headers.block + "\n" +
                          headers.signed_names + "\n" + payload_hash;
  out.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + Scope(amz_date, options) +
                       "\n" + Sha256Hex(out.canonical_request);
  out.signature =
      HexEncode(HmacSha256(SigningKey(credentials, amz_date, options), out.string_to_sign));
  out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                      Scope(amz_date, options) + ", SignedHeaders=" + headers.signed_names +
                      ", Signature=" + out.signature;
  request.headers.Set("Authorization", out.authorization);
  if (!credentials.session_token.empty() && !options.sign_session_token) {
    request.headers.Set("X-Amz-Security-Token", credentials.session_token);
  }
  return out;
}

}  // namespace delta_arc::aws
