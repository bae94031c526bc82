// libcurl-backed HttpClient; see http_client.h.
#include "http/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <string_view>

#include "http/url.h"

namespace delta_arc::http {

struct HttpClient::CurlHandle {
  struct Deleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  std::unique_ptr<CURL, Deleter> curl{curl_easy_init()};
};

namespace {

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

// What the curl callbacks fill in during one transfer.
struct Exchange {
  Response response;
  std::size_t max_body = 0;
  bool truncated = false;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    exchange->response.headers = Headers();  // a new response (after 100 Continue)
    return line.size();
  }
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    exchange->response.headers.Add(std::string(Trim(line.substr(0, colon))),
                                   std::string(Trim(line.substr(colon + 1))));
  }
  return line.size();
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t n = size * count;
  std::string& body = exchange->response.body;
  if (exchange->max_body == 0 || body.size() + n <= exchange->max_body) {
    body.append(data, n);
    return n;
  }
  body.append(data, exchange->max_body - body.size());
  exchange->truncated = true;
  return 0;  // stops the transfer
}

HeaderList BuildHeaderList(const Request& request) {
  curl_slist* list = nullptr;
  auto append = [&list](const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next != nullptr) list = next;
  };
  for (const auto& [name, value] : request.headers) {
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  append("Expect:");                                                  // no 100-continue round trip
  if (!request.headers.Has("Content-Type")) append("Content-Type:");  // no form default
  return HeaderList(list);
}

ErrorKind KindOf(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::kTimedOut;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return ErrorKind::kUnavailable;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return ErrorKind::kInvalidArgument;
    default:
      return ErrorKind::kIo;
  }
}

// "GET https://host/path" without the query, which may carry signed parameters.
std::string Describe(const Request& request) {
  auto url = ParseUrl(request.url);
  return request.method + " " + (url ? url->Origin() + url->path : std::string("<bad URL>"));
}

void SetMethodAndBody(CURL* curl, const Request& request) {
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  const bool sends_body =
      !request.body.empty() || request.method == "POST" || request.method == "PUT";
  if (sends_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  }
}

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {}

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::CurlHandle> HttpClient::Borrow() {
  {
    const std::lock_guard lock(idle_mutex_);
    if (!idle_.empty()) {
      auto handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  return std::make_unique<CurlHandle>();
}

void HttpClient::GiveBack(std::unique_ptr<CurlHandle> handle) {
  const std::lock_guard lock(idle_mutex_);
  idle_.push_back(std::move(handle));
}

ConnectionStats HttpClient::connections() const {
  return {connections_opened_.load(), std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::microseconds(connect_time_us_.load()))};
}

void HttpClient::CountNewConnection(CURL* curl) {
  long opened = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
  if (opened == 0) return;  // the request went over a kept-alive connection
  // From the start of the transfer to the end of the TLS handshake (0 over plain HTTP),
  // else to the TCP connection: the time the request waited on its connection.
  curl_off_t handshake_us = 0;
  curl_off_t connect_us = 0;
  curl_easy_getinfo(curl, CURLINFO_APPCONNECT_TIME_T, &handshake_us);
  curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us);
  connections_opened_ += opened;
  connect_time_us_ += std::max(handshake_us, connect_us);
}

Result<Response> HttpClient::Send(const Request& request) {
  std::unique_ptr<CurlHandle> handle = Borrow();
  CURL* curl = handle->curl.get();
  if (curl == nullptr) return Fail(ErrorKind::kInternal, "curl_easy_init failed");

  Exchange exchange;
  exchange.max_body = request.max_response_bytes;
  const HeaderList headers = BuildHeaderList(request);
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min(options_.connect_timeout, request.timeout).count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  if (!options_.ca_bundle.empty())
    curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  SetMethodAndBody(curl, request);

  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  CountNewConnection(curl);
  // Read while the handle is still this request's, and the handle cleared of what points
  // into this call (the error buffer, the header list, the exchange) before another request
  // may take it: every handle in the pool is reset, and a reset keeps its connections.
  const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  curl_easy_reset(curl);
  GiveBack(std::move(handle));
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && exchange.truncated)) {
    const std::string what = code == CURLE_OPERATION_TIMEDOUT ? "timed out" : "no HTTP response";
    return Fail(KindOf(code), Describe(request) + ": " + what + " (" + detail + ")");
  }
  exchange.response.status = static_cast<int>(status);
  return std::move(exchange.response);
}

}  // namespace delta_arc::http
