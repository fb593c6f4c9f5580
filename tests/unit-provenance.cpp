// Results say how they were made: the timeslice version, the seed, and the
// scheduler and machine after every command-line override, in the JSON
// result, compare's JSON, the Chrome trace, the SVG and beside --csv-dir.
#include <catch2/catch.hpp>

#include <regex>

#include <nlohmann/json.hpp>

#include "sim/format/provenance.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;
using nlohmann::json;

namespace {

const std::string kFile = source_path("workloads/convoy.json");  // fcfs, quantum 5, seed 1
const std::string kOverrides =
    " --policy rr --quantum 3ms --seed 9 --cpus 2 --set costs.process_switch=2us --set same_time=requeue_first";

std::string version() {
  const CliResult r = run_cli("--version");
  REQUIRE(r.status == 0);
  return r.out.substr(std::string("timeslice ").size(), r.out.size() - 11);
}

// The effective parameters after kOverrides.
void check_overridden(const json& p) {
  INFO(p.dump(2));
  CHECK(p["generator"] == "timeslice");
  CHECK(p["version"] == version());
  CHECK(p["seed"] == 9);
  CHECK(p["scheduler"]["policy"] == "rr");
  CHECK(p["scheduler"]["quantum_ns"] == 3'000'000);
  CHECK(p["scheduler"]["same_time"] == "requeue_first");
  CHECK(p["scheduler"]["queues"] == "global");
  CHECK(p["machine"]["cpus"] == 2);
  CHECK(p["machine"]["costs"]["process_switch_ns"] == 2'000);
  CHECK(p["machine"]["costs"]["thread_switch_ns"] == 0);
  CHECK_FALSE(p["machine"].contains("cpu_list"));  // identical CPUs: a count says it all
}

std::string temp(const std::string& name) { return (temp_dir() / name).string(); }

}  // namespace

TEST_CASE("provenance: the effective scheduler, with defaults of what is not set") {
  const Workload w = workload_from_json(R"({"seed": 3, "scheduler": {"policy": "mlfq", "levels": 2,
      "boost": "50ms"}, "machine": {"cpus": [{"name": "big", "speed": 2.5, "class": "big"}, {"name": "l"}],
      "tick": "1ms"}, "tasks": [{"name": "A", "burst": 1}]})");
  const json p = provenance_json(w);
  CHECK(p["version"] == timeslice_version());
  CHECK(p["seed"] == 3);
  CHECK(p["scheduler"]["levels"] == 2);
  CHECK(p["scheduler"]["boost_ns"] == 50'000'000);  // durations in integer ns
  CHECK(p["scheduler"]["defaults"]["reset_on_block"] == "false");
  CHECK_FALSE(p["scheduler"]["defaults"].contains("levels"));
  CHECK(p["machine"]["tick_ns"] == 1'000'000);
  CHECK(p["machine"]["cpu_list"] ==
        json::parse(R"([{"name": "big", "speed": 2.5, "class": "big"}, {"name": "l", "speed": 1.0, "class": ""}])"));
  CHECK(provenance_lines(w, "# ").rfind(std::string("# timeslice ") + timeslice_version() + ", seed 3\n# scheduler {", 0) == 0);
}

TEST_CASE("provenance: run's JSON, trace, SVG and CSV directory carry the overridden parameters") {
  const CliResult r = run_cli("run " + quote(kFile) + kOverrides + " --format json --trace " +
                              quote(temp("p.json")) + " --svg " + quote(temp("p.svg")) + " --csv-dir " +
                              quote(temp("p-csv")));
  REQUIRE(r.status == 0);
  const json result = json::parse(r.out);
  check_overridden(result["provenance"]);
  check_overridden(json::parse(read_text(temp("p.json")))["otherData"]["provenance"]);
  check_overridden(json::parse(read_text(temp_dir() / "p-csv" / "provenance.json")));

  const std::string svg = read_text(temp("p.svg"));
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex("<metadata id=\"timeslice-provenance\">([^<]*)</metadata>")));
  const std::string text = std::regex_replace(m[1].str(), std::regex("&quot;"), "\"");
  check_overridden(json::parse(text));

  // --summary keeps it; the file's own values show without options.
  const json plain = json::parse(run_cli("run " + quote(kFile) + " --format json --summary").out);
  CHECK(plain["provenance"]["scheduler"]["policy"] == "fcfs");
  CHECK(plain["provenance"]["seed"] == 1);
}

TEST_CASE("provenance: compare's JSON has a scheduler per run") {
  const CliResult r = run_cli("compare " + quote(kFile) + " --policies fcfs,rr --quantum 3ms --seed 9 --format json");
  REQUIRE(r.status == 0);
  const json j = json::parse(r.out);
  CHECK(j["provenance"]["seed"] == 9);
  CHECK(j["provenance"]["version"] == version());
  CHECK_FALSE(j["provenance"].contains("scheduler"));
  REQUIRE(j["runs"].size() == 2);
  CHECK(j["runs"][0]["scheduler"]["policy"] == "fcfs");
  CHECK(j["runs"][1]["scheduler"]["policy"] == "rr");
  CHECK(j["runs"][1]["scheduler"]["quantum_ns"] == 3'000'000);
}
