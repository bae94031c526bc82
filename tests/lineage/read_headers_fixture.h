// Reading what a table's objects say about its columns, over a bucket held in memory: the
// fixture of the column-link and object-format tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "lineage/match.h"
#include "lineage/run_steps.h"

namespace delta_arc::lineage {

using Names = std::vector<std::string>;

inline TableInfo TableAt(const std::string& qn, const std::vector<std::string>& columns) {
  TableInfo t{"Table", qn.substr(qn.rfind('/') + 1), qn, {}};
  int order = 1;
  for (const auto& c : columns) t.columns.push_back({c, qn + "/" + c, order++});
  return t;
}

// "postgres>snowflake" for each column the link carries.
inline Names Linked(const TableLink& link) {
  Names out;
  for (const auto& c : link.columns) out.push_back(c.source->name + ">" + c.target->name);
  return out;
}

// A bucket of whole files; ReadRange fails on a zero-byte object as S3 answers a range
// request for one (416 InvalidRange), and records every key read (once per ranged GET). Until
// `overlap` reads have once been in flight together, a read waits (up to 10 s) for the others, so
// that reads that overlap are shown without timing anything.
class Bucket : public ObjectSource {
 public:
  using Files = std::map<std::string, std::string>;
  explicit Bucket(Files files) : files_(std::move(files)) {}
  Status List(const std::string&,
              const std::function<Status(std::vector<ObjectInfo>&&)>&) override {
    return Ok();
  }
  Result<FolderListing> ListFolder(const std::string&) override { return FolderListing{}; }
  Result<ObjectBytes> ReadRange(const ObjectInfo& object, int64_t first, size_t bytes) override {
    const std::string& key = object.key;
    std::unique_lock lock(mutex_);
    reads.push_back(key);
    ++in_flight_;
    max_in_flight = std::max(max_in_flight, in_flight_);
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      overlapped_ = overlapped_ || in_flight_ >= overlap;
      return overlapped_;
    });
    --in_flight_;
    const std::string& body = files_.at(key);
    if (body.empty()) return Fail(ErrorKind::kInvalidArgument, "416 InvalidRange");
    const auto from = std::min(static_cast<size_t>(first), body.size());
    return ObjectBytes{body.substr(from, bytes), object.etag};
  }
  Result<ObjectInfo> Head(const std::string& key) override {
    return Fail(ErrorKind::kNotFound, key);
  }
  // The listing: every file, one millisecond newer than the one before.
  std::vector<ObjectInfo> Objects() const {
    std::vector<ObjectInfo> out;
    for (const auto& [key, body] : files_) {
      out.push_back({key, static_cast<int64_t>(body.size()), 1000 + ++order_, "etag"});
    }
    return out;
  }
  std::vector<std::string> reads;
  size_t overlap = 1;
  size_t max_in_flight = 0;

 private:
  Files files_;
  mutable int64_t order_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t in_flight_ = 0;
  bool overlapped_ = false;
};

class ReadHeaders : public ::testing::Test {
 protected:
  // Reads the headers of one table whose objects are `files` (newest last by key).
  std::vector<std::string> Link(Bucket& bucket, size_t concurrency = 1) {
    const auto objects = bucket.Objects();
    MatchResult match;
    match.links.push_back({&pg_, &sf_, {}, {}, std::nullopt, {}, {}});
    for (size_t i = 0; i < objects.size(); ++i) match.links[0].objects.push_back(i);
    ReadHeadersAndLinkColumns(bucket, headers_, log_, objects, Mapping::Default(), match,
                              concurrency);
    return Linked(match.links[0]);
  }
  bool Logged(const std::string& text) const {
    for (const auto& line : lines_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  const TableInfo pg_ = TableAt("pg/DB/S/CUSTOMERS", {"customer_id", "name", "city"});
  const TableInfo sf_ = TableAt("sf/DB/S/CUSTOMERS", {"CUSTOMERID", "NAME", "CITY"});
  std::vector<std::string> lines_;
  Logger log_{LogLevel::kInfo, false, [this](const std::string& line) { lines_.push_back(line); }};
  HeaderCache headers_;  // what earlier runs read
};

inline const Names kEveryColumn = {"customer_id>CUSTOMERID", "name>NAME", "city>CITY"};

}  // namespace delta_arc::lineage
