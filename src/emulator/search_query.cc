// ES DSL → SQL; see search_query.h. Semantics follow Elasticsearch on keyword
// fields: exact matches, arrays match when any element matches.
#include "emulator/search_query.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>
#include <type_traits>
#include <variant>

#include "common/json_text.h"
#include "common/keyword_case.h"
#include "emulator/es_regexp.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

// The most values a `terms` query takes: Elasticsearch's index.max_terms_count default.
constexpr size_t kMaxTermsCount = 65536;

// A searchable field: either a column of the entity table or an attribute in its JSON.
struct Field {
  std::string column;       // set for indexed columns
  std::string attribute;    // set for any other attribute
  bool normalized = false;  // a keyword with Atlan's lowercase normalizer

  // Builds `predicate` over this field, where "{}" stands for the field's value.
  std::string Where(const std::string& predicate) const {
    std::string value = column.empty() ? "j.value" : column;
    if (normalized) value = "keyword_lower(" + value + ")";
    std::string out;
    for (size_t i = 0; i < predicate.size(); ++i) {
      if (predicate.compare(i, 2, "{}") == 0) {
        out += value;
        ++i;
      } else {
        out += predicate[i];
      }
    }
    if (!column.empty()) return "(" + out + ")";
    // json_each yields one row for a scalar and one per element for an array.
    return "EXISTS(SELECT 1 FROM json_each(e.attributes, '$.\"" + attribute + "\"') AS j WHERE " +
           out + ")";
  }

  // A query value as the index compares it: normalized keywords compare lowercased.
  SqlValue Param(const json& v) const;
};

// Keyword fields that Atlan's index maps with its `atlan_normalizer` (a lowercase
// filter), so terms on them match any case. atlas-metastore: GraphBackedSearchIndexer
// (KEYWORD_MULTIFIELD on __typeName and __superTypeNames, ES_KEYWORD_FIELD on
// __meaningNames) and the typedefs' indexTypeESFields (…/models/…/007_all_custom_models.json:
// Asset.name, displayName, description, userDescription and the SQL parent names carry a
// normalized `keyword` sub-field; certificateStatus and Column.dataType are normalized
// themselves). qualifiedName, connectorName, connectionQualifiedName, __state and
// __guid are plain keywords: exact.
}  // namespace

bool IsNormalizedKeyword(const std::string& field) {
  static const std::set<std::string> kNormalized = {"__typeName.keyword",
                                                    "__superTypeNames.keyword",
                                                    "__meaningNames",
                                                    "name.keyword",
                                                    "displayName.keyword",
                                                    "description.keyword",
                                                    "userDescription.keyword",
                                                    "databaseName.keyword",
                                                    "schemaName.keyword",
                                                    "tableName.keyword",
                                                    "viewName.keyword",
                                                    "calculationViewName.keyword",
                                                    "parentColumnName.keyword",
                                                    "certificateStatus",
                                                    "dataType",
                                                    "sourceTagName.keyword",
                                                    "assetDbtAlias.keyword",
                                                    "assetDbtUniqueId.keyword",
                                                    "modelName.keyword",
                                                    "assetDbtProjectName.keyword",
                                                    "assetDbtJobName.keyword"};
  return kNormalized.contains(field);
}

namespace {

bool IsPlainName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

Result<Field> ResolveField(std::string name) {
  static const std::vector<std::pair<std::string, std::string>> kColumns = {
      {"__typeName.keyword", "e.type_name"},
      {"__typeName", "e.type_name"},
      {"__state", "e.state"},
      {"__guid", "e.guid"},
      {"qualifiedName", "e.qualified_name"},
      {"qualifiedName.keyword", "e.qualified_name"},
      {"name.keyword", "e.name"},
      {"name", "e.name"},
      {"connectionQualifiedName", "e.connection_qn"},
      {"connectorName", "e.connector_name"},
      {"__timestamp", "e.created_at"},
      {"__modificationTimestamp", "e.updated_at"},
      // The same times as dates (Atlan's index: a date sub-field of each timestamp, which
      // pyatlan's CREATE_TIME_AS_DATE / UPDATE_TIME_AS_DATE search with a format).
      {"__timestamp.date", "e.created_at"},
      {"__modificationTimestamp.date", "e.updated_at"},
      {"__createdBy", "e.created_by"},
      {"__modifiedBy", "e.updated_by"},
  };
  bool normalized = IsNormalizedKeyword(name);
  // A `.text` sub-field is the value analyzed into lowercase words (Atlan's typedefs give
  // qualifiedName, name and others one, e.g. pyatlan's QUALIFIED_NAME "qualifiedName.text"):
  // the field itself, compared without case.
  if (name.ends_with(".text")) {
    name.resize(name.size() - 5);
    normalized = true;
  }
  for (const auto& [field, column] : kColumns) {
    if (field == name) return Field{column, "", normalized};
  }
  if (name.ends_with(".keyword")) name.resize(name.size() - 8);
  if (!IsPlainName(name)) {
    return Fail(ErrorKind::kInvalidArgument, "unsupported search field '" + name + "'");
  }
  return Field{"", name, normalized};
}

SqlValue ToSqlValue(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return static_cast<int64_t>(v.get<bool>() ? 1 : 0);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return v.get<double>();
  return std::monostate{};
}

// A parameter's value as JSON, as SQLite's json_each gives it back (NULL as null).
json ToJson(const SqlValue& v) {
  return std::visit(
      [](const auto& value) -> json {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::monostate>) {
          return nullptr;
        } else {
          return value;
        }
      },
      v);
}

SqlValue Field::Param(const json& v) const {
  if (normalized && v.is_string()) return LowercaseKeyword(v.get<std::string>());
  return ToSqlValue(v);
}

// ES accepts {"field": value} and {"field": {"value": value, ...options}}.
struct FieldClause {
  std::string field;
  json value;
  json options = json::object();
};

Result<FieldClause> ReadFieldClause(const json& clause, const char* kind,
                                    const char* value_key = "value") {
  if (!clause.is_object() || clause.size() != 1) {
    return Fail(ErrorKind::kInvalidArgument, std::string("'") + kind + "' needs exactly one field");
  }
  const std::string field = clause.begin().key();
  const json& body = clause.begin().value();
  FieldClause out{field, body};
  if (body.is_object()) {
    if (!body.contains(value_key)) {
      return Fail(ErrorKind::kInvalidArgument,
                  std::string("'") + kind + "' on '" + field + "' has no '" + value_key + "'");
    }
    out.value = body.at(value_key);
    out.options = body;
  }
  return out;
}

// Converts an ES wildcard pattern (* and ?) into a SQLite GLOB pattern.
std::string WildcardToGlob(const std::string& pattern) {
  std::string glob;
  for (char c : pattern) {
    if (c == '[') {
      glob += "[[]";
    } else if (c == '\\') {
      continue;  // ES escape character; the next character is taken literally below
    } else {
      glob += c;
    }
  }
  return glob;
}

// A date as Elasticsearch's default date formats read it (strict_date_optional_time or
// epoch_millis): "2026-12-05", "2026-12-05T10:30", "2026-12-05T10:30:00.123Z", or
// milliseconds. The fields left out are the start of their period, or its last
// millisecond when `round_up` (ES rounds up the bounds gt and lte: "lte 2026-12-05"
// takes in the whole day). Times are UTC.
std::optional<int64_t> ParseDate(const std::string& text, bool round_up) {
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::stoll(text);
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3) return std::nullopt;
  int64_t span = 24 * 3600 * 1000;  // what the text leaves open
  std::string rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    int n = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &h, &mi, &n) != 2) return std::nullopt;
    span = 60 * 1000;
    rest = rest.substr(static_cast<size_t>(1 + n));
    if (!rest.empty() && rest[0] == ':') {
      if (std::sscanf(rest.c_str() + 1, "%2d%n", &sec, &n) != 1) return std::nullopt;
      span = 1000;
      rest = rest.substr(static_cast<size_t>(1 + n));
      if (!rest.empty() && rest[0] == '.') {
        if (std::sscanf(rest.c_str() + 1, "%3d%n", &ms, &n) != 1) return std::nullopt;
        span = 1;
        rest = rest.substr(static_cast<size_t>(1 + n));
      }
    }
  }
  if (!rest.empty() && rest != "Z") return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y),
                                         std::chrono::month(static_cast<unsigned>(mo)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  const int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const int64_t start = ((days * 24 + h) * 60 + mi) * 60'000 + sec * 1000 + ms;
  return round_up ? start + span - 1 : start;
}

size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

class Translator {
 public:
  explicit Translator(bool normalize_keywords) : normalize_keywords_(normalize_keywords) {}

  Result<std::string> Clause(const json& q) {
    if (!q.is_object() || q.size() != 1) {
      return Fail(ErrorKind::kInvalidArgument, "each query clause must be an object with one key");
    }
    const std::string kind = q.begin().key();
    const json& body = q.begin().value();
    if (kind == "bool") return Bool(body);
    if (kind == "match_all") return std::string("1");
    if (kind == "match_none") return std::string("0");
    if (kind == "term") return Term(body);
    if (kind == "terms") return Terms(body);
    if (kind == "prefix") return Prefix(body);
    if (kind == "wildcard") return Wildcard(body);
    if (kind == "regexp") return Regexp(body);
    if (kind == "exists") return Exists(body);
    if (kind == "range") return Range(body);
    if (kind == "match") return Match(body);
    return Fail(ErrorKind::kInvalidArgument, "unsupported query clause '" + kind + "'");
  }

  std::vector<SqlValue> params;

 private:
  // A field as this search compares it: normalized keywords only while the emulator
  // normalizes them (as Atlan always does).
  Result<Field> Resolve(const std::string& name) const {
    auto field = ResolveField(name);
    if (field && !normalize_keywords_) field->normalized = false;
    return field;
  }

  bool normalize_keywords_;
  Result<std::vector<std::string>> Clauses(const json& body) {
    std::vector<std::string> out;
    if (body.is_object()) {
      auto c = Clause(body);
      if (!c) return std::unexpected(c.error());
      out.push_back(*c);
      return out;
    }
    if (!body.is_array()) {
      return Fail(ErrorKind::kInvalidArgument, "bool clauses must be an object or an array");
    }
    for (const auto& item : body) {
      auto c = Clause(item);
      if (!c) return std::unexpected(c.error());
      out.push_back(*c);
    }
    return out;
  }

  Result<std::string> Bool(const json& body) {
    if (!body.is_object()) return Fail(ErrorKind::kInvalidArgument, "'bool' must be an object");
    std::vector<std::string> all;
    bool has_required = false;
    for (const char* key : {"must", "filter"}) {
      if (!body.contains(key)) continue;
      auto cs = Clauses(body.at(key));
      if (!cs) return std::unexpected(cs.error());
      has_required = has_required || !cs->empty();
      all.insert(all.end(), cs->begin(), cs->end());
    }
    if (body.contains("must_not")) {
      auto cs = Clauses(body.at("must_not"));
      if (!cs) return std::unexpected(cs.error());
      for (const auto& c : *cs) all.push_back("NOT " + c);
    }
    if (body.contains("should")) {
      auto cs = Clauses(body.at("should"));
      if (!cs) return std::unexpected(cs.error());
      // ES: with no must/filter, at least one should clause must match.
      int64_t minimum = has_required ? 0 : 1;
      if (body.contains("minimum_should_match")) {
        const auto& m = body.at("minimum_should_match");
        if (m.is_number_integer()) {
          minimum = m.get<int64_t>();
        } else if (m.is_string()) {
          try {
            minimum = std::stoll(m.get<std::string>());
          } catch (...) {
            return Fail(ErrorKind::kInvalidArgument, "unsupported minimum_should_match");
          }
        }
      }
      if (minimum == 1 && !cs->empty()) {
        // A plain OR lets SQLite use an index for each branch.
        std::string any;
        for (const auto& c : *cs) any += (any.empty() ? "" : " OR ") + c;
        all.push_back("(" + any + ")");
      } else if (minimum > 1 && !cs->empty()) {
        std::string sum;
        for (const auto& c : *cs) {
          sum += (sum.empty() ? "" : " + ") + ("(CASE WHEN " + c + " THEN 1 ELSE 0 END)");
        }
        all.push_back("(" + sum + ") >= " + std::to_string(minimum));
      }
    }
    for (const auto& key : body.items()) {
      static const std::vector<std::string> kKnown = {
          "must", "filter", "must_not", "should", "minimum_should_match", "boost"};
      if (std::find(kKnown.begin(), kKnown.end(), key.key()) == kKnown.end()) {
        return Fail(ErrorKind::kInvalidArgument, "unsupported bool key '" + key.key() + "'");
      }
    }
    if (all.empty()) return std::string("1");
    std::string out;
    for (const auto& c : all) out += (out.empty() ? "" : " AND ") + c;
    return "(" + out + ")";
  }

  // The field as a clause compares it: `case_insensitive` makes any keyword compare
  // as a normalized one.
  Result<Field> ClauseField(const FieldClause& clause) const {
    auto field = Resolve(clause.field);
    if (field && clause.options.value("case_insensitive", false)) field->normalized = true;
    return field;
  }

  // Type names are few and known: a normalized type-name term compares the registry's
  // own spelling exactly, so the index on the type column still serves it.
  static json ExactTypeName(Field& field, const json& value) {
    if (field.column != "e.type_name" || !field.normalized || !value.is_string()) return value;
    field.normalized = false;
    return CanonicalTypeName(value.get<std::string>()).value_or("");
  }

  Result<std::string> Term(const json& body) {
    auto clause = ReadFieldClause(body, "term");
    if (!clause) return std::unexpected(clause.error());
    if (auto super = SuperTypeTerm(*clause)) return *super;
    auto field = ClauseField(*clause);
    if (!field) return std::unexpected(field.error());
    const json value = ExactTypeName(*field, clause->value);
    params.push_back(field->Param(value));
    return field->Where("{} = ?");
  }

  // __superTypeNames holds every supertype of an asset's type; the emulator knows
  // the hierarchy, so it becomes a test on the type name. Its keyword is normalized.
  std::optional<std::string> SuperTypeTerm(const FieldClause& clause) {
    if (clause.field != "__superTypeNames.keyword" && clause.field != "__superTypeNames") {
      return std::nullopt;
    }
    std::string super = clause.value.is_string() ? clause.value.get<std::string>() : "";
    if (clause.field == "__superTypeNames.keyword" && normalize_keywords_) {
      super = CanonicalTypeName(super).value_or(super);
    }
    std::string in;
    for (const auto& type : TypesWithSuperType(super)) {
      in += (in.empty() ? "?" : ",?");
      params.push_back(type);
    }
    if (in.empty()) return std::string("0");
    return "e.type_name IN (" + in + ")";
  }

  Result<std::string> Terms(const json& body) {
    if (!body.is_object()) return Fail(ErrorKind::kInvalidArgument, "'terms' must be an object");
    std::string field_name;
    json values;
    for (const auto& [key, value] : body.items()) {
      if (key == "boost") continue;
      field_name = key;
      values = value;
    }
    if (!values.is_array()) {
      return Fail(ErrorKind::kInvalidArgument, "'terms' needs an array of values");
    }
    if (values.size() > kMaxTermsCount) {
      // Elasticsearch's own refusal (TermsQueryBuilder, index.max_terms_count).
      return Fail(ErrorKind::kInvalidArgument,
                  "The number of terms [" + std::to_string(values.size()) +
                      "] used in the Terms Query request has exceeded the allowed maximum of [" +
                      std::to_string(kMaxTermsCount) +
                      "]. This maximum can be set by changing the [index.max_terms_count] index "
                      "level setting.");
    }
    if (values.empty()) return std::string("0");
    if (field_name == "__superTypeNames.keyword" || field_name == "__superTypeNames") {
      std::string any;
      for (const auto& v : values) {
        auto c = SuperTypeTerm({field_name, v});
        any += (any.empty() ? "" : " OR ") + *c;
      }
      return "(" + any + ")";
    }
    auto field = Resolve(field_name);
    if (!field) return std::unexpected(field.error());
    // One parameter, the values as a JSON array: SQLite takes at most 32,766 parameters a
    // statement (SQLITE_MAX_VARIABLE_NUMBER), fewer than a terms query's 65,536 values.
    Field compared = *field;
    json list = json::array();
    for (const auto& v : values) {
      compared = *field;
      list.push_back(ToJson(compared.Param(ExactTypeName(compared, v))));
    }
    params.push_back(JsonText(list));
    return compared.Where("{} IN (SELECT value FROM json_each(?))");
  }

  Result<std::string> Prefix(const json& body) {
    auto clause = ReadFieldClause(body, "prefix");
    if (!clause) return std::unexpected(clause.error());
    if (!clause->value.is_string()) {
      return Fail(ErrorKind::kInvalidArgument, "'prefix' needs a string");
    }
    auto field = ClauseField(*clause);
    if (!field) return std::unexpected(field.error());
    std::string prefix = clause->value.get<std::string>();
    if (field->normalized) {
      // Lowercasing keeps the number of code points (simple case mapping).
      const std::string length = std::to_string(Utf8Length(prefix));
      params.push_back(field->Param(clause->value));
      return field->Where("substr({}, 1, " + length + ") = ?");
    }
    // Byte-wise, the strings starting with `prefix` are exactly those in [prefix, next),
    // where next is the prefix with its last byte incremented: an index range.
    std::string next = prefix;
    while (!next.empty() && static_cast<unsigned char>(next.back()) == 0xFF) next.pop_back();
    params.push_back(prefix);
    if (next.empty()) return field->Where("{} >= ?");
    next.back() = static_cast<char>(static_cast<unsigned char>(next.back()) + 1);
    params.push_back(next);
    return field->Where("{} >= ? AND {} < ?");
  }

  Result<std::string> Wildcard(const json& body) {
    auto clause = ReadFieldClause(body, "wildcard");
    if (!clause) {
      clause = ReadFieldClause(body, "wildcard", "wildcard");
      if (!clause) return std::unexpected(clause.error());
    }
    if (!clause->value.is_string()) {
      return Fail(ErrorKind::kInvalidArgument, "'wildcard' needs a string");
    }
    auto field = ClauseField(*clause);
    if (!field) return std::unexpected(field.error());
    const std::string pattern = clause->value.get<std::string>();
    params.push_back(WildcardToGlob(field->normalized ? LowercaseKeyword(pattern) : pattern));
    return field->Where("{} GLOB ?");
  }

  // Elasticsearch's regexp: a Lucene regular expression matching the whole value
  // (es_regexp.h), without case on a normalized keyword or with case_insensitive.
  Result<std::string> Regexp(const json& body) {
    auto clause = ReadFieldClause(body, "regexp");
    if (!clause) return std::unexpected(clause.error());
    if (!clause->value.is_string()) {
      return Fail(ErrorKind::kInvalidArgument, "'regexp' needs a string");
    }
    const std::string pattern = clause->value.get<std::string>();
    if (auto why = CheckRegexp(pattern); !why.empty()) {
      return Fail(ErrorKind::kInvalidArgument,
                  "'regexp' on '" + clause->field + "': " + std::string(why));
    }
    auto field = ClauseField(*clause);
    if (!field) return std::unexpected(field.error());
    if (clause->field == "__superTypeNames.keyword" || clause->field == "__superTypeNames") {
      // The supertypes the pattern matches, then the types under any of them.
      std::string any;
      for (const auto& super : AllSuperTypeNames()) {
        const bool match = field->normalized ? RegexpMatchesIgnoringCase(pattern, super)
                                             : RegexpMatches(pattern, super);
        if (!match) continue;
        auto c = SuperTypeTerm({clause->field, super});
        any += (any.empty() ? "" : " OR ") + *c;
      }
      return any.empty() ? std::string("0") : "(" + any + ")";
    }
    params.push_back(pattern);
    return field->Where(field->normalized ? "es_regexp_icase(?, {})" : "es_regexp(?, {})");
  }

  Result<std::string> Exists(const json& body) {
    if (!body.is_object() || !body.contains("field") || !body.at("field").is_string()) {
      return Fail(ErrorKind::kInvalidArgument, "'exists' needs a 'field'");
    }
    auto field = Resolve(body.at("field").get<std::string>());
    if (!field) return std::unexpected(field.error());
    return field->Where("{} IS NOT NULL");
  }

  Result<std::string> Range(const json& body) {
    if (!body.is_object() || body.size() != 1 || !body.begin().value().is_object()) {
      return Fail(ErrorKind::kInvalidArgument, "'range' needs one field with bounds");
    }
    auto field = Resolve(body.begin().key());
    if (!field) return std::unexpected(field.error());
    std::string predicate;
    static const std::vector<std::pair<std::string, std::string>> kOps = {
        {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
    for (const auto& [key, value] : body.begin().value().items()) {
      auto op =
          std::find_if(kOps.begin(), kOps.end(), [&](const auto& p) { return p.first == key; });
      if (op == kOps.end()) {
        if (key == "format" || key == "time_zone" || key == "boost") continue;
        return Fail(ErrorKind::kInvalidArgument, "unsupported range bound '" + key + "'");
      }
      predicate += (predicate.empty() ? "" : " AND ") + ("{} " + op->second + " ?");
      const bool timestamp = field->column == "e.created_at" || field->column == "e.updated_at";
      if (timestamp && value.is_string()) {
        auto at = ParseDate(value.get<std::string>(), key == "gt" || key == "lte");
        if (!at) {
          return Fail(ErrorKind::kInvalidArgument,
                      "failed to parse date field [" + value.get<std::string>() + "]");
        }
        params.push_back(*at);
        continue;
      }
      params.push_back(ToSqlValue(value));
    }
    if (predicate.empty()) return std::string("1");
    return field->Where(predicate);
  }

  // `match` on analyzed text: every whitespace-separated token must occur, any case.
  Result<std::string> Match(const json& body) {
    auto clause = ReadFieldClause(body, "match", "query");
    if (!clause) return std::unexpected(clause.error());
    auto field = Resolve(clause->field);
    if (!field) return std::unexpected(field.error());
    std::string text =
        clause->value.is_string() ? clause->value.get<std::string>() : clause->value.dump();
    std::string predicate;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) {
        predicate +=
            (predicate.empty() ? "" : " AND ") + std::string("instr(keyword_lower({}), ?) > 0");
        params.emplace_back(LowercaseKeyword(text.substr(start, end - start)));
      }
      start = end + 1;
    }
    if (predicate.empty()) return std::string("1");
    return field->Where(predicate);
  }
};

}  // namespace

Result<SqlFilter> TranslateQuery(const json& query, bool normalize_keywords) {
  if (query.is_null()) return SqlFilter{"1", {}};
  Translator t(normalize_keywords);
  auto where = t.Clause(query);
  if (!where) return std::unexpected(where.error());
  return SqlFilter{*where, std::move(t.params)};
}

SqlFilter BothOf(const SqlFilter& first, const SqlFilter& second) {
  if (second.where == "1") return first;
  if (first.where == "1") return second;
  // The parameters are positional: the first's, then the second's, as the text reads.
  SqlFilter out{"(" + first.where + ") AND (" + second.where + ")", first.params};
  out.params.insert(out.params.end(), second.params.begin(), second.params.end());
  return out;
}

Result<SqlOrder> TranslateSort(const json& sort) {
  std::string order;
  std::string leading;
  std::vector<SqlOrder::Key> keys;
  bool has_guid = false;
  auto add = [&](const std::string& field, const std::string& direction) -> Status {
    auto resolved = ResolveField(field);
    if (!resolved) return std::unexpected(resolved.error());
    std::string dir = direction == "desc" ? "DESC" : "ASC";
    std::string expr = resolved->column.empty()
                           ? "json_extract(e.attributes, '$.\"" + resolved->attribute + "\"')"
                           : resolved->column;
    if (resolved->column == "e.guid") has_guid = true;
    if (order.empty()) leading = resolved->column;
    order += (order.empty() ? "" : ", ") + expr + " " + dir;
    keys.push_back({expr, dir});
    return Ok();
  };
  if (!sort.is_null()) {
    const json items = sort.is_array() ? sort : json::array({sort});
    for (const auto& item : items) {
      Status s;
      if (item.is_string()) {
        s = add(item.get<std::string>(), "asc");
      } else if (item.is_object() && item.size() == 1) {
        const std::string field = item.begin().key();
        const json& spec = item.begin().value();
        std::string direction =
            spec.is_string() ? spec.get<std::string>() : spec.value("order", std::string("asc"));
        s = add(field, direction);
      } else {
        return Fail(ErrorKind::kInvalidArgument, "each sort entry must name one field");
      }
      if (!s) return std::unexpected(s.error());
    }
  }
  if (order.empty()) leading = "e.guid";
  if (!has_guid) {
    order += (order.empty() ? "" : ", ") + std::string("e.guid ASC");
    keys.push_back({"e.guid", "ASC"});
  }
  return SqlOrder{order, leading, keys};
}

}  // namespace delta_arc::emulator
