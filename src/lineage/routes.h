// The routes one deployment serves (ROUTES_FILE): each route is source connection, a
// bucket and prefix, a target connection and its mapping, run as a configuration of its
// own (its own scope, caches and report) over the deployment's one Atlan client and rate
// budget. Without ROUTES_FILE there is one route, the settings as they are.
//
//   routes:
//     - name: sales                       # [a-z0-9-], up to 32 characters, unique
//       SOURCE_CONNECTION_NAME: mysql-sales
//       S3_BUCKET_NAME: landing-sales
//       TARGET_CONNECTION_NAME: redshift-analytics
//       MAPPING_FILE: sales-mapping.yaml
//     - name: crm
//       S3_BUCKET_NAME: landing-crm
//       S3_PREFIX: exports/
//
// A route sets the settings settings.h marks per_route, by their names; the others hold
// for the whole deployment and are refused in a route. A route's value beats the
// deployment's (environment, .env, flags), which stands for every route that does not
// set it; an empty value unsets it for the route; naming one setting of a side's pair
// (POSTGRES_/SOURCE_CONNECTION_NAME) drops the other's deployment value. A route keeps
// its caches apart: unless it sets them, its cache files go in a folder of its name
// beside the deployment's, and CACHE_S3_PREFIX gains its name as a folder.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "lineage/config.h"

namespace delta_arc::lineage {

struct Route {
  std::string name;  // "" for the one route of a configuration without ROUTES_FILE
  Config config;
};

// Every route, each validated as LoadConfig validates one configuration; the problems of
// all of them at once, each line "<file>: route '<name>': <setting>: <why>". Two routes
// of one scope (the same bucket ARN and prefix) or one cache are refused: they would
// archive each other's assets.
Result<std::vector<Route>> LoadRoutes(const ConfigSources& sources, ConfigPurpose purpose);

// The routes `name` picks ("": all of them); an unknown name is an error naming the routes.
Result<std::vector<Route>> PickRoutes(std::vector<Route> routes, const std::string& name);
// The routes' names, joined by ", ", as errors list them.
std::string RouteNames(const std::vector<Route>& routes);

// A route's YAML as settings, for LoadRoutes and its tests: (name, settings) pairs, in
// the file's order. Problems name `source_name` and the line.
struct RouteEntry {
  std::string name;
  std::map<std::string, std::string> settings;  // an empty value: unset for the route
};
Result<std::vector<RouteEntry>> ParseRoutes(const std::string& yaml_text,
                                            const std::string& source_name);

}  // namespace delta_arc::lineage
