// Planning; see plan.h.
#include "lineage/plan.h"

#include <map>
#include <set>

#include "atlan/index_search.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

const std::vector<std::string> kOwnedTypes = {"S3Object", "Process", "ColumnProcess"};

std::string Attr(const json& entity, const char* key) {
  if (!entity.contains("attributes") || !entity["attributes"].contains(key) ||
      !entity["attributes"][key].is_string()) {
    return "";
  }
  return entity["attributes"][key].get<std::string>();
}

ExistingAsset ToExisting(const json& entity) {
  const std::string type = entity.value("typeName", "");
  return {entity.value("guid", ""),
          type,
          Attr(entity, "qualifiedName"),
          Attr(entity, "name"),
          Fingerprint(type, entity.value("attributes", json::object())),
          json()};
}

// Collects the desired entities in write order and diffs each against Atlan.
class PlanBuilder {
 public:
  explicit PlanBuilder(const PlanInput& input) : in_(input), diff_(plan_, *input.existing) {}

  Result<Plan> Build() {
    if (auto s = CheckBucketOwner(); !s) return std::unexpected(s.error());
    plan_.create_connection = !in_.connection_exists;
    if (plan_.create_connection) {
      json connection = ConnectionEntity(in_.connection_name, in_.scope.connection_qn, in_.admins);
      plan_.creates.push_back({"Connection", in_.scope.connection_qn, in_.connection_name, ""});
      plan_.writes.push_back(std::move(connection));
    }
    AddBucket();
    AddObjects();
    AddProcesses();
    AddArchives();
    return std::move(plan_);
  }

 private:
  Status CheckBucketOwner() {
    const auto& bucket = in_.existing->bucket;
    if (bucket && in_.existing->bucket_connection_qn != in_.scope.connection_qn) {
      return Fail(ErrorKind::kConflict,
                  "S3_BUCKET_ARN: " + in_.scope.bucket_arn +
                      " is already registered in Atlan under connection " +
                      in_.existing->bucket_connection_qn + " (" + bucket->qualified_name +
                      "); give S3_BUCKET_ARN a suffix to register the bucket again here");
    }
    return Ok();
  }

  void Want(json entity) { diff_.Want(std::move(entity)); }

  void AddBucket() { Want(BucketEntity(in_.scope, static_cast<int64_t>(in_.objects->size()))); }

  void AddObjects() {
    for (const auto& object : *in_.objects) {
      Want(ObjectEntity(in_.scope, object));
      ++plan_.objects;
    }
  }

  json ObjectRef(size_t index) const {
    return RefByQualifiedName("S3Object", in_.scope.ObjectQualifiedName((*in_.objects)[index].key));
  }

  void AddProcesses() {
    // Loads are per Snowflake table: every object of every link that loads it.
    std::map<const TableInfo*, std::vector<size_t>> loads;
    for (const auto& link : in_.match->links) {
      if (link.postgres != nullptr) {
        std::vector<json> outputs;
        for (size_t i : link.objects) outputs.push_back(ObjectRef(i));
        Want(ProcessEntity(
            in_.scope, in_.scope.ExtractProcessQualifiedName(link.postgres->qualified_name),
            link.postgres->name + " → S3",
            {RefByQualifiedName(link.postgres->type_name, link.postgres->qualified_name)},
            outputs));
        ++plan_.processes;
      }
      if (link.snowflake != nullptr) {
        auto& objects = loads[link.snowflake];
        objects.insert(objects.end(), link.objects.begin(), link.objects.end());
      }
    }
    for (const auto& [table, objects] : loads) {
      std::vector<json> inputs;
      for (size_t i : objects) inputs.push_back(ObjectRef(i));
      Want(ProcessEntity(in_.scope, in_.scope.LoadProcessQualifiedName(table->qualified_name),
                         "S3 → " + table->name, inputs,
                         {RefByQualifiedName(table->type_name, table->qualified_name)}));
      ++plan_.processes;
    }
    for (const auto& link : in_.match->links) {
      if (link.postgres == nullptr || link.snowflake == nullptr) continue;
      const json parent = RefByQualifiedName(
          "Process", in_.scope.LoadProcessQualifiedName(link.snowflake->qualified_name));
      for (const auto& c : link.columns) {
        Want(ColumnProcessEntity(in_.scope,
                                 in_.scope.ColumnProcessQualifiedName(c.postgres->qualified_name,
                                                                      c.snowflake->qualified_name),
                                 c.postgres->name + " → " + c.snowflake->name,
                                 RefByQualifiedName("Column", c.postgres->qualified_name),
                                 RefByQualifiedName("Column", c.snowflake->qualified_name),
                                 parent));
        ++plan_.column_processes;
      }
    }
  }

  void AddArchives() {
    for (const auto& [key, asset] : in_.existing->owned) {
      if (!diff_.Wanted(key)) {
        plan_.archives.push_back({asset.type_name, asset.qualified_name, asset.name, asset.guid});
      }
    }
    std::sort(plan_.archives.begin(), plan_.archives.end(),
              [](const PlannedChange& a, const PlannedChange& b) {
                return a.qualified_name < b.qualified_name;
              });
  }

  const PlanInput& in_;
  Plan plan_;
  PlanDiff diff_;
};

}  // namespace

std::string ExistingKey(const std::string& type, const std::string& qn) {
  return type + "\n" + qn;
}

const ExistingAsset* PlanDiff::Find(const std::string& type, const std::string& qn) const {
  if (type == "S3Bucket") return existing_.bucket ? &*existing_.bucket : nullptr;
  auto it = existing_.owned.find(ExistingKey(type, qn));
  return it == existing_.owned.end() ? nullptr : &it->second;
}

void PlanDiff::Want(json entity) {
  const std::string type = entity["typeName"];
  const std::string qn = entity["attributes"]["qualifiedName"];
  const std::string name = entity["attributes"].value("name", "");
  wanted_.insert(ExistingKey(type, qn));
  const ExistingAsset* existing = Find(type, qn);
  if (existing == nullptr) {
    plan_.creates.push_back({type, qn, name, ""});
  } else if (existing->fingerprint != Fingerprint(type, entity["attributes"])) {
    plan_.updates.push_back({type, qn, name, existing->guid});
  } else {
    ++plan_.unchanged;
    return;
  }
  plan_.writes.push_back(std::move(entity));
}

void PlanDiff::Update(json entity, const ExistingAsset& existing) {
  wanted_.insert(ExistingKey(existing.type_name, existing.qualified_name));
  plan_.updates.push_back(
      {existing.type_name, existing.qualified_name, existing.name, existing.guid});
  plan_.writes.push_back(std::move(entity));
}

Result<ExistingAssets> FetchExisting(atl::AtlanClient& client, const Scope& scope,
                                     const ExistingQuery& query) {
  json bucket_by_arn = atl::Filter(json::array(
      {atl::Term("__typeName.keyword", "S3Bucket"), atl::Term("awsArn", scope.bucket_arn)}));
  json any = json::array({bucket_by_arn});
  if (query.connection_exists) {
    json names =
        query.only_names
            ? atl::Terms("qualifiedName", *query.only_names)
            : json{{"bool",
                    {{"should",
                      json::array(
                          {atl::Prefix("qualifiedName", scope.ObjectQualifiedNamePrefix()),
                           atl::Prefix("qualifiedName", scope.ProcessQualifiedNamePrefix())})},
                     {"minimum_should_match", 1}}}};
    any.push_back(atl::Filter(
        json::array({atl::Terms("__typeName.keyword", kOwnedTypes),
                     atl::Term("connectionQualifiedName", scope.connection_qn), names})));
  }
  atl::SearchSpec spec;
  spec.filters =
      json::array({atl::ActiveOnly(), {{"bool", {{"should", any}, {"minimum_should_match", 1}}}}});
  spec.attributes = WrittenAttributes();
  spec.attributes.push_back("name");
  spec.page_size = query.page_size;
  ExistingAssets existing;
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) {
      ExistingAsset asset = ToExisting(entity);
      if (query.keep_attributes) asset.attributes = entity.value("attributes", json::object());
      if (asset.type_name == "S3Bucket") {
        // Prefer the registration under this deployment's connection.
        const std::string conn = Attr(entity, "connectionQualifiedName");
        if (!existing.bucket || conn == scope.connection_qn) {
          existing.bucket = asset;
          existing.bucket_connection_qn = conn;
        }
        continue;
      }
      existing.owned.emplace(ExistingKey(asset.type_name, asset.qualified_name), std::move(asset));
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  return existing;
}

Result<Plan> BuildPlan(const PlanInput& input) {
  return PlanBuilder(input).Build();
}

}  // namespace delta_arc::lineage
