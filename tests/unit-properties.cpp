// Random workloads under every policy, with the invariant checker on: nothing
// overlaps, nothing is lost, CPU time equals work, every finite workload
// finishes, and the same workload gives the same run twice. A failure prints
// the seed that made the workload.
#include <catch2/catch.hpp>

#include "sim/core/engine.h"
#include "sim/core/invariants.h"
#include "sim/core/policy.h"
#include "sim/core/rng.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

Time pick(Rng& rng, Time lo, Time hi) { return lo + static_cast<Time>(rng.below(hi - lo + 1)); }

enum class Layout { Global, PerCpu, Capacity, Amp };
const Layout kLayouts[] = {Layout::Global, Layout::PerCpu, Layout::Capacity, Layout::Amp};
const char* layout_name(Layout l) {
  switch (l) {
    case Layout::Global: return "global";
    case Layout::PerCpu: return "per_cpu";
    case Layout::Capacity: return "capacity";
    case Layout::Amp: return "amp master";
  }
  return "?";
}

// Sometimes wrap a stretch of the program in lock m0 and, inside it, a
// shorter one in m1: always in that order, so no run can deadlock. Drawn
// from a stream of its own so the rest of each random workload is unchanged.
void add_locks(Rng& rng, std::vector<Phase>& program) {
  if (rng.below(3) == 0) return;
  const auto n = static_cast<std::uint64_t>(program.size());
  const auto first = static_cast<std::ptrdiff_t>(rng.below(n));
  const auto last = first + static_cast<std::ptrdiff_t>(rng.below(n - static_cast<std::uint64_t>(first)));
  const std::uint32_t outer = rng.below(4) == 0 ? 1 : 0;
  if (outer == 0 && rng.below(2)) {
    const auto inner = first + static_cast<std::ptrdiff_t>(rng.below(static_cast<std::uint64_t>(last - first + 1)));
    program.insert(program.begin() + inner + 1, {PhaseKind::Unlock, 0, 0, 1});
    program.insert(program.begin() + inner, {PhaseKind::Lock, 0, 0, 1});
    program.insert(program.begin() + last + 3, {PhaseKind::Unlock, 0, 0, 0});
  } else {
    program.insert(program.begin() + last + 1, {PhaseKind::Unlock, 0, 0, outer});
  }
  program.insert(program.begin() + first, {PhaseKind::Lock, 0, 0, outer});
}

Workload random_workload(std::uint64_t seed, const std::string& policy, Layout layout = Layout::Global) {
  Rng rng(seed);
  Rng lock_rng(seed ^ 0x6c6f'636b);
  const bool use_locks = lock_rng.below(2) == 0;
  const int cpus = (layout == Layout::Amp ? 2 : 1) + static_cast<int>(rng.below(4));
  WorkloadBuilder b(policy, cpus);
  b.device("disk", 1 + static_cast<std::uint32_t>(rng.below(2))).device("net", 4);
  Costs costs;
  if (rng.below(2)) {
    costs.process_switch = pick(rng, 0, 50) * kMicrosecond;
    costs.thread_switch = pick(rng, 0, 20) * kMicrosecond;
    costs.scheduler = pick(rng, 0, 5) * kMicrosecond;
    costs.scheduler_per_task = pick(rng, 0, 1) * kMicrosecond;
    costs.migration = pick(rng, 0, 30) * kMicrosecond;
    costs.interrupt = pick(rng, 0, 10) * kMicrosecond;
  }
  b.costs(costs);
  if (policy == "rr" || policy == "priority") b.param("quantum", pick(rng, 1, 20) * kMillisecond / 2);
  if (policy == "priority") {
    b.param("preemptive", rng.below(2) == 1);
    if (rng.below(2)) b.param("aging", pick(rng, 1, 10) * kMillisecond);
  }
  if (policy == "mlfq") {
    b.param("boost", pick(rng, 0, 3) * 50 * kMillisecond);
    b.param("reset_on_block", rng.below(2) == 1);
    b.param("io_to_front", rng.below(2) == 1);
    if (rng.below(2)) b.param("allotment", std::vector<Time>{pick(rng, 1, 4) * 10 * kMillisecond});
    if (rng.below(2)) b.param("conventions", std::string("ostep"));
  }
  if (policy == "sjf" && rng.below(2)) b.param("predict", std::string("exponential"));
  if (policy == "cooperative" && rng.below(2)) b.param("order", std::string("priority"));
  if (policy == "cfs" && rng.below(2)) {
    b.param("sched_latency", pick(rng, 1, 12) * kMillisecond / 2);
    b.param("min_granularity", pick(rng, 1, 2000) * kMicrosecond);
    b.param("wakeup_granularity", pick(rng, 0, 2000) * kMicrosecond);
  }
  if (policy == "eevdf" && rng.below(2)) b.param("base_slice", pick(rng, 1, 3000) * kMicrosecond);
  if ((policy == "lottery" || policy == "stride") && rng.below(2))
    b.param("quantum", pick(rng, 1, 20000) * kMicrosecond);
  if (policy == "lottery" && rng.below(2)) b.param("compensation", false);
  if (rng.below(2)) b.same_time(SameTime::RequeueFirst);

  const int tasks = 1 + static_cast<int>(rng.below(12));
  for (int i = 0; i < tasks; ++i) {
    std::vector<Phase> program;
    const int phases = 1 + static_cast<int>(rng.below(6));
    for (int p = 0; p < phases; ++p) {
      switch (rng.below(5)) {
        case 0:
          program.push_back({PhaseKind::Io, static_cast<DeviceId>(rng.below(2)), pick(rng, 1, 8000) * kMicrosecond});
          break;
        case 1:
          program.push_back({PhaseKind::Sleep, 0, pick(rng, 1, 5000) * kMicrosecond});
          break;
        case 2:
          program.push_back({PhaseKind::Yield, 0, 0});
          break;
        default:
          // Odd nanosecond counts on purpose: they exercise speed rounding.
          program.push_back({PhaseKind::Cpu, 0, pick(rng, 1, 20'000'000) + 1});
      }
    }
    if (use_locks) add_locks(lock_rng, program);
    const std::string process = rng.below(2) ? "shared" : "";
    b.task("t" + std::to_string(i), static_cast<double>(rng.below(30)), program,
           static_cast<int>(rng.below(4)), process);
  }
  Workload w = b.build();
  if (use_locks) {
    w.locks = {{"m0"}, {"m1"}};
    const LockProtocol protocols[] = {LockProtocol::None, LockProtocol::Inheritance, LockProtocol::Ceiling};
    w.scheduler.locks = protocols[lock_rng.below(3)];
    if (lock_rng.below(2)) w.scheduler.lock_wakeup = LockWakeup::Priority;
  }
  if (rng.below(3) == 0) w.machine.tick = pick(rng, 1, 4) * kMillisecond;
  for (CpuSpec& c : w.machine.cpus)
    if (rng.below(3) == 0) c.speed = static_cast<std::int64_t>(250 + rng.below(2750));
  if (cpus > 1 && rng.below(2)) {
    // Some tasks pinned to one CPU.
    for (int c = 0; c < cpus; ++c) {
      CpuMask m;
      m.set(static_cast<std::size_t>(c));
      w.affinities.push_back(m);
    }
    for (TaskSpec& t : w.tasks)
      if (rng.below(3) == 0) t.affinity = 1 + static_cast<std::uint32_t>(rng.below(cpus));
  }
  for (TaskSpec& t : w.tasks) t.nice = static_cast<int>(rng.below(40)) - 20;
  // Some periodic tasks (and one-shot deadlines), for every policy.
  const int periodic = static_cast<int>(rng.below(3));
  for (int i = 0; i < periodic; ++i) {
    TaskSpec t;
    t.name = "p" + std::to_string(i);
    t.process = static_cast<ProcessId>(w.processes.size());
    w.processes.push_back(t.name);
    t.arrival = pick(rng, 0, 10) * kMillisecond;
    t.period = pick(rng, 2, 20) * kMillisecond;
    t.deadline = rng.below(2) ? pick(rng, 1, 20) * kMillisecond : 0;
    t.jobs = static_cast<std::uint32_t>(1 + rng.below(6));
    t.first_phase = static_cast<std::uint32_t>(w.phases.size());
    w.phases.push_back({PhaseKind::Cpu, 0, pick(rng, 1, 2 * t.period)});
    t.phase_count = 1;
    w.tasks.push_back(t);
  }
  if (rng.below(4) == 0) w.tasks[0].deadline = pick(rng, 1, 30) * kMillisecond;
  switch (layout) {
    case Layout::Global:
      break;
    case Layout::PerCpu:
      w.scheduler.queues = QueueLayout::PerCpu;
      w.scheduler.balance_interval = pick(rng, 1, 8) * kMillisecond;
      break;
    case Layout::Capacity:
      w.scheduler.queues = QueueLayout::PerCpu;
      w.scheduler.placement = Placement::Capacity;
      for (std::size_t c = 0; c < w.machine.cpus.size(); ++c) {
        const bool big = c % 2 == 0;
        w.machine.cpus[c].speed = big ? 2 * kSpeedUnit : kSpeedUnit;
        w.machine.cpus[c].cpu_class = big ? "big" : "little";
      }
      break;
    case Layout::Amp:
      w.scheduler.amp_master = static_cast<CpuId>(rng.below(w.machine.cpus.size()));
      w.machine.costs.ipi = pick(rng, 0, 20) * kMicrosecond;
      // The master runs no tasks: no affinity that could leave a task only the master.
      w.affinities.resize(1);
      for (TaskSpec& t : w.tasks) t.affinity = 0;
      break;
  }
  return w;
}

bool same_slices(const TraceLog<CpuSlice>& a, const TraceLog<CpuSlice>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].cpu != b[i].cpu ||
        a[i].task != b[i].task || a[i].kind != b[i].kind || a[i].reason != b[i].reason)
      return false;
  return true;
}

}  // namespace

TEST_CASE("properties: every policy runs on every topology (contract test)") {
  int runs = 0;
  for (Layout layout : kLayouts)
    for (const PolicyInfo& policy : policy_registry())
      for (std::uint64_t seed = 1000; seed < 1040; ++seed) {
        INFO("topology " << layout_name(layout) << ", policy " << policy.name << ", workload seed " << seed);
        const Workload w = random_workload(seed, policy.name, layout);
        RunOutput out;
        REQUIRE_NOTHROW(out = run_checked(w));
        CHECK(out.results.summary.completed == w.tasks.size());
        for (const CpuSlice& s : out.trace.cpu_slices) {
          if (s.kind != SliceKind::Run) continue;
          CHECK(w.affinities[w.tasks[s.task].affinity].test(s.cpu));
          if (layout == Layout::Amp) CHECK(s.cpu != w.scheduler.amp_master);
        }
        ++runs;
      }
  CHECK(runs == 4 * 40 * static_cast<int>(policy_registry().size()));
}

TEST_CASE("properties: random workloads keep every invariant under every policy") {
  int runs = 0;
  std::uint64_t contended = 0;  // lock acquisitions that had to wait, over all runs
  for (const PolicyInfo& policy : policy_registry()) {
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
      INFO("policy " << policy.name << ", workload seed " << seed);
      const Workload w = random_workload(seed, policy.name);
      RunOutput first;
      REQUIRE_NOTHROW(first = run_checked(w));
      CHECK(first.results.summary.completed == w.tasks.size());
      for (const TaskResult& t : first.results.tasks) {
        CHECK(t.waiting >= 0);
        CHECK(*t.turnaround == t.cpu + t.waiting + t.blocked);
        CHECK(t.lock_wait <= t.blocked);
      }
      for (const LockResult& l : first.results.locks) contended += l.contended;
      // Determinism: a second run is identical, slice for slice.
      const RunOutput second = run_checked(w);
      CHECK(same_slices(first.trace.cpu_slices, second.trace.cpu_slices));
      CHECK(first.results.summary.events == second.results.summary.events);
      // Affinity is never violated.
      for (const CpuSlice& s : first.trace.cpu_slices)
        if (s.kind == SliceKind::Run) CHECK(w.affinities[w.tasks[s.task].affinity].test(s.cpu));
      ++runs;
    }
  }
  CHECK(runs == 150 * static_cast<int>(policy_registry().size()));
  CHECK(contended > 0);  // the locks add_locks() puts in are really fought over
}

TEST_CASE("properties: a horizon stops the run and leaves unfinished tasks open") {
  const Workload w = WorkloadBuilder("rr").param("quantum", ms(2)).task("A", 0, 10).task("B", 0, 10).build();
  const RunOutput out = run_checked(w, ms(7));
  CHECK(out.results.summary.makespan == ms(7));
  CHECK(out.results.summary.completed == 0);
  for (const TaskResult& t : out.results.tasks) {
    CHECK_FALSE(t.completion.has_value());
    CHECK(t.cpu + t.waiting == ms(7));
  }
  CHECK(task_named(out.results, "A").cpu == ms(4));  // A 0-2, 4-6
  CHECK(task_named(out.results, "B").cpu == ms(3));  // B 2-4, 6-7
}

TEST_CASE("properties: the invariant checker catches broken schedules") {
  const Workload w = WorkloadBuilder("fcfs", 2).task("A", 0, 10).task("B", 0, 10).build();
  SECTION("slices overlapping on one CPU") {
    InvariantChecker check(w, kNever);
    check.on_cpu_slice({0, ms(5), 0, 0, SliceKind::Run});
    CHECK_THROWS_AS(check.on_cpu_slice({ms(4), ms(6), 0, 1, SliceKind::Run}), InvariantViolation);
  }
  SECTION("one task on two CPUs at once") {
    InvariantChecker check(w, kNever);
    check.on_cpu_slice({0, ms(5), 0, 0, SliceKind::Run});
    CHECK_THROWS_AS(check.on_cpu_slice({ms(2), ms(3), 1, 0, SliceKind::Run}), InvariantViolation);
  }
  SECTION("a task that never finished") {
    InvariantChecker check(w, kNever);
    CHECK_THROWS_AS(check.on_finish(ms(20), 0), InvariantViolation);
  }
  SECTION("CPU time that does not match the work") {
    InvariantChecker check(w, kNever);
    for (TaskId t : {0u, 1u}) {
      check.on_task_state(0, t, TaskState::Ready, 0);
      check.on_task_state(0, t, TaskState::Running, 0);
      check.on_cpu_slice({0, ms(9), t, t, SliceKind::Run});  // 9ms of a 10ms job
      check.on_task_state(ms(9), t, TaskState::Done, 0);
    }
    CHECK_THROWS_AS(check.on_finish(ms(9), 0), InvariantViolation);
  }
  SECTION("running without being ready") {
    InvariantChecker check(w, kNever);
    CHECK_THROWS_AS(check.on_task_state(0, 0, TaskState::Running, 0), InvariantViolation);
  }
}

TEST_CASE("properties: a run that would pass the time limit stops with a clear error") {
  Costs costs;
  costs.scheduler_per_task = 1'000'000 * kSecond;  // the largest cost a file may give
  WorkloadBuilder b("rr");
  b.param("quantum", ms(1)).costs(costs);
  for (int i = 0; i < 50; ++i) b.task("t" + std::to_string(i), 0, 10);
  CHECK_THROWS_AS(run_checked(b.build()), SimulationLimit);
}
