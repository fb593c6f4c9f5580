// docs/workload.schema.json stays in step with the code: every policy and
// every policy parameter in the registry, every top-level field the reader
// knows. (tests/check_workload_schema.py validates documents with it.)
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "sim/core/policy.h"
#include "test_support.h"

using namespace timeslice;

namespace {

nlohmann::json schema() {
  std::ifstream in(test::source_path("docs/workload.schema.json"));
  return nlohmann::json::parse(in);
}

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> names;
  for (const auto& [k, v] : object.items()) names.insert(k);
  return names;
}

}  // namespace

TEST_CASE("schema: the policies and their parameters are the registry's") {
  const nlohmann::json s = schema();
  const nlohmann::json& scheduler = s["$defs"]["scheduler"]["properties"];
  std::set<std::string> policies;
  for (const auto& name : scheduler["policy"]["enum"]) policies.insert(name.get<std::string>());
  std::set<std::string> registered;
  for (const PolicyInfo& p : policy_registry()) {
    registered.insert(p.name);
    for (const ParamSpec& param : p.params) {
      INFO(p.name << "." << param.name);
      CHECK(scheduler.contains(param.name));
    }
  }
  CHECK(policies == registered);
  CHECK(s["$defs"]["scheduler"]["additionalProperties"] == false);
}

TEST_CASE("schema: the top-level fields are the reader's") {
  const nlohmann::json s = schema();
  CHECK(keys(s["properties"]) == std::set<std::string>{"$schema", "name", "description", "time_unit", "seed",
                                                      "machine", "scheduler", "devices", "locks", "runtimes",
                                                      "channels", "templates", "tasks", "generate"});
  CHECK(s["additionalProperties"] == false);
  // A workload may name the schema, and write microseconds as the docs do.
  const Workload w = test::workload_from_json(
      R"({"$schema": "../docs/workload.schema.json", "time_unit": "µs",
          "tasks": [{"name": "A", "burst": 250}, {"name": "B", "burst": "1.5µs"}]})");
  CHECK(total_cpu_work(w, w.tasks[0]) == 250'000);
  CHECK(total_cpu_work(w, w.tasks[1]) == 1'500);
  CHECK_THROWS_WITH(test::workload_from_json(R"({"$schema": 5, "tasks": [{"name": "A", "burst": 1}]})"),
                    Catch::Contains("$schema: expected a string, got 5"));
}
