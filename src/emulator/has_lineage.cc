// __hasLineage; see has_lineage.h. atlas-metastore EntityGraphMapper.addHasLineage (a
// process with an ACTIVE input and an ACTIVE output marks itself and its assets) and
// DeleteHandlerV1.removeHasLineageOnDelete / resetHasLineageOnInputOutputDelete (an
// asset keeps the flag while another active process with lineage still has it).
#include "emulator/has_lineage.h"

#include <algorithm>
#include <vector>

#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

// The assets on `side` of `process`.
Result<std::vector<std::string>> Sides(EntityStore& store, const std::string& process,
                                       const char* side) {
  auto refs = store.Related(process, side);
  if (!refs) return std::unexpected(refs.error());
  std::vector<std::string> out;
  for (const auto& ref : *refs) out.push_back(ref.other_guid);
  return out;
}

bool AnyActive(const std::vector<RelatedStub>& related) {
  return std::any_of(related.begin(), related.end(),
                     [](const RelatedStub& r) { return r.other.state == "ACTIVE"; });
}

class Refresh {
 public:
  explicit Refresh(EntityStore& store) : store_(store) {}

  // The sides of every process to look at, in one read. A refresh changes no state and
  // keeps the flags it sets in `changed`, so what is read here holds throughout.
  Status ReadSides(const std::set<std::string>& processes) {
    auto related = store_.AllRelatedStubsOf({processes.begin(), processes.end()}, true);
    if (!related) return std::unexpected(related.error());
    sides_ = std::move(*related);
    return Ok();
  }

  // A process's flag: ACTIVE with an ACTIVE input and an ACTIVE output. Each process is
  // looked at once (`changes.processes` is a set), before any asset: its stub's flag is
  // the store's.
  Status Process(const std::string& guid) {
    auto e = store_.FindStubByGuid(guid);
    if (!e) return std::unexpected(e.error());
    if (!*e || !IsA((*e)->type_name, "Process")) return Ok();
    const RelatedByAttribute& related = sides_[guid];
    const std::vector<RelatedStub> none;
    std::vector<const std::vector<RelatedStub>*> sides;
    for (const char* side : {"inputs", "outputs"}) {
      const auto it = related.find(side);
      sides.push_back(it == related.end() ? &none : &it->second);
    }
    const bool lineage = (*e)->state == "ACTIVE" && AnyActive(*sides[0]) && AnyActive(*sides[1]);
    if (lineage == (*e)->has_lineage) return Ok();
    changed[guid] = lineage;
    // A flip reaches every asset on its sides: one to true gives each the flag (this
    // process is the one it needs); one to false asks each for its other processes.
    for (const auto* side : sides) {
      for (const auto& asset : *side) {
        if (auto s = lineage ? Flag(asset.other) : Asset(asset.other.guid); !s) return s;
      }
    }
    return Ok();
  }

  // An asset on a side of a process that now has lineage.
  Status Flag(const EntityStub& asset) {
    if (!IsA(asset.type_name, "Process") && !FlagOf(asset)) changed[asset.guid] = true;
    return Ok();
  }

  // An asset newly on a side of a process: it may gain the flag, never lose it.
  Status Gained(const std::string& guid) {
    if (auto it = changed.find(guid); it != changed.end() && it->second) return Ok();
    return Asset(guid, /*may_lose=*/false);
  }

  // An asset's flag: on a side of some ACTIVE process that has lineage.
  Status Asset(const std::string& guid, bool may_lose = true) {
    auto e = store_.FindStubByGuid(guid);
    if (!e) return std::unexpected(e.error());
    if (!*e || IsA((*e)->type_name, "Process")) return Ok();
    const bool flagged = FlagOf(**e);
    if (!may_lose && flagged) return Ok();
    bool lineage = false;
    for (const char* attribute : {"inputToProcesses", "outputFromProcesses"}) {
      auto processes = store_.RelatedStubs(guid, attribute);
      if (!processes) return std::unexpected(processes.error());
      lineage = std::any_of(processes->begin(), processes->end(), [this](const RelatedStub& p) {
        return p.other.state == "ACTIVE" && FlagOf(p.other);
      });
      if (lineage) break;
    }
    if (lineage != flagged) changed[guid] = lineage;
    return Ok();
  }

  // The flags that changed, set in one statement per value.
  Status Write() {
    std::vector<std::string> set[2];  // [flag]
    for (const auto& [guid, lineage] : changed) set[lineage ? 1 : 0].push_back(guid);
    for (const bool lineage : {false, true}) {
      if (auto s = store_.SetAttributeInPlace(set[lineage ? 1 : 0], kHasLineage, lineage); !s) {
        return s;
      }
    }
    return Ok();
  }

  std::map<std::string, bool> changed;

 private:
  // An asset's flag as this refresh leaves it: the store's until Write, overlaid with
  // `changed`.
  bool FlagOf(const EntityStub& asset) const {
    const auto it = changed.find(asset.guid);
    return it != changed.end() ? it->second : asset.has_lineage;
  }

  EntityStore& store_;
  std::map<std::string, RelatedByAttribute> sides_;  // ReadSides
};

}  // namespace

Result<std::map<std::string, bool>> RefreshHasLineage(EntityStore& store,
                                                      const LineageChanges& changes) {
  Refresh refresh(store);
  if (auto s = refresh.ReadSides(changes.processes); !s) return std::unexpected(s.error());
  for (const auto& guid : changes.processes) {
    if (auto s = refresh.Process(guid); !s) return std::unexpected(s.error());
  }
  for (const auto& guid : changes.added) {
    if (changes.removed.contains(guid)) continue;  // looked at whole below
    if (auto s = refresh.Gained(guid); !s) return std::unexpected(s.error());
  }
  for (const auto& guid : changes.removed) {
    if (auto s = refresh.Asset(guid); !s) return std::unexpected(s.error());
  }
  if (auto s = refresh.Write(); !s) return std::unexpected(s.error());
  return refresh.changed;
}

Status CollectLineageOf(EntityStore& store, const Entity& entity, LineageChanges& changes) {
  const bool process = IsA(entity.type_name, "Process");
  for (const char* attribute :
       process ? std::vector<const char*>{"inputs", "outputs"}
               : std::vector<const char*>{"inputToProcesses", "outputFromProcesses"}) {
    auto guids = Sides(store, entity.guid, attribute);
    if (!guids) return std::unexpected(guids.error());
    for (const auto& g : *guids) (process ? changes.removed : changes.processes).insert(g);
  }
  (process ? changes.processes : changes.removed).insert(entity.guid);
  return Ok();
}

}  // namespace delta_arc::emulator
