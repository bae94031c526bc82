// The asset types the emulator knows, modelled on Atlan's typedefs: their
// supertypes, mandatory attributes and relationship attributes (with inverses).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace delta_arc::emulator {

struct RelationDef {
  std::string name;         // attribute name on this type, e.g. "inputs"
  std::string target_type;  // a type or supertype the related asset must have
  bool many = false;
  std::string inverse;            // attribute name on the target that lists this asset
  std::string relationship_type;  // Atlas relationship typedef name
  // Declared among the type's own attributeDefs (Process inputs/outputs), not only as a
  // relationship attribute: Atlas's write answers carry it, as they carry every attribute
  // of the type (EntityGraphMapper.constructHeader with entityType.getAllAttributes()).
  bool own_attribute = false;
};

struct TypeDef {
  std::string name;
  std::vector<std::string> supertypes;  // transitive, nearest first
  std::vector<std::string> required;    // mandatory attributes beyond qualifiedName and name
  std::vector<RelationDef> relations;   // including those inherited
};

// nullptr for a type the emulator does not know.
const TypeDef* FindType(const std::string& name);

// Every concrete type that is `super` or has it among its supertypes.
std::vector<std::string> TypesWithSuperType(const std::string& super);

// Every name __superTypeNames can hold: each supertype of a known type.
std::vector<std::string> AllSuperTypeNames();

bool IsA(const std::string& type, const std::string& super);

// The registry's spelling of a type or supertype name given in any case ("CONNECTION" →
// "Connection"), as Atlan's normalized __typeName.keyword matches it; nullopt if unknown.
std::optional<std::string> CanonicalTypeName(const std::string& name);

// The relation named `attribute` on `type`, including inverse ends (e.g. a Table's
// "inputToProcesses"); nullopt when `attribute` is a plain attribute.
std::optional<RelationDef> FindRelation(const std::string& type, const std::string& attribute);

}  // namespace delta_arc::emulator
