// A file written whole or not at all: the text goes to a temporary file beside the
// target, which takes the target's name (rename, atomic on one filesystem) only on
// Commit. A run that fails, or a write that fails, leaves the target as it was and no
// temporary file behind; nor does SIGINT or SIGTERM while one is open (its handler
// removes the file, then the signal ends the process as it would have).
#pragma once

#include <fstream>
#include <string>

#include "common/error.h"

namespace delta_arc::cli {

class AtomicFile {
 public:
  // Creates the temporary file at once, so a path that cannot be written (no such
  // folder, a folder itself, no permission) fails before any work: kInvalidArgument,
  // naming the path.
  static Result<AtomicFile> Create(const std::string& path);
  // What Create checks, leaving nothing behind: for a file written at the end of a long
  // run, whose path should fail before the run starts.
  static Status CheckWritable(const std::string& path);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  const std::string& path() const { return path_; }
  std::ostream& stream() { return stream_; }

  // Flushes, closes and renames over the target; kIo naming the path when any write failed.
  Status Commit();

 private:
  AtomicFile(std::string path, std::string temporary, std::ofstream stream);
  void Discard();

  std::string path_;
  std::string temporary_;  // empty once committed or discarded
  std::ofstream stream_;
};

}  // namespace delta_arc::cli
