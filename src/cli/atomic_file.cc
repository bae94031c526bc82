// A file written whole or not at all; see atomic_file.h.
#include "cli/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace delta_arc::cli {

namespace {

// The temporary file open now, for the signal handler: one at a time in this CLI. A fixed
// buffer, as a handler may not allocate; unlink and raise are async-signal-safe.
char g_open_temporary[4096];
std::atomic<bool> g_has_temporary{false};

extern "C" void RemoveTemporaryThenDie(int signal) {
  if (g_has_temporary.load()) unlink(g_open_temporary);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void Track(const std::string& temporary) {
  if (temporary.size() >= sizeof g_open_temporary) return;  // left to the destructor alone
  std::memcpy(g_open_temporary, temporary.c_str(), temporary.size() + 1);
  g_has_temporary.store(true);
  std::signal(SIGINT, RemoveTemporaryThenDie);
  std::signal(SIGTERM, RemoveTemporaryThenDie);
}

void Untrack() {
  g_has_temporary.store(false);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace

Status AtomicFile::CheckWritable(const std::string& path) {
  auto file = Create(path);
  if (!file) return std::unexpected(file.error());
  return Ok();  // its destructor removes the temporary file
}

Result<AtomicFile> AtomicFile::Create(const std::string& path) {
  if (path.empty()) return Fail(ErrorKind::kInvalidArgument, "no file name given");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Fail(ErrorKind::kInvalidArgument, "cannot write " + path + ": it is a folder");
  }
  // Beside the target (so the rename stays on one filesystem), named after this process so
  // that two runs writing the same report never share one.
  const std::string temporary = path + ".partial-" + std::to_string(getpid());
  std::ofstream stream(temporary, std::ios::binary | std::ios::out | std::ios::noreplace);
  if (!stream) {
    return Fail(ErrorKind::kInvalidArgument, "cannot write " + path + ": " + std::strerror(errno) +
                                                 " (creating " + temporary + ")");
  }
  Track(temporary);
  return AtomicFile(path, temporary, std::move(stream));
}

AtomicFile::AtomicFile(std::string path, std::string temporary, std::ofstream stream)
    : path_(std::move(path)), temporary_(std::move(temporary)), stream_(std::move(stream)) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temporary_(std::exchange(other.temporary_, "")),
      stream_(std::move(other.stream_)) {}

AtomicFile::~AtomicFile() {
  Discard();
}

void AtomicFile::Discard() {
  if (temporary_.empty()) return;
  stream_.close();
  std::error_code ec;
  std::filesystem::remove(temporary_, ec);
  temporary_.clear();
  Untrack();
}

Status AtomicFile::Commit() {
  if (temporary_.empty()) return Fail(ErrorKind::kInternal, path_ + " was already written");
  stream_.close();
  if (!stream_) {
    Discard();
    return Fail(ErrorKind::kIo, "cannot write " + path_ + ": a write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(temporary_, path_, ec);
  if (ec) {
    Discard();
    return Fail(ErrorKind::kIo, "cannot write " + path_ + ": " + ec.message());
  }
  temporary_.clear();
  Untrack();
  return Ok();
}

}  // namespace delta_arc::cli
