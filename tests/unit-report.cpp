// Result formatters: JSON keys and nulls, CSV rows, the ASCII Gantt chart and
// the compare table, on Results and Traces built by hand (no engine involved).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/format/report.h"
#include "sim/format/result_json.h"

using namespace timeslice;

namespace {

constexpr Time kMs = kMillisecond;

// Two tasks: "alpha" finished; "beta" (a thread of "web") never finished and
// never ran -- the run stopped at a 40ms horizon.
Results sample_results() {
  Results r;
  r.workload = "sample";
  r.policy = "rr";
  Summary& s = r.summary;
  s.makespan = 40 * kMs;
  s.tasks = 2;
  s.completed = 1;
  s.started = 1;
  s.throughput_per_s = 25;
  s.turnaround = {30.4 * kMs, 30 * kMs, 30 * kMs, 30 * kMs, 30 * kMs};
  s.response = {2.5e6, 2 * kMs, 3 * kMs, 3 * kMs, 3 * kMs};
  s.waiting = {1.0e6, kMs, kMs, kMs, kMs};
  s.jain_fairness = 0.75;
  s.weighted_fairness = 0.5;
  s.overhead_share = 0.125;
  s.context_switches = 3;
  s.preemptions = 1;
  s.migrations = 0;
  s.events = 17;

  TaskResult a;
  a.name = "alpha";
  a.process = "alpha";
  a.arrival = 0;
  a.first_run = 2 * kMs;
  a.completion = 30 * kMs;
  a.turnaround = 30 * kMs;
  a.response = 2 * kMs;
  a.waiting = 2 * kMs;
  a.blocked = 4 * kMs;
  a.cpu = 24 * kMs;
  a.context_switches = 2;
  a.preemptions = 1;
  TaskResult b;
  b.name = "beta";
  b.process = "web";
  b.arrival = 5 * kMs;
  b.waiting = 35 * kMs;
  r.tasks = {a, b};

  CpuResult c;
  c.name = "cpu0";
  c.busy = 24 * kMs;
  c.switching = 1500 * kMicrosecond;
  c.migration = 0;
  c.scheduler = 500 * kMicrosecond;
  c.interrupt = 0;
  c.idle = 14 * kMs;
  c.utilization = 0.6;
  r.cpus = {c};
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("report: result JSON has the SPEC keys, integer ns and nulls") {
  const nlohmann::json j = result_json(sample_results(), 40 * kMs);
  CHECK(j["workload"] == "sample");
  CHECK(j["policy"] == "rr");
  CHECK(j["until_ns"] == 40 * kMs);

  const auto& s = j["summary"];
  for (const char* key :
       {"makespan_ns", "tasks", "completed", "throughput_per_s", "mean_turnaround_ns",
        "p50_turnaround_ns", "p95_turnaround_ns", "p99_turnaround_ns", "max_turnaround_ns",
        "mean_response_ns", "p50_response_ns", "p95_response_ns", "p99_response_ns",
        "max_response_ns", "mean_waiting_ns", "p50_waiting_ns", "p95_waiting_ns", "p99_waiting_ns",
        "max_waiting_ns", "jain_fairness", "weighted_fairness", "overhead_share", "context_switches", "preemptions",
        "migrations", "deadline_misses", "events"})
    CHECK(s.contains(key));
  CHECK(s.size() == 27);
  CHECK(s["makespan_ns"] == 40 * kMs);
  // Means are doubles inside, integers (rounded) in the JSON.
  CHECK(s["mean_turnaround_ns"].is_number_integer());
  CHECK(s["mean_turnaround_ns"] == 30'400'000);
  CHECK(s["mean_response_ns"] == 2'500'000);
  CHECK(s["p95_response_ns"] == 3 * kMs);
  CHECK(s["jain_fairness"] == 0.75);
  CHECK(s["weighted_fairness"] == 0.5);
  CHECK(s["overhead_share"] == 0.125);
  CHECK(s["events"] == 17);

  const auto& alpha = j["tasks"][0];
  CHECK(alpha["name"] == "alpha");
  CHECK(alpha["process"] == "alpha");
  CHECK(alpha["first_run_ns"] == 2 * kMs);
  CHECK(alpha["completion_ns"] == 30 * kMs);
  CHECK(alpha["cpu_ns"] == 24 * kMs);
  CHECK(alpha["blocked_ns"] == 4 * kMs);
  CHECK(alpha["jobs"] == nlohmann::json::array());
  const auto& beta = j["tasks"][1];
  CHECK(beta["process"] == "web");
  CHECK(beta["completion_ns"].is_null());
  CHECK(beta["turnaround_ns"].is_null());
  CHECK(beta["first_run_ns"].is_null());
  CHECK(beta["response_ns"].is_null());
  CHECK(beta["waiting_ns"] == 35 * kMs);
  for (const char* key : {"name", "process", "arrival_ns", "first_run_ns", "completion_ns",
                          "turnaround_ns", "response_ns", "waiting_ns", "blocked_ns", "cpu_ns",
                          "context_switches", "preemptions", "migrations", "deadline_misses", "jobs"})
    CHECK(beta.contains(key));

  const auto& cpu = j["cpus"][0];
  CHECK(cpu == nlohmann::json{{"name", "cpu0"},          {"class", ""},
                              {"busy_ns", 24 * kMs},     {"switch_ns", 1'500'000},
                              {"migration_ns", 0},       {"scheduler_ns", 500'000},
                              {"interrupt_ns", 0},       {"idle_ns", 14 * kMs},
                              {"utilization", 0.6}});
}

TEST_CASE("report: result JSON keeps SPEC key order and leaves out until_ns without a horizon") {
  const ResultJson j = result_json(sample_results());
  CHECK_FALSE(j.contains("until_ns"));
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"workload", "policy", "summary", "tasks", "cpus"});
  CHECK(j["tasks"][0].begin().key() == "name");
}

TEST_CASE("report: task CSV has a header, a row per task and empty cells for null") {
  const std::string csv = tasks_csv(sample_results());
  const auto lines = lines_of(csv);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "name,process,arrival_ns,first_run_ns,completion_ns,turnaround_ns,response_ns,waiting_ns,max_wait_ns,"
        "blocked_ns,cpu_ns,context_switches,preemptions,migrations,deadline_misses");
  CHECK(lines[1] == "alpha,alpha,0,2000000,30000000,30000000,2000000,2000000,0,4000000,24000000,2,1,0,0");
  CHECK(lines[2] == "beta,web,5000000,,,,,35000000,0,0,0,0,0,0,0");
}

TEST_CASE("report: CSV quotes names with commas and quotes") {
  Results r = sample_results();
  r.tasks[0].name = "say \"hi\", world";
  const auto lines = lines_of(tasks_csv(r));
  CHECK(lines[1].rfind("\"say \"\"hi\"\", world\",alpha,", 0) == 0);
}

TEST_CASE("report: summary CSV is one header and one row per run") {
  const auto lines = lines_of(summary_csv({sample_results()}));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("workload,policy,makespan_ns,tasks,completed,throughput_per_s,"
                       "mean_turnaround_ns,p50_turnaround_ns,",
                       0) == 0);
  CHECK(lines[0].find(",jain_fairness,weighted_fairness,overhead_share,context_switches,preemptions,migrations,events") !=
        std::string::npos);
  CHECK(lines[1] ==
        "sample,rr,40000000,2,1,25.0,30400000,30000000,30000000,30000000,30000000,"
        "2500000,2000000,3000000,3000000,3000000,1000000,1000000,1000000,1000000,1000000,"
        "0.75,0.5,0.125,3,1,0,17");
}

TEST_CASE("report: text report shows human units and '-' for missing figures") {
  const std::string text = text_report(sample_results());
  CHECK(text.find("Makespan    40ms") != std::string::npos);
  CHECK(text.find("1 of 2 tasks") != std::string::npos);
  CHECK(text.find("12.5%") != std::string::npos);
  const auto lines = lines_of(task_table(sample_results()));
  REQUIRE(lines.size() == 3);
  // beta is a thread of "web", so the process column appears.
  CHECK(lines[0].rfind("task   process  arrival  first run  completion", 0) == 0);
  CHECK(lines[2].rfind("beta   web          5ms          -           -", 0) == 0);
  // Columns line up: every row is as wide as the header or narrower.
  const auto cpu_lines = lines_of(cpu_table(sample_results()));
  REQUIRE(cpu_lines.size() == 2);
  CHECK(cpu_lines[0] == "cpu   busy  switch  migration  scheduler  interrupt  idle  utilization");
  CHECK(cpu_lines[1] == "cpu0  24ms   1.5ms          0      500us          0  14ms        60.0%");
}

TEST_CASE("report: --summary text leaves out the per-task rows") {
  const std::string text = text_report(sample_results(), true);
  CHECK(text.find("alpha") == std::string::npos);
  CHECK(text.find("turnaround") != std::string::npos);
}

TEST_CASE("report: gantt chart of a tiny trace") {
  Workload w;
  w.machine.cpus = {{"cpu0", kSpeedUnit, ""}, {"cpu1", kSpeedUnit, ""}};
  w.devices = {{"disk", 1}};
  w.tasks.resize(3);
  w.tasks[0].name = "alpha";
  w.tasks[1].name = "beta";
  w.tasks[2].name = "gamma";  // never runs: left out of the legend

  const Time us = kMicrosecond;
  Trace t;
  t.end = 10 * kMs;
  // Recorded in the order they ended, not by CPU: the chart must not care.
  t.cpu_slices = {
      {0, 1 * kMs, 0, 0, SliceKind::Scheduler},
      {2 * kMs, 4600 * us, 1, 1, SliceKind::Run},
      {1 * kMs, 4 * kMs, 0, 0, SliceKind::Run, SliceEnd::Expired},
      {4 * kMs, 5 * kMs, 0, 1, SliceKind::Switch},
      {4600 * us, 5200 * us, 1, 1, SliceKind::Interrupt},
      {5 * kMs, 7 * kMs, 0, 1, SliceKind::Run},
  };
  t.device_slices = {{4 * kMs, 8 * kMs, 0, 0, 0}};

  // 20 columns of 500us. cpu1's column 9 is 0.1ms of beta and 0.4ms of
  // interrupt ('!'); column 10 is 0.2ms interrupt and 0.3ms idle ('.').
  const std::string expected =
      "Timeline (1 column = 500us)\n"
      "cpu0 |**AAAAAA~~BBBB......|\n"
      "cpu1 |....BBBBB!..........|\n"
      "disk |........AAAAAAAA....|\n"
      "     0          5ms    10ms\n"
      "\n"
      "A=alpha  B=beta\n"
      "~=switch/migration  *=scheduler  !=interrupt  .=idle\n";
  CHECK(gantt_chart(t, w, {20}) == expected);
}

TEST_CASE("report: gantt symbols run A-Z, a-z, 0-9, then '?'") {
  CHECK(gantt_symbol(0) == 'A');
  CHECK(gantt_symbol(25) == 'Z');
  CHECK(gantt_symbol(26) == 'a');
  CHECK(gantt_symbol(51) == 'z');
  CHECK(gantt_symbol(52) == '0');
  CHECK(gantt_symbol(61) == '9');
  CHECK(gantt_symbol(62) == '?');
  CHECK(gantt_symbol(100000) == '?');
}

TEST_CASE("report: gantt chart fits any run length into the width") {
  Workload w;
  w.machine.cpus = {{"cpu0", kSpeedUnit, ""}};
  w.tasks.resize(1);
  w.tasks[0].name = "x";
  Trace t;
  t.end = 7;  // 7ns: fewer nanoseconds than columns
  t.cpu_slices = {{0, 7, 0, 0, SliceKind::Run}};
  const auto short_lines = lines_of(gantt_chart(t, w, {100}));
  CHECK(short_lines[1] == "cpu0 |AAAAAAA|");  // one column per ns, never empty columns

  // A long run (a simulated year) with a width that does not divide it.
  t.end = 365LL * 24 * 3600 * kSecond + 1;
  t.cpu_slices = {{0, t.end / 2, 0, 0, SliceKind::Run}};
  const auto long_lines = lines_of(gantt_chart(t, w, {30}));
  CHECK(long_lines[1] == "cpu0 |AAAAAAAAAAAAAAA...............|");
  CHECK(long_lines[0].find("1 column = ~") != std::string::npos);

  Trace empty;
  CHECK(gantt_chart(empty, w).find("nothing ran") != std::string::npos);
}

TEST_CASE("report: compare table has one aligned row per policy") {
  Results a = sample_results();
  Results b = sample_results();
  b.policy = "cooperative";
  b.summary.makespan = 1250 * kMs;
  b.summary.context_switches = 12345;
  const std::string table = compare_table({a, b});
  const std::string expected =
      "policy       mean turnaround  mean response  mean waiting  p95 response  makespan  "
      "throughput/s  switches  overhead  fairness  weighted\n"
      "rr                    30.4ms          2.5ms           1ms           3ms      40ms  "
      "       25.00         3     12.5%     0.750     0.500\n"
      "cooperative           30.4ms          2.5ms           1ms           3ms     1.25s  "
      "       25.00     12345     12.5%     0.750     0.500\n";
  CHECK(table == expected);
}

TEST_CASE("report: compare JSON lists a summary per policy") {
  Results a = sample_results();
  Results b = sample_results();
  b.policy = "fcfs";
  const ResultJson j = compare_json({a, b});
  CHECK(j["workload"] == "sample");
  REQUIRE(j["runs"].size() == 2);
  CHECK(j["runs"][1]["policy"] == "fcfs");
  CHECK(j["runs"][1]["summary"]["makespan_ns"] == 40 * kMs);
}

TEST_CASE("report: figures no task has yet are null, '-' or empty, never a mean of nothing") {
  Results r = sample_results();
  r.summary.completed = 0;
  r.summary.started = 0;
  r.summary.turnaround = {};
  for (TaskResult& t : r.tasks) {
    t.completion.reset();
    t.turnaround.reset();
    t.first_run.reset();
    t.response.reset();
  }
  const ResultJson j = result_json(r);
  for (const char* key : {"mean_turnaround_ns", "p50_turnaround_ns", "p95_turnaround_ns",
                          "p99_turnaround_ns", "max_turnaround_ns", "mean_response_ns",
                          "p95_response_ns"})
    CHECK(j["summary"][key].is_null());
  CHECK(j["summary"]["mean_waiting_ns"] == 1'000'000);

  const auto lines = lines_of(summary_csv({r}));
  CHECK(lines[1].find(",25.0,,,,,,,,,,,1000000,") != std::string::npos);

  const std::string text = summary_text(r);
  CHECK(text.find("turnaround     -    -    -    -    -") != std::string::npos);
  CHECK(lines_of(compare_table({r}))[1].rfind("rr                    -              -           1ms", 0) == 0);
}

TEST_CASE("report: gantt shows a row per channel of a multi-channel device; ties go to the first") {
  Workload w;
  w.machine.cpus = {{"cpu0", kSpeedUnit, ""}};
  w.devices = {{"net", 2}};
  w.tasks.resize(2);
  w.tasks[0].name = "a";
  w.tasks[1].name = "b";
  Trace t;
  t.end = 10 * kMs;
  // Column 0 of cpu0 is half a, half b: a started first and shows.
  t.cpu_slices = {{0, kMs / 2, 0, 0, SliceKind::Run}, {kMs / 2, kMs, 0, 1, SliceKind::Run}};
  t.device_slices = {{0, 5 * kMs, 0, 1, 1}, {1 * kMs, 10 * kMs, 0, 0, 0}};
  const auto lines = lines_of(gantt_chart(t, w, {10}));
  REQUIRE(lines.size() >= 5);
  CHECK(lines[1] == "cpu0   |A.........|");
  CHECK(lines[2] == "net[0] |.AAAAAAAAA|");
  CHECK(lines[3] == "net[1] |BBBBB.....|");
}

TEST_CASE("report: gantt shows a mostly busy column as busy even when no task has most of it") {
  Workload w;
  w.machine.cpus = {{"cpu0", kSpeedUnit, ""}};
  w.tasks.resize(3);
  Trace t;
  t.end = 10;
  // 3ns of a, 3ns of b, 4ns idle in one column: busy 6 of 10, a started first.
  t.cpu_slices = {{0, 3, 0, 0, SliceKind::Run}, {3, 6, 0, 1, SliceKind::Run}};
  CHECK(lines_of(gantt_chart(t, w, {1}))[1] == "cpu0 |A|");
  t.cpu_slices = {{0, 4, 0, 0, SliceKind::Run}};  // busy 4 of 10: idle
  CHECK(lines_of(gantt_chart(t, w, {1}))[1] == "cpu0 |.|");
}
