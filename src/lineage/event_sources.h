// The event run's sources (run.h): the full run's planning on a narrower input, without
// listing the bucket. The input is every object of the tables the events touch: the
// events' objects as HeadObject finds them now (S3 does not order its events; what exists
// now is what counts), and the other objects Atlan's processes of those tables already
// hold. From that the one generator (DesiredWrites) yields the tables' desired assets, as
// a full sync of the bucket would; what Atlan holds of them and is no longer desired (a
// deleted object, the processes of a table left without objects, column processes no
// remaining header carries) is archived. Processes are only ever appended to
// (ProcessWrites::kAppend), so concurrent events for other files of the same table never
// overwrite each other.
//
// ObjectEvents plans the events' objects (S3_LINEAGE_LEVEL=object). TouchedFolders
// (S3_LINEAGE_LEVEL=prefix) plans the whole of each table folder the events touch, listed
// now (a folder's counts and freshness are of all its files), and the folders above them
// counted by S3's delimiter listing as a full run counts them; an upper folder left
// holding no table folder is archived by the next full sync.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lineage/run.h"

namespace delta_arc::lineage {

// What both event sources share: the events read, the objects the tables' processes
// hold added, the report of the events' objects, and what Atlan holds of them.
class EventSource : public RunSource {
 public:
  EventSource(const Config& config, const Mapping& mapping, PipelineDeps& deps,
              const std::vector<ObjectEvent>& events)
      : config_(config), mapping_(mapping), deps_(deps), events_(events) {}

  RunOptions Options() const override;
  // Reads each event's object as it is now: present (upserted) or gone (archived if
  // registered), whichever the event said; skips and reports events for other buckets,
  // keys outside S3_PREFIX and ignored keys.
  Status Gather(const RunStart* start, RunReport& report) override;
  // False when every event is skipped (another bucket, outside S3_PREFIX, an ignored key):
  // the run then has nothing to read or ask Atlan.
  bool AnyEventToRead() const;
  // The report lists the events' objects only.
  void Describe(const PlanSources& sources, RunReport& report) override;
  // What Collect found Atlan holds of the touched tables, split by `desired`.
  Result<ExistingAssets> Existing(const PlanSources& sources, bool connection_exists,
                                  const std::unordered_set<uint64_t>& desired) override;

 protected:
  // Why an event is not read: another bucket, outside S3_PREFIX, an ignored key.
  std::optional<std::string> WhySkipped(const ObjectEvent& event) const;
  // The events' keys as objects: those present as HeadObject found them, those gone bare.
  std::vector<ObjectInfo> EventObjects() const;
  // Adds to the input every other object the touched tables' processes hold (in
  // existing_), as Atlan registered it (or, when search does not show it yet, as
  // HeadObject finds it): not the events' objects, nor what `covered_folders` cover.
  Status AddHeldObjects(PlanSources& sources, const std::vector<std::string>& covered_folders);
  // The names of the scope's assets `objects` alone would make desired, every column pair
  // linked (no header read): all that Atlan may hold of them, whatever the headers say.
  std::vector<std::string> DesiredNamesOf(const PlanSources& sources,
                                          std::vector<ObjectInfo> objects) const;
  // What Atlan holds of the scope by these names and under these name prefixes, with the
  // attributes a plan compares and appends to.
  Result<ExistingAssets> FetchNamed(const Scope& scope, std::vector<std::string> names,
                                    std::vector<std::string> name_prefixes);

  const Config& config_;
  const Mapping& mapping_;
  PipelineDeps& deps_;
  const std::vector<ObjectEvent>& events_;
  std::vector<ObjectInfo> present_;  // the events' objects that exist now
  std::vector<std::string> gone_;    // the events' keys that no longer exist
  ExistingAssets existing_;          // what Atlan holds of the touched tables
};

// S3_LINEAGE_LEVEL=object: the events' objects and those their tables' processes hold.
class ObjectEvents : public EventSource {
 public:
  using EventSource::EventSource;
  Result<bool> Collect(PlanSources& sources, RunReport& report) override;

 private:
  Result<ExistingAssets> FetchTouched(const PlanSources& sources);
};

// S3_LINEAGE_LEVEL=prefix: every object of the table folders the events touch.
class TouchedFolders : public EventSource {
 public:
  using EventSource::EventSource;
  Result<bool> Collect(PlanSources& sources, RunReport& report) override;

 private:
  Result<bool> ListTouchedFolders(PlanSources& sources);
  Result<ExistingAssets> FetchTouchedFolders(const PlanSources& sources);
  Status FoldTouchedFolders(PlanSources& sources);

  std::vector<std::string> touched_folders_;  // the events' table folders
  std::vector<std::string> upper_folders_;    // and the folders above them
};

}  // namespace delta_arc::lineage
