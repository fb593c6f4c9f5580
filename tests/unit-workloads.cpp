// Every shipped workload loads, has a description, and runs to completion
// under its own policy and every other one, with the invariant checker on.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/core/policy.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {
std::vector<std::string> shipped_workloads() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("workloads")))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

TEST_CASE("workloads: at least the five core lessons are shipped") {
  const auto files = shipped_workloads();
  CHECK(files.size() >= 5);
  for (const char* name : {"textbook.json", "convoy.json", "io-vs-cpu.json", "mlfq.json",
                           "web-threads.json", "web-processes.json", "cooperative.json"})
    CHECK(std::filesystem::exists(source_path(std::string("workloads/") + name)));
}

TEST_CASE("workloads: every shipped workload runs cleanly under every policy") {
  for (const std::string& file : shipped_workloads()) {
    INFO(file);
    Workload w = load_workload(file);
    CHECK_FALSE(w.description.empty());
    const RunOutput own = run_checked(w);
    CHECK(own.results.summary.completed == w.tasks.size());
    for (const PolicyInfo& policy : policy_registry()) {
      INFO("policy " << policy.name);
      w.scheduler.policy = policy.name;
      CHECK(run_checked(w).results.summary.completed == w.tasks.size());
    }
  }
}

TEST_CASE("workloads: the textbook file gives the textbook numbers") {
  Workload w = load_workload(source_path("workloads/textbook.json"));
  const RunOutput rr = run_checked(w);
  CHECK(rr.results.summary.waiting.mean == Approx(17.0 / 3 * 1e6));
  w.scheduler.policy = "fcfs";
  CHECK(run_checked(w).results.summary.waiting.mean == Approx(17e6));
  w.scheduler.policy = "sjf";
  CHECK(run_checked(w).results.summary.waiting.mean == Approx(3e6));
}

TEST_CASE("workloads: the lessons show what their descriptions promise") {
  SECTION("convoy: fcfs makes the short jobs wait far longer than sjf or rr") {
    Workload w = load_workload(source_path("workloads/convoy.json"));
    const double fcfs = run_checked(w).results.summary.waiting.mean;
    w.scheduler.policy = "sjf";
    const double sjf = run_checked(w).results.summary.waiting.mean;
    w.scheduler.policy = "rr";
    const double rr = run_checked(w).results.summary.waiting.mean;
    CHECK(fcfs > 2 * sjf);
    CHECK(fcfs > 2 * rr);
  }
  SECTION("web servers: processes lose more time to switching than threads") {
    const RunOutput threads = run_checked(load_workload(source_path("workloads/web-threads.json")));
    const RunOutput procs = run_checked(load_workload(source_path("workloads/web-processes.json")));
    CHECK(procs.results.cpus[0].switching > 2 * threads.results.cpus[0].switching);
  }
  SECTION("cooperative: a task that never yields stalls the others") {
    Workload w = load_workload(source_path("workloads/cooperative.json"));
    // ui waits out all 60ms of render once; with a 5ms quantum never more than ~2 quanta.
    const Time coop = task_named(run_checked(w).results, "ui").max_wait;
    CHECK(coop >= 60 * kMillisecond);
    w.scheduler.policy = "rr";
    w.scheduler.params["quantum"] = Time{5 * kMillisecond};
    CHECK(task_named(run_checked(w).results, "ui").max_wait <= 10 * kMillisecond);
  }
  SECTION("io-vs-cpu: mlfq serves the interactive tasks at once, rr with 100ms does not") {
    Workload w = load_workload(source_path("workloads/io-vs-cpu.json"));
    const Time rr = *task_named(run_checked(w).results, "editor").turnaround;
    w.scheduler.policy = "mlfq";
    CHECK(*task_named(run_checked(w).results, "editor").turnaround < rr / 2);
  }
}
