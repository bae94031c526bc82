// File cache store; see cache_store.h.
#include "lineage/cache_store.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace delta_arc::lineage {

namespace {

Result<std::string> PathOf(const std::map<std::string, std::string>& paths,
                           const std::string& entry) {
  auto it = paths.find(entry);
  if (it == paths.end()) return Fail(ErrorKind::kInternal, "no cache file for " + entry);
  return it->second;
}

constexpr std::string_view kSealTag = "crc32 ";
constexpr size_t kSealLength = kSealTag.size() + 8 + 1;  // the tag, 8 hex digits, '\n'

uint32_t Crc32(std::string_view text) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes a uInt length: a view longer than 4 GiB goes in pieces.
  while (!text.empty()) {
    const auto n = static_cast<uInt>(std::min<size_t>(text.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(text.data()), n);
    text.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

std::string SealOf(std::string_view content) {
  char seal[kSealLength + 1];
  std::snprintf(seal, sizeof seal, "crc32 %08x\n", Crc32(content));
  return seal;
}

}  // namespace

std::string Sealed(std::string content) {
  if (!content.empty() && !content.ends_with('\n')) content += '\n';
  content += SealOf(content);
  return content;
}

std::optional<std::string_view> Unsealed(std::string_view entry, std::string& problem) {
  const std::string_view seal =
      entry.size() < kSealLength ? "" : entry.substr(entry.size() - kSealLength);
  if (!seal.starts_with(kSealTag) || !seal.ends_with('\n')) {
    problem = "no checksum: cut short, or written by an earlier version";
    return std::nullopt;
  }
  const std::string_view body = entry.substr(0, entry.size() - kSealLength);
  if (SealOf(body) != seal) {
    problem = "damaged: its checksum does not match";
    return std::nullopt;
  }
  return body;
}

Result<std::optional<std::string>> FileCacheStore::Read(const std::string& entry) {
  auto path = PathOf(paths_, entry);
  if (!path) return std::unexpected(path.error());
  std::ifstream in(*path, std::ios::binary);
  if (!in) return std::optional<std::string>();
  std::stringstream content;
  content << in.rdbuf();
  return std::optional<std::string>(content.str());
}

Status FileCacheStore::Write(const std::string& entry, const std::string& content) {
  auto path = PathOf(paths_, entry);
  if (!path) return std::unexpected(path.error());
  const std::filesystem::path target(*path);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string temp = *path + ".tmp." + std::to_string(getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorKind::kIo, "cannot write cache file " + temp + ": " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return Fail(ErrorKind::kIo, "cannot write cache file " + temp + ": " + reason);
    }
    written += static_cast<size_t>(n);
  }
  // Flushed before the rename, so a crash leaves the old file or the new one, never half.
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temp.c_str(), path->c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return Fail(ErrorKind::kIo, "cannot replace cache file " + *path + ": " + reason);
  }
  return Ok();
}

Status FileCacheStore::Remove(const std::string& entry) {
  auto path = PathOf(paths_, entry);
  if (!path) return std::unexpected(path.error());
  std::error_code ec;
  std::filesystem::remove(*path, ec);
  if (ec) return Fail(ErrorKind::kIo, "cannot remove cache file " + *path + ": " + ec.message());
  return Ok();
}

std::string FileCacheStore::Describe(const std::string& entry) const {
  auto it = paths_.find(entry);
  return it == paths_.end() ? entry : it->second;
}

}  // namespace delta_arc::lineage
