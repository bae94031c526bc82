// __hasLineage; see has_lineage.h. atlas-metastore EntityGraphMapper.addHasLineage (a
// process with an ACTIVE input and an ACTIVE output marks itself and its assets) and
// DeleteHandlerV1.removeHasLineageOnDelete / resetHasLineageOnInputOutputDelete (an
// asset keeps the flag while another active process with lineage still has it).
#include "emulator/has_lineage.h"

#include <vector>

#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

constexpr const char* kHasLineage = "__hasLineage";

bool Flag(const Entity& e) {
  auto it = e.attributes.find(kHasLineage);
  return it != e.attributes.end() && it->is_boolean() && it->get<bool>();
}

Result<std::vector<std::string>> Sides(EntityStore& store, const std::string& process,
                                       const char* side) {
  auto refs = store.Related(process, side);
  if (!refs) return std::unexpected(refs.error());
  std::vector<std::string> out;
  for (const auto& ref : *refs) out.push_back(ref.other_guid);
  return out;
}

// Whether one of the assets behind `side` of `process` is ACTIVE.
Result<bool> AnyActive(EntityStore& store, const std::string& process, const char* side) {
  auto guids = Sides(store, process, side);
  if (!guids) return std::unexpected(guids.error());
  for (const auto& guid : *guids) {
    auto e = store.FindByGuid(guid);
    if (!e) return std::unexpected(e.error());
    if (*e && (*e)->state == "ACTIVE") return true;
  }
  return false;
}

class Refresh {
 public:
  explicit Refresh(EntityStore& store) : store_(store) {}

  // A process's flag: ACTIVE with an ACTIVE input and an ACTIVE output.
  Status Process(const std::string& guid) {
    auto e = store_.FindByGuid(guid);
    if (!e) return std::unexpected(e.error());
    if (!*e || !IsA((*e)->type_name, "Process")) return Ok();
    bool lineage = (*e)->state == "ACTIVE";
    for (const char* side : {"inputs", "outputs"}) {
      if (!lineage) break;
      auto any = AnyActive(store_, guid, side);
      if (!any) return std::unexpected(any.error());
      lineage = *any;
    }
    if (lineage == Flag(**e)) return Ok();
    if (auto s = Set(**e, lineage); !s) return s;
    // A flip reaches every asset on its sides.
    for (const char* side : {"inputs", "outputs"}) {
      auto guids = Sides(store_, guid, side);
      if (!guids) return std::unexpected(guids.error());
      for (const auto& g : *guids) {
        if (auto s = Asset(g); !s) return s;
      }
    }
    return Ok();
  }

  // An asset's flag: on a side of some ACTIVE process that has lineage.
  Status Asset(const std::string& guid) {
    auto e = store_.FindByGuid(guid);
    if (!e) return std::unexpected(e.error());
    if (!*e || IsA((*e)->type_name, "Process")) return Ok();
    bool lineage = false;
    for (const char* attribute : {"inputToProcesses", "outputFromProcesses"}) {
      auto processes = Sides(store_, guid, attribute);
      if (!processes) return std::unexpected(processes.error());
      for (const auto& p : *processes) {
        auto process = store_.FindByGuid(p);
        if (!process) return std::unexpected(process.error());
        if (*process && (*process)->state == "ACTIVE" && Flag(**process)) lineage = true;
        if (lineage) break;
      }
      if (lineage) break;
    }
    if (lineage == Flag(**e)) return Ok();
    return Set(**e, lineage);
  }

  std::set<std::string> changed;

 private:
  Status Set(const Entity& e, bool lineage) {
    changed.insert(e.guid);
    return store_.SetAttributeInPlace(e.guid, kHasLineage, lineage);
  }

  EntityStore& store_;
};

}  // namespace

Result<std::set<std::string>> RefreshHasLineage(EntityStore& store, const LineageChanges& changes) {
  Refresh refresh(store);
  for (const auto& guid : changes.processes) {
    if (auto s = refresh.Process(guid); !s) return std::unexpected(s.error());
  }
  for (const auto* assets : {&changes.added, &changes.removed}) {
    for (const auto& guid : *assets) {
      if (auto s = refresh.Asset(guid); !s) return std::unexpected(s.error());
    }
  }
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
