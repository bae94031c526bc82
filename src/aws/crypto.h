// The hashes SigV4 needs (SHA-256, HMAC-SHA256), S3's MD5, hex output, base64 decoding for
// binary secrets and encoding (the HTML report's script hash); thin wrappers over OpenSSL.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace delta_arc::aws {

// Raw 32-byte digests.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);

std::string HexEncode(std::string_view bytes);
std::string Sha256Hex(std::string_view data);
// The MD5 that S3 uses for checksums (Content-MD5, S3 Inventory's manifests), in hex.
std::string Md5Hex(std::string_view data);

// The same MD5 over data that comes in parts (a file read in ranges).
class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void Update(std::string_view data);
  std::string FinishHex();  // once

 private:
  ::evp_md_ctx_st* context_;
};

Result<std::string> Base64Decode(std::string_view text);
std::string Base64Encode(std::string_view bytes);  // standard alphabet, padded

}  // namespace delta_arc::aws
