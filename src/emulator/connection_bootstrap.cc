// Connection bootstrap windows; see connection_bootstrap.h.
#include "emulator/connection_bootstrap.h"

namespace delta_arc::emulator {

void ConnectionBootstrap::Started(const std::string& qualified_name, int64_t duration_ms) {
  if (duration_ms <= 0) return;
  std::lock_guard lock(mu_);
  until_[qualified_name] = clock_.NowMillis() + duration_ms;
}

bool ConnectionBootstrap::Pending(const std::string& qualified_name) const {
  std::lock_guard lock(mu_);
  auto it = until_.find(qualified_name);
  return it != until_.end() && clock_.NowMillis() < it->second;
}

void ConnectionBootstrap::SettleAll() {
  std::lock_guard lock(mu_);
  until_.clear();
}

std::string OwningConnection(const std::string& type_name, const std::string& qualified_name,
                             const std::string& connection_qualified_name) {
  if (type_name == "Connection") return qualified_name;
  if (!connection_qualified_name.empty()) return connection_qualified_name;
  size_t end = 0;
  for (int segment = 0; segment < 3 && end != std::string::npos; ++segment) {
    end = qualified_name.find('/', end == 0 ? 0 : end + 1);
  }
  return end == std::string::npos ? "" : qualified_name.substr(0, end);
}

std::string OwningConnection(const Entity& entity) {
  auto it = entity.attributes.find("connectionQualifiedName");
  return OwningConnection(
      entity.type_name, entity.qualified_name,
      it != entity.attributes.end() && it->is_string() ? it->get<std::string>() : std::string());
}

}  // namespace delta_arc::emulator
