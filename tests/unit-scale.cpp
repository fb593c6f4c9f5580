// What lets big runs stay cheap without changing results: per-task policy
// state shared by every run queue, summary-only results, recording levels.
#include <catch2/catch.hpp>

#include "sim/core/policy.h"
#include "sim/format/result_json.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

Workload per_cpu(Workload w) {
  w.scheduler.queues = QueueLayout::PerCpu;
  return w;
}

int count_decisions(const RunOutput& out, DecisionKind kind) {
  int n = 0;
  for (const Decision& d : out.trace.decisions) n += d.kind == kind;
  return n;
}

}  // namespace

TEST_CASE("scale: per-task storage is one array per type and slot, shared by every queue") {
  const Workload w = WorkloadBuilder("rr").task("A", 0, 1).task("B", 0, 1).build();
  std::vector<Task> tasks(2);
  Rng rng(1);
  SchedContext ctx(w, tasks, rng);
  int inits = 0;
  std::vector<int>& first = ctx.per_task<int>(0, [&](std::vector<int>& v) {
    ++inits;
    v[1] = 7;
  });
  std::vector<int>& again = ctx.per_task<int>(0, [&](std::vector<int>&) { ++inits; });
  CHECK(&first == &again);
  CHECK(inits == 1);
  CHECK(first.size() == 2);
  CHECK(again[1] == 7);
  CHECK(&ctx.per_task<int>(1) != &first);  // another slot
  CHECK(&ctx.per_task<long>(0) != static_cast<void*>(&first));  // another type
}

TEST_CASE("scale: an MLFQ task whose first run follows a wakeup gets its whole quantum") {
  // Bug found while sharing policy state across queues: a task that starts
  // with I/O was never enqueued as an Arrival, so its quantum was 0 and its
  // first dispatch ended at once ("quantum ran out (0ns in this run)").
  const Workload w = WorkloadBuilder("mlfq", 2)
                         .param("levels", std::int64_t{2})
                         .param("quanta", std::vector<Time>{ms(10), ms(20)})
                         .param("boost", Time{0})
                         .device("disk")
                         .task("reader", 0, std::vector<Phase>{io(0, 5), cpu(8)})
                         .build();
  const RunOutput out = run_checked(w);
  CHECK(count_decisions(out, DecisionKind::Expire) == 0);
  CHECK(count_decisions(out, DecisionKind::Continue) == 0);
  CHECK(count_decisions(out, DecisionKind::Dispatch) == 1);
  CHECK(*task_named(out.results, "reader").completion == ms(13));
}

TEST_CASE("scale: an MLFQ boost resets tasks that were not queued when it happened") {
  // A runs 0-10 at level 0 and is demoted, blocks 10-60; the boost at 50ms
  // finds it blocked. Back at the top when it wakes, it uses its level-0
  // allotment again (60-70) and is demoted a second time.
  const Workload w = WorkloadBuilder("mlfq")
                         .param("levels", std::int64_t{2})
                         .param("quanta", std::vector<Time>{ms(10), ms(100)})
                         .param("boost", ms(50))
                         .device("disk")
                         .task("A", 0, std::vector<Phase>{cpu(10), io(0, 50), cpu(15)})
                         .build();
  const RunOutput out = run_checked(w);
  CHECK(count_decisions(out, DecisionKind::Demote) == 2);
  CHECK(*task_named(out.results, "A").completion == ms(75));
}

TEST_CASE("scale: per-CPU queues give every policy the same results as before sharing state") {
  // Two queues, tasks that move between them (stealing, balancing): each
  // policy must finish everything with the invariant checker on, and the
  // state a task carries must not confuse the queue it lands in.
  for (const char* policy : {"fcfs", "sjf", "srtf", "rr", "priority", "mlfq", "cooperative", "edf",
                             "rms", "cfs", "eevdf", "lottery", "stride"}) {
    INFO(policy);
    WorkloadBuilder b(policy, 2);
    b.device("disk", 2);
    for (int i = 0; i < 12; ++i)
      b.task("t" + std::to_string(i), i % 3, std::vector<Phase>{cpu(3 + i % 4), io(0, 2), cpu(2 + i % 3)});
    const RunOutput out = run_checked(per_cpu(b.build()));
    CHECK(out.results.summary.completed == 12);
  }
}

TEST_CASE("scale: summary-only results have the same summary as full ones") {
  WorkloadBuilder b("cfs", 2);
  b.device("disk");
  for (int i = 0; i < 20; ++i)
    b.task("t" + std::to_string(i), i, std::vector<Phase>{cpu(4 + i % 5), io(0, 1), cpu(3)});
  const Workload w = b.build();
  RunOptions full, summary;
  summary.record = full.record = RecordLevel::Metrics;
  summary.task_rows = false;
  const Results a = simulate(w, full).results;
  const Results s = simulate(w, summary).results;
  CHECK(a.tasks.size() == 20);
  CHECK(s.tasks.empty());
  CHECK(result_json(a)["summary"] == result_json(s)["summary"]);
  CHECK(a.summary.started == 20);
}

TEST_CASE("scale: run --record chooses what the run keeps, and refuses too little") {
  const std::string file = quote(source_path("workloads/textbook.json"));
  const CliResult low = run_cli("run " + file + " --record metrics --gantt");
  CHECK(low.status == 1);
  CHECK(low.err == "timeslice: --record metrics: --gantt needs --record slices or more\n");
  const CliResult bad = run_cli("run " + file + " --record everything");
  CHECK(bad.status == 1);
  CHECK(bad.err == "timeslice: --record everything: expected auto, metrics, slices or decisions\n");
  // --explain is written as the run goes: it needs no recorded decisions.
  const CliResult explain = run_cli("run " + file + " --record metrics --explain");
  CHECK(explain.status == 0);
  CHECK(explain.out == run_cli("run " + file + " --record decisions --explain").out);

  // The level changes what is kept, never the results.
  const CliResult metrics = run_cli("run " + file + " --record metrics --format json");
  const CliResult decisions = run_cli("run " + file + " --record decisions --format json");
  CHECK(metrics.status == 0);
  CHECK(metrics.out == decisions.out);

  // Recorded decisions appear in the Chrome trace as instant events.
  const std::string plain = (temp_dir() / "plain.json").string();
  const std::string full = (temp_dir() / "full.json").string();
  REQUIRE(run_cli("run " + file + " --trace " + quote(plain)).status == 0);
  REQUIRE(run_cli("run " + file + " --record decisions --trace " + quote(full)).status == 0);
  CHECK(read_text(plain).find("\"ph\":\"i\"") == std::string::npos);
  const std::string text = read_text(full);
  CHECK(text.find("{\"ph\":\"i\",\"ts\":0,\"pid\":1000,\"tid\":1000,\"s\":\"t\",\"name\":\"arrive\","
                  "\"cat\":\"decision\",\"args\":{\"explanation\":\"P1 arrives\",\"time_ns\":0}}") !=
        std::string::npos);
  CHECK(text.find("\"name\":\"dispatch\"") != std::string::npos);
}
