// Every shipped workload loads, has a description, and runs to completion
// under its own policy and every other one, with the invariant checker on.
#include <catch2/catch.hpp>

#include <algorithm>

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

TEST_CASE("workloads: at least the twelve core lessons are shipped") {
  const auto files = shipped_workloads();
  CHECK(files.size() >= 12);
  for (const char* name : {"textbook.json", "convoy.json", "io-vs-cpu.json", "mlfq.json",
                           "web-threads.json", "web-processes.json", "cooperative.json",
                           "quantum.json", "mlfq-gaming.json", "mlfq-boost.json", "polling.json",
                           "priority-aging.json"})
    CHECK(std::filesystem::exists(source_path(std::string("workloads/") + name)));
}

TEST_CASE("workloads: every shipped workload runs cleanly under every policy") {
  for (const std::string& file : shipped_workloads()) {
    INFO(file);
    Workload w = load_workload(file);
    CHECK_FALSE(w.description.empty());
    // Every task and fiber, spawned ones too; the runtimes' carriers are not
    // counted. A task refused for want of memory never runs (c10k-threads.json).
    const auto counted = static_cast<std::size_t>(std::count_if(
        w.tasks.begin(), w.tasks.end(), [](const TaskSpec& t) { return t.role != TaskRole::Carrier; }));
    const auto finished = [](const Results& r) { return r.summary.completed + r.memory.refused; };
    const RunOutput own = run_checked(w);
    CHECK(finished(own.results) == counted);
    for (const PolicyInfo& policy : policy_registry()) {
      INFO("policy " << policy.name);
      w.scheduler.policy = policy.name;
      CHECK(finished(run_checked(w).results) == counted);
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

TEST_CASE("workloads: the scheduling-knob lessons show what their descriptions promise") {
  SECTION("quantum: small quanta pay in switching, large ones in waiting") {
    Workload w = load_workload(source_path("workloads/quantum.json"));
    auto with_quantum = [&w](Time q) {
      w.scheduler.params["quantum"] = q;
      return run_checked(w).results;
    };
    const Results small = with_quantum(500 * kMicrosecond);
    const Results middle = with_quantum(2 * kMillisecond);
    const Results large = with_quantum(100 * kMillisecond);
    CHECK(small.summary.overhead_share > 0.15);
    CHECK(large.summary.overhead_share < 0.02);
    CHECK(task_named(small, "editor").max_wait < 5 * kMillisecond);
    CHECK(task_named(large, "editor").max_wait > 300 * kMillisecond);
    // The makespan is best in between.
    CHECK(middle.summary.makespan < small.summary.makespan);
    CHECK(middle.summary.makespan < large.summary.makespan);
  }
  SECTION("mlfq-gaming: with reset_on_block the gamer keeps the top level") {
    Workload w = load_workload(source_path("workloads/mlfq-gaming.json"));
    const Results gamed = run_checked(w).results;
    CHECK(*task_named(gamed, "gamer").completion <= 220 * kMillisecond);
    CHECK(task_named(gamed, "batch").waiting >= 180 * kMillisecond);
    w.scheduler.params["reset_on_block"] = false;
    const Results fixed = run_checked(w).results;
    CHECK(*task_named(fixed, "batch").completion < 300 * kMillisecond);
    CHECK(task_named(fixed, "batch").waiting < 100 * kMillisecond);
    CHECK(*task_named(fixed, "gamer").completion > 350 * kMillisecond);
  }
  SECTION("mlfq-boost: the batch job starves until a boost lifts it") {
    Workload w = load_workload(source_path("workloads/mlfq-boost.json"));
    CHECK(task_named(run_checked(w).results, "batch").max_wait >= 190 * kMillisecond);
    w.scheduler.params["boost"] = Time{50 * kMillisecond};
    const Results boosted = run_checked(w).results;
    CHECK(task_named(boosted, "batch").max_wait <= 50 * kMillisecond);
    CHECK(task_named(boosted, "chat1").max_wait <= 10 * kMillisecond);
  }
  SECTION("polling: the poller burns ten times the CPU for the same work, and gains nothing") {
    const Results r = run_checked(load_workload(source_path("workloads/polling.json"))).results;
    CHECK(task_named(r, "poller").cpu == 100 * kMillisecond);
    CHECK(task_named(r, "reader").cpu == 10 * kMillisecond);
    CHECK(task_named(r, "reader").blocked == 90 * kMillisecond);
    // 120ms of useful work, yet the cruncher finishes after 200ms.
    CHECK(*task_named(r, "cruncher").completion >= 200 * kMillisecond);
    CHECK(*task_named(r, "poller").turnaround * 10 >= *task_named(r, "reader").turnaround * 9);
  }
  SECTION("priority-aging: the low-priority task starves; aging bounds its wait") {
    Workload w = load_workload(source_path("workloads/priority-aging.json"));
    const Results starved = run_checked(w).results;
    CHECK(task_named(starved, "backup").max_wait >= 290 * kMillisecond);
    CHECK(*task_named(starved, "backup").completion == 330 * kMillisecond);
    w.scheduler.params["aging"] = Time{20 * kMillisecond};
    const Results aged = run_checked(w).results;
    CHECK(task_named(aged, "backup").max_wait <= 110 * kMillisecond);
    CHECK(*task_named(aged, "backup").completion <= 240 * kMillisecond);
  }
}

TEST_CASE("workloads: fair-share-nice gives CPU shares by nice weight under cfs, equal ones under rr") {
  Workload w = load_workload(source_path("workloads/fair-share-nice.json"));
  const std::pair<const char*, double> weights[] = {{"nice-5", 3121}, {"nice0", 1024}, {"nice5", 335}, {"nice10", 110}};
  const double total_weight = 3121 + 1024 + 335 + 110;
  for (const char* policy : {"cfs", "eevdf"}) {
    INFO("policy " << policy);
    w.scheduler.policy = policy;
    const Results shares = run_checked(w, kSecond).results;  // all four still running
    for (const auto& [name, weight] : weights) {
      INFO("task " << name);
      const double share = static_cast<double>(task_named(shares, name).cpu) / 1e9;
      CHECK(share == Approx(weight / total_weight).epsilon(0.02));
    }
    // To the end: they finish in nice order, the nice -5 task first at about 1.47s.
    const Results done = run_checked(w).results;
    CHECK(*task_named(done, "nice-5").completion < *task_named(done, "nice0").completion);
    CHECK(*task_named(done, "nice0").completion < *task_named(done, "nice5").completion);
    CHECK(*task_named(done, "nice5").completion < *task_named(done, "nice10").completion);
    CHECK(*task_named(done, "nice-5").completion == Approx(1.47e9).epsilon(0.01));
  }
  // rr ignores nice: over 2s (twenty 100ms quanta) each task has had 500ms.
  w.scheduler.policy = "rr";
  const Results rr = run_checked(w, 2 * kSecond).results;
  for (const auto& entry : weights) CHECK(task_named(rr, entry.first).cpu == Approx(0.5e9).epsilon(0.01));
}

TEST_CASE("workloads: the real-time and multiprocessor lessons show what they promise") {
  SECTION("rm-vs-edf: rms misses P2's first deadline, edf misses none") {
    Workload w = load_workload(source_path("workloads/rm-vs-edf.json"));
    const RunOutput rms = run_checked(w);
    CHECK(task_named(rms.results, "P2").jobs.at(0).missed);
    w.scheduler.policy = "edf";
    CHECK(run_checked(w).results.summary.deadline_misses == 0);
  }
  SECTION("dhall: global edf misses the heavy task's deadlines") {
    const RunOutput out = run_checked(load_workload(source_path("workloads/dhall.json")));
    CHECK(task_named(out.results, "heavy").deadline_misses > 0);
  }
  SECTION("smp-balance: per-CPU queues with balancing finish near the ideal") {
    Workload w = load_workload(source_path("workloads/smp-balance.json"));
    const RunOutput balanced = run_checked(w);
    // 8 x 5ms + 8 x 80ms on 4 CPUs: ideal 170ms.
    CHECK(balanced.results.summary.makespan <= 190 * kMillisecond);
    CHECK(balanced.results.summary.migrations > 0);
  }
  SECTION("big-little: heavy tasks on big CPUs, the big class does most of the work") {
    const RunOutput out = run_checked(load_workload(source_path("workloads/big-little.json")));
    REQUIRE(out.results.classes.size() == 2);
    CHECK(out.results.classes[0].cpu_class == "big");
    CHECK(out.results.classes[0].busy > 3 * out.results.classes[1].busy);
  }
  SECTION("amp-master: the master is saturated, the slaves wait") {
    Workload w = load_workload(source_path("workloads/amp-master.json"));
    const RunOutput amp = run_checked(w);
    const Summary& s = amp.results.summary;
    CHECK(amp.results.cpus[0].scheduler >= s.makespan * 95 / 100);
    w.scheduler.amp_master = kNoCpu;
    CHECK(run_checked(w).results.summary.makespan < s.makespan * 2 / 3);
  }
}
