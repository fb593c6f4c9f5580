// `timeslice sweep` and `timeslice compare` end to end: the grid in order,
// byte-identical output for any number of threads, shards that merge back
// into the whole grid with the documented command, errors that name the
// option, and compare covering every policy in one aligned table.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/policy.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice::test;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  return fields;
}

// A workload with I/O and switch costs, so every parameter changes something.
const char* kWorkload = R"({
  "name": "sweep test",
  "machine": { "cpus": 1, "costs": { "process_switch": "20us" } },
  "scheduler": { "policy": "rr", "quantum": 4 },
  "devices": [ { "name": "disk", "channels": 2 } ],
  "tasks": [
    { "name": "A", "burst": 30 },
    { "name": "B", "arrival": 1, "program": [ { "repeat": 4, "program": [ { "cpu": 2 }, { "io": "disk", "duration": 5 } ] } ] },
    { "name": "C", "arrival": 2, "burst": 9 },
    { "name": "D", "arrival": 3, "program": [ { "cpu": 1 }, { "sleep": 6 }, { "cpu": 4 } ] }
  ]
})";

std::string workload_file() {
  const fs::path path = temp_dir() / "sweep.json";
  if (!fs::exists(path)) std::ofstream(path, std::ios::binary) << kWorkload;
  return quote(path.string());
}

// The merge command documented in `timeslice sweep --help` and the README.
const char* kMerge =
    "{ head -n 1 part-1.csv | cut -d, -f2-; tail -q -n +2 part-*.csv | LC_ALL=C sort -t, -k1,1n | cut -d, -f2-; }";

}  // namespace

TEST_CASE("sweep: a row per grid point, first --set slowest, parameters then summary") {
  const CliResult r = run_cli("sweep " + workload_file() +
                              " --set policy=rr,srtf,fcfs --set quantum=1ms,500us --jobs 2");
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1 + 6);
  CHECK(lines[0].rfind("policy,quantum_ns,makespan_ns,tasks,completed,throughput_per_s,", 0) == 0);
  CHECK(lines[0].find("workload") == std::string::npos);
  const char* expected[][2] = {{"rr", "1000000"},   {"rr", "500000"},   {"srtf", "1000000"},
                               {"srtf", "500000"}, {"fcfs", "1000000"}, {"fcfs", "500000"}};
  for (std::size_t i = 0; i < 6; ++i) {
    const auto f = fields_of(lines[i + 1]);
    CHECK(f.size() == fields_of(lines[0]).size());
    CHECK(f[0] == expected[i][0]);
    CHECK(f[1] == expected[i][1]);
    CHECK(f[3] == "4");  // tasks
  }
  // The quantum matters to rr and not to fcfs; a note says so once.
  CHECK(lines[1] != lines[2]);
  CHECK(lines[5].substr(lines[5].find(',', 5)) == lines[6].substr(lines[6].find(',', 5)));
  CHECK(r.err == "timeslice: note: --set quantum is not used by srtf, fcfs\n");  // and no progress bar: not a terminal
}

TEST_CASE("sweep: a row equals the run command's summary with the same options") {
  const CliResult sweep = run_cli("sweep " + workload_file() + " --set quantum=2ms --set cpus=2 --set seed=5");
  const CliResult run = run_cli("run " + workload_file() + " --quantum 2ms --cpus 2 --seed 5 --format csv --summary");
  REQUIRE(sweep.status == 0);
  REQUIRE(run.status == 0);
  // run: workload,policy,<figures>; sweep: quantum_ns,cpus,seed,policy,<figures>.
  const std::string run_row = lines_of(run.out)[1];
  const std::string figures = run_row.substr(run_row.find(',') + 1);
  CHECK(lines_of(sweep.out)[1] == "2000000,2,5," + figures);
  CHECK(lines_of(sweep.out)[0].rfind("quantum_ns,cpus,seed,policy,makespan_ns,", 0) == 0);
}

TEST_CASE("sweep: byte-identical whatever the number of threads") {
  const std::string args = "sweep " + workload_file() +
                           " --set quantum=1,2,3,5,8 --set costs.process_switch=0,5us,50us --set cpus=1,2";
  const CliResult one = run_cli(args + " --jobs 1");
  const CliResult four = run_cli(args + " --jobs 4");
  const CliResult many = run_cli(args + " --jobs 64");
  const CliResult again = run_cli(args);
  REQUIRE(one.status == 0);
  CHECK(lines_of(one.out).size() == 1 + 5 * 3 * 2);
  CHECK(one.out == four.out);
  CHECK(one.out == many.out);
  CHECK(one.out == again.out);
  CHECK(lines_of(one.out)[0].rfind("quantum_ns,costs.process_switch_ns,cpus,policy,", 0) == 0);
}

TEST_CASE("sweep: shards 1..3 merged with the documented command equal the whole grid") {
  const std::string grid = " --set policy=rr,mlfq,srtf,fcfs --set quantum=1ms,4ms,9ms --set costs.scheduler=0,2us";
  const CliResult whole = run_cli("sweep " + workload_file() + grid + " -o " + quote((temp_dir() / "whole.csv").string()));
  REQUIRE(whole.status == 0);
  const fs::path dir = temp_dir() / "shards";
  fs::create_directories(dir);
  for (int k = 1; k <= 3; ++k) {
    const std::string out = (dir / ("part-" + std::to_string(k) + ".csv")).string();
    REQUIRE(run_cli("sweep " + workload_file() + grid + " --shard " + std::to_string(k) + "/3 -o " + quote(out)).status == 0);
    const auto lines = lines_of(read_text(out));
    CHECK(lines[0].rfind("grid_index,policy,quantum_ns,", 0) == 0);
    // Round robin: shard k holds the points i with i mod 3 == k-1.
    for (std::size_t i = 1; i < lines.size(); ++i)
      CHECK(std::stoul(fields_of(lines[i])[0]) % 3 == static_cast<std::size_t>(k - 1));
    CHECK(lines.size() == 1 + 8);  // 24 points / 3
  }
  const std::string merge = std::string("cd ") + quote(dir.string()) + " && " + kMerge + " > merged.csv";
  REQUIRE(std::system(merge.c_str()) == 0);
  const std::string merged = read_text(dir / "merged.csv");
  CHECK(lines_of(merged).size() == 1 + 24);
  CHECK(merged == read_text(temp_dir() / "whole.csv"));
}

TEST_CASE("sweep: shards of a grid that does not divide evenly, and more shards than points") {
  const std::string grid = " --set quantum=1,2,3,4,5,6,7 --set seed=1";
  const CliResult whole = run_cli("sweep " + workload_file() + grid);
  const fs::path dir = temp_dir() / "uneven";
  fs::create_directories(dir);
  for (int k = 1; k <= 3; ++k)
    REQUIRE(run_cli("sweep " + workload_file() + grid + " --shard " + std::to_string(k) + "/3 -o " +
                    quote((dir / ("part-" + std::to_string(k) + ".csv")).string()))
                .status == 0);
  REQUIRE(std::system((std::string("cd ") + quote(dir.string()) + " && " + kMerge + " > merged.csv").c_str()) == 0);
  CHECK(read_text(dir / "merged.csv") == whole.out);

  const CliResult empty = run_cli("sweep " + workload_file() + " --set quantum=1,2 --shard 5/9");
  REQUIRE(empty.status == 0);
  CHECK(lines_of(empty.out).size() == 1);  // the header only
}

TEST_CASE("sweep: keys reach the workload like the run command's options") {
  // Scheduler parameters by name, costs, tick, until, list values in brackets.
  const CliResult r = run_cli("sweep " + workload_file() +
                              " --set policy=mlfq --set quanta=[2,4,8],[1ms,1ms,1ms] --set boost=50ms"
                              " --set reset_on_block=true,false --set tick=0,1ms --set until=10ms,1s");
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  CHECK(lines.size() == 1 + 2 * 2 * 2 * 2);
  CHECK(lines[0].rfind("policy,quanta_ns,boost_ns,reset_on_block,tick_ns,until_ns,makespan_ns,", 0) == 0);
  CHECK(lines[1].rfind("mlfq,2000000 4000000 8000000,50000000,true,0,10000000,10000000,", 0) == 0);
  // A 10ms horizon stops the run early: not every task completes.
  CHECK(fields_of(lines[1])[8] != "4");
  CHECK(fields_of(lines[2])[8] == "4");

  const CliResult costs = run_cli("sweep " + workload_file() + " --set costs.process_switch=0,1ms");
  REQUIRE(costs.status == 0);
  const auto c = lines_of(costs.out);
  const std::size_t overhead = 23;  // overhead_share column
  REQUIRE(fields_of(c[0])[overhead] == "overhead_share");
  CHECK(fields_of(c[1])[overhead] < fields_of(c[2])[overhead]);
}

TEST_CASE("sweep: errors name the option and exit 1; usage errors exit 2") {
  const std::string file = workload_file();
  struct Case {
    std::string args, error;
  };
  const Case cases[] = {
      {"--set quantum=0", "timeslice: --set quantum=0: must be greater than 0\n"},
      {"--set quantum=1ms,abc", "timeslice: --set quantum=abc: "},
      {"--set quantm=1", "timeslice: --set quantm: unknown key \"quantm\" (did you mean quantum?); keys: "},
      {"--set policy=nosuch", "timeslice: --set policy=nosuch: unknown policy \"nosuch\""},
      {"--set costs.process_swtch=1us", "timeslice: --set costs.process_swtch=1us: unknown field (did you mean \"process_switch\"?)"},
      {"--set cpus=0", "timeslice: --set cpus=0: "},
      {"--set cpus=two", "timeslice: --set cpus=two: expected a whole number"},
      {"--set until=0", "timeslice: --set until=0: must be greater than 0"},
      {"--set reset_on_block=maybe", "timeslice: --set reset_on_block=maybe: expected true or false"},
      {"--set quantum", "timeslice: --set quantum: expected KEY=V1,V2,..."},
      {"--set quantum=1,,2", "timeslice: --set quantum=1,,2: empty value in the list"},
      {"--set quantum=1 --set quantum=2", "timeslice: --set quantum=2: quantum is set twice"},
      {"--set quantum=1 --shard 0/3", "timeslice: --shard 0/3: expected K/N with 1 <= K <= N"},
      {"--set quantum=1 --shard 4/3", "timeslice: --shard 4/3: "},
      {"--set quantum=1 --shard x", "timeslice: --shard x: "},
      {"--set quantum=1 --jobs 0", "timeslice: --jobs 0: "},
      {"--set quantum=1 --until never", "timeslice: --until never: "},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const CliResult r = run_cli("sweep " + file + " " + c.args);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(r.err.rfind(c.error, 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
  for (const std::string& args : std::vector<std::string>{"sweep", "sweep " + file, "sweep " + file + " " + file + " --set quantum=1",
                                 "sweep " + file + " --sett quantum=1"}) {
    INFO(args);
    CHECK(run_cli(args).status == 2);
  }
  // A bad combination is found when its point loads, and named.
  const CliResult combo = run_cli("sweep " + file + " --set policy=fcfs,rr --set quantum=0,1");
  CHECK(combo.status == 1);
  CHECK(combo.err.find("--set quantum=0: must be greater than 0") != std::string::npos);
  const CliResult help = run_cli("sweep --help");
  CHECK(help.status == 0);
  for (const char* text : {"--shard K/N", "--jobs N", "costs.NAME", "{ head -n 1 part-1.csv | cut -d, -f2-;",
                           "tail -q -n +2 part-*.csv | LC_ALL=C sort -t, -k1,1n | cut -d, -f2-; }"})
    CHECK(help.out.find(text) != std::string::npos);
}

TEST_CASE("compare: every registered policy by default, one aligned table") {
  const CliResult r = run_cli("compare " + workload_file());
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  const auto& registry = timeslice::policy_registry();
  REQUIRE(lines.size() == 1 + registry.size());
  for (std::size_t i = 0; i < registry.size(); ++i) {
    CHECK(lines[i + 1].rfind(registry[i].name + " ", 0) == 0);
    // Right-aligned columns: every line ends at the same column.
    CHECK(lines[i + 1].size() == lines[0].size());
  }
  // Parallel runs keep the table identical.
  CHECK(run_cli("compare " + workload_file() + " --jobs 1").out == r.out);
  CHECK(run_cli("compare " + workload_file() + " --jobs 3").out == r.out);
}

TEST_CASE("run and compare: --set takes one value per key, like a one-point sweep") {
  const CliResult sweep = run_cli("sweep " + workload_file() + " --set policy=mlfq --set levels=2 --set boost=15ms");
  const CliResult run = run_cli("run " + workload_file() +
                                " --set policy=mlfq --set levels=2 --set boost=15ms --format csv --summary");
  REQUIRE(sweep.status == 0);
  REQUIRE(run.status == 0);
  const std::string run_row = lines_of(run.out)[1];
  CHECK(lines_of(sweep.out)[1] == "mlfq,2,15000000," + run_row.substr(run_row.find(",mlfq,") + 6));
  // The quantum in the file is for rr: the note names where it came from.
  CHECK(run.err == "timeslice: note: scheduler.quantum is not used by mlfq\n");

  const CliResult until = run_cli("run " + workload_file() + " --set until=5ms --format json");
  REQUIRE(until.status == 0);
  CHECK(until.out.find("\"until_ns\": 5000000") != std::string::npos);

  const CliResult several = run_cli("run " + workload_file() + " --set quantum=1,2");
  CHECK(several.status == 1);
  CHECK(several.err.find("'run' takes one value per key") != std::string::npos);
  const CliResult typo = run_cli("run " + workload_file() + " --set lvels=3");
  CHECK(typo.status == 1);
  CHECK(typo.err.rfind("timeslice: --set lvels: unknown key \"lvels\" (did you mean levels?)", 0) == 0);

  const CliResult compare = run_cli("compare " + workload_file() + " --policies rr,mlfq --set levels=2");
  REQUIRE(compare.status == 0);
  CHECK(compare.err == "timeslice: note: --set levels is not used by rr\n"
                       "timeslice: note: scheduler.quantum is not used by mlfq\n");
}
