// Real-time scheduling worked by hand: EDF and rate-monotonic on periodic
// tasks (Silberschatz 5.6 and Liu & Layland), and the classic global-EDF
// failure on two CPUs (Dhall's effect) that partitioning avoids.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// A periodic task: one CPU burst of `wcet` per job.
void periodic(Workload& w, const std::string& name, double period_ms, double wcet_ms,
              std::uint32_t jobs, double deadline_ms = 0) {
  TaskSpec t;
  t.name = name;
  t.process = static_cast<ProcessId>(w.processes.size());
  w.processes.push_back(name);
  t.period = ms(period_ms);
  t.deadline = ms(deadline_ms);
  t.jobs = jobs;
  t.first_phase = static_cast<std::uint32_t>(w.phases.size());
  t.phase_count = 1;
  w.phases.push_back(cpu(wcet_ms));
  w.tasks.push_back(t);
}

Workload rm_example(const std::string& policy) {
  // Silberschatz 5.6.2-5.6.3: P1 (period 50, burst 25), P2 (period 80, burst 35).
  Workload w = WorkloadBuilder(policy).build();
  periodic(w, "P1", 50, 25, 4);
  periodic(w, "P2", 80, 35, 2);
  return w;
}

std::vector<Time> completions(const TaskResult& t) {
  std::vector<Time> out;
  for (const JobResult& j : t.jobs) out.push_back(j.completion ? *j.completion : -1);
  return out;
}

}  // namespace

TEST_CASE("realtime: rate-monotonic misses a deadline EDF meets (Silberschatz 5.6)") {
  // RM: P1 0-25, P2 25-50, P1 50-75, P2 75-85 (deadline 80: missed), P2 85-100,
  //     P1 100-125, P2 125-145, P1 150-175.
  const RunOutput rm = run_checked(rm_example("rms"));
  const TaskResult& p1 = task_named(rm.results, "P1");
  const TaskResult& p2 = task_named(rm.results, "P2");
  CHECK(completions(p1) == std::vector<Time>{ms(25), ms(75), ms(125), ms(175)});
  CHECK(completions(p2) == std::vector<Time>{ms(85), ms(145)});
  CHECK(p2.jobs[0].missed);
  CHECK(p2.jobs[0].deadline == ms(80));
  CHECK(p2.deadline_misses == 1);
  CHECK(p1.deadline_misses == 0);
  CHECK(rm.results.summary.deadline_misses == 1);

  // EDF: P1 0-25, P2 25-60 (its deadline 80 beats P1's 100), P1 60-85,
  //      P2 85-100, P1 100-125 (deadline 150 beats 160), P2 125-145, P1 150-175.
  const RunOutput edf = run_checked(rm_example("edf"));
  CHECK(completions(task_named(edf.results, "P1")) == std::vector<Time>{ms(25), ms(85), ms(125), ms(175)});
  CHECK(completions(task_named(edf.results, "P2")) == std::vector<Time>{ms(60), ms(145)});
  CHECK(edf.results.summary.deadline_misses == 0);
  // Every job's release and deadline are reported.
  const TaskResult& e2 = task_named(edf.results, "P2");
  REQUIRE(e2.jobs.size() == 2);
  CHECK(e2.jobs[1].release == ms(80));
  CHECK(e2.jobs[1].deadline == ms(160));
}

TEST_CASE("realtime: RM meets deadlines below the Liu-Layland bound") {
  // P1 (50, 20), P2 (100, 35): U = 0.75 < 2(2^(1/2)-1) = 0.83.
  // P1 0-20, P2 20-50, P1 50-70, P2 70-75; P1 100-120, P2 120-155 ...
  Workload w = WorkloadBuilder("rms").build();
  periodic(w, "P1", 50, 20, 4);
  periodic(w, "P2", 100, 35, 2);
  const RunOutput out = run_checked(w);
  CHECK(out.results.summary.deadline_misses == 0);
  CHECK(completions(task_named(out.results, "P2")) == std::vector<Time>{ms(75), ms(175)});
}

TEST_CASE("realtime: constrained deadlines and an overrunning job") {
  // T (period 10, wcet 4, deadline 5) shares the CPU with a 20ms FCFS-like
  // background job under EDF: jobs finish at 4, 14, 24 (released 0, 10, 20).
  Workload w = WorkloadBuilder("edf").task("bg", 0, 20).build();
  periodic(w, "T", 10, 4, 3, 5);
  const RunOutput out = run_checked(w);
  CHECK(completions(task_named(out.results, "T")) == std::vector<Time>{ms(4), ms(14), ms(24)});
  CHECK(out.results.summary.deadline_misses == 0);
  CHECK(*task_named(out.results, "bg").completion == ms(32));

  // A job longer than its period: the next job starts as soon as it ends.
  // O (period 10, wcet 12, 2 jobs): job 1 0-12 (missed 10), job 2 12-24 (missed 20).
  Workload over = WorkloadBuilder("edf").build();
  periodic(over, "O", 10, 12, 2);
  const RunOutput o = run_checked(over);
  const TaskResult& t = task_named(o.results, "O");
  CHECK(completions(t) == std::vector<Time>{ms(12), ms(24)});
  CHECK(t.jobs[1].release == ms(10));
  CHECK(t.deadline_misses == 2);
}

TEST_CASE("realtime: an unfinished job past its deadline counts as missed at the horizon") {
  Workload w = WorkloadBuilder("edf").build();
  periodic(w, "T", 10, 8, 0);  // forever: needs a horizon
  periodic(w, "U", 10, 8, 0);
  const RunOutput out = run_checked(w, ms(30));
  // Utilisation 1.6 on one CPU: jobs must miss, finished or not.
  CHECK(out.results.summary.deadline_misses > 0);
  for (const TaskResult& t : out.results.tasks)
    for (const JobResult& j : t.jobs)
      if (!j.completion) CHECK(j.missed == (j.deadline <= ms(30)));
}

TEST_CASE("realtime: a run without task rows counts the same jobs and misses") {
  // T and U (period 10, wcet 8) on one CPU under EDF: T 0-8 (met), U 8-16
  // (late: due 10), T 16-24 (late: due 20), U 24- (its second job, released
  // 10, due 20, unfinished), T's third job released 20, due 30, waiting.
  // Five jobs; at a 30 ms horizon T's third counts as missed, at 29 not yet.
  Workload w = WorkloadBuilder("edf").build();
  periodic(w, "T", 10, 8, 0);
  periodic(w, "U", 10, 8, 0);
  struct Case {
    Time until;
    std::uint64_t misses;
  };
  for (const Case c : {Case{ms(30), 4}, Case{ms(29), 3}}) {
    CAPTURE(c.until);
    RunOptions rows, summary;
    rows.until = summary.until = c.until;
    summary.task_rows = false;
    const Summary a = simulate(w, rows).results.summary;
    const Summary b = simulate(w, summary).results.summary;
    CHECK(a.jobs == 5);
    CHECK(a.deadline_misses == c.misses);
    CHECK(b.jobs == a.jobs);
    CHECK(b.deadline_misses == a.deadline_misses);
  }
}

TEST_CASE("realtime: a periodic task without a job count needs a horizon") {
  Workload w = WorkloadBuilder("edf").build();
  periodic(w, "T", 10, 1, 0);
  CHECK_THROWS_WITH(run_checked(w), Catch::Contains("periodic without \"jobs\""));
}

TEST_CASE("realtime: global EDF fails on two CPUs where partitioning succeeds (Dhall's effect)") {
  // Two light tasks (period 10, wcet 2) and a heavy one (period 11, wcet 10):
  // U = 0.2 + 0.2 + 0.91 = 1.31 <= 2 CPUs. Global EDF runs both light jobs
  // first (deadline 10 < 11) on both CPUs; the heavy job starts at 2 and ends
  // at 12, after its deadline of 11.
  auto build = [](bool partitioned) {
    Workload w = WorkloadBuilder("edf", 2).build();
    periodic(w, "light1", 10, 2, 3);
    periodic(w, "light2", 10, 2, 3);
    periodic(w, "heavy", 11, 10, 3);
    if (partitioned) {
      // Partitioned EDF: per-CPU queues, the heavy task alone on cpu1.
      w.scheduler.queues = QueueLayout::PerCpu;
      CpuMask cpu0, cpu1;
      cpu0.set(0);
      cpu1.set(1);
      w.affinities = {CpuMask{}.set(), cpu0, cpu1};
      w.tasks[0].affinity = 1;
      w.tasks[1].affinity = 1;
      w.tasks[2].affinity = 2;
    }
    return w;
  };
  const RunOutput global = run_checked(build(false));
  const TaskResult& heavy = task_named(global.results, "heavy");
  CHECK(*heavy.jobs[0].completion == ms(12));
  CHECK(heavy.jobs[0].missed);
  const RunOutput partitioned = run_checked(build(true));
  CHECK(partitioned.results.summary.deadline_misses == 0);
  CHECK(*task_named(partitioned.results, "heavy").jobs[0].completion == ms(10));
}

TEST_CASE("realtime: edf and rms rank preemption by one number, as should_preempt decides") {
  // The engine compares the tasks' preempt_rank_field() itself when the
  // policy names one (Core::ranked_victim): woken preempts running exactly
  // when its rank is smaller. Ranks here: deadlines 10, 20, 20 and none (edf); periods 5, 8, 8
  // and aperiodic (rms).
  for (const std::string name : {"edf", "rms"}) {
    Workload w = WorkloadBuilder(name).build();
    std::vector<Task> tasks{Task{0}, Task{1}, Task{2}, Task{3}};
    const Time deadlines[] = {ms(10), ms(20), ms(20), kNever};
    const Time periods[] = {ms(5), ms(8), ms(8), kNever};
    for (TaskId t = 0; t < 4; ++t) {
      tasks[t].job_deadline = deadlines[t];
      tasks[t].effective_priority = periods[t];
    }
    Rng rng{1};
    SchedContext ctx{w, tasks, rng};
    std::unique_ptr<Policy> policy = find_policy(name)->make(w.scheduler.params, w.machine);
    policy->attach(ctx);
    const Policy::RankField field = policy->preempt_rank_field();
    REQUIRE(field != nullptr);
    for (TaskId running = 0; running < 4; ++running)
      for (TaskId woken = 0; woken < 4; ++woken) {
        CAPTURE(name, running, woken);
        CHECK(policy->should_preempt(running, woken) ==
              (tasks[woken].*field < tasks[running].*field));
        CHECK(policy->should_preempt(running, woken) == (woken < running && !(woken == 1 && running == 2)));
      }
  }
}
