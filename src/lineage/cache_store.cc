// File cache store; see cache_store.h.
#include "lineage/cache_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace

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
