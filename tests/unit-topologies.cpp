// Per-CPU queues with balancing and stealing, capacity-aware placement on
// big/little CPUs, and the AMP master bottleneck.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {
Time run_time_on(const RunOutput& out, TaskId task, const std::function<bool(CpuId)>& where) {
  Time t = 0;
  for (const CpuSlice& s : out.trace.cpu_slices)
    if (s.kind == SliceKind::Run && s.task == task && where(s.cpu)) t += s.end - s.start;
  return t;
}
int decisions(const RunOutput& out, DecisionKind kind) {
  int n = 0;
  for (const Decision& d : out.trace.decisions) n += d.kind == kind;
  return n;
}
}  // namespace

TEST_CASE("topologies: per-CPU queues place new tasks on the least loaded CPU") {
  // Four equal tasks on two CPUs, no costs: cpu0 gets A and C, cpu1 B and D.
  Workload w = WorkloadBuilder("fcfs", 2).task("A", 0, 10).task("B", 0, 10).task("C", 0, 10).task("D", 0, 10).build();
  w.scheduler.queues = QueueLayout::PerCpu;
  const RunOutput out = run_checked(w);
  CHECK(*task_named(out.results, "C").completion == ms(20));
  CHECK(*task_named(out.results, "D").completion == ms(20));
  CHECK(out.results.summary.migrations == 0);
}

TEST_CASE("topologies: idle stealing and balancing reach the ideal makespan") {
  // Placement alternates tasks between the CPUs: the short ones (5ms) all land
  // on cpu0, the long ones (50ms) on cpu1. Without stealing cpu1 would finish
  // at 200ms; the ideal is (4 x 5 + 4 x 50) / 2 = 110ms. Migrations cost 1ms.
  Costs costs;
  costs.migration = ms(1);
  WorkloadBuilder b("rr", 2);
  b.param("quantum", ms(10)).costs(costs);
  for (int i = 0; i < 4; ++i) b.task("short" + std::to_string(i), 0, 5).task("long" + std::to_string(i), 0, 50);
  Workload w = b.build();
  w.scheduler.queues = QueueLayout::PerCpu;
  const RunOutput out = run_checked(w);
  CHECK(out.results.summary.makespan <= ms(110) * 11 / 10);
  CHECK(out.results.summary.migrations >= 1);
  // Every migration is charged.
  CHECK(out.results.cpus[0].migration + out.results.cpus[1].migration ==
        static_cast<Time>(out.results.summary.migrations) * ms(1));
  CHECK(decisions(out, DecisionKind::Move) >= 1);
}

TEST_CASE("topologies: N equal tasks on M CPUs finish near the ideal makespan") {
  for (int cpus : {2, 3, 4, 8}) {
    INFO(cpus << " CPUs");
    WorkloadBuilder b("rr", cpus);
    b.param("quantum", ms(5));
    // Staggered arrivals so placement alone cannot be perfect.
    for (int i = 0; i < 3 * cpus + 1; ++i) b.task("t" + std::to_string(i), i % 3, 30);
    Workload w = b.build();
    w.scheduler.queues = QueueLayout::PerCpu;
    w.scheduler.balance_interval = ms(2);
    const RunOutput out = run_checked(w);
    const double ideal = 30.0 * (3 * cpus + 1) / cpus;
    CHECK(static_cast<double>(out.results.summary.makespan) <= ms(ideal) * 1.25 + ms(30));
  }
}

TEST_CASE("topologies: affinity is never violated by placement, stealing or balancing") {
  WorkloadBuilder b("rr", 4);
  b.param("quantum", ms(2));
  for (int i = 0; i < 12; ++i) b.task("t" + std::to_string(i), 0, 20);
  Workload w = b.build();
  w.scheduler.queues = QueueLayout::PerCpu;
  CpuMask only3;
  only3.set(3);
  w.affinities.push_back(only3);
  for (int i = 0; i < 6; ++i) w.tasks[static_cast<std::size_t>(i)].affinity = 1;  // six tasks pinned to cpu3
  const RunOutput out = run_checked(w);
  for (const CpuSlice& s : out.trace.cpu_slices)
    if (s.kind == SliceKind::Run && s.task < 6) CHECK(s.cpu == 3);
  // The unpinned tasks spread over cpus 0-2 and finish early.
  CHECK(*task_named(out.results, "t11").completion < *task_named(out.results, "t0").completion);
}

TEST_CASE("topologies: capacity placement puts heavy tasks on big CPUs and light ones on little") {
  // Two big CPUs (speed 2) and two little ones (speed 1). Two CPU-bound tasks
  // (400ms of work: 200ms on a big CPU) and four light ones (1ms every 10ms).
  // Arrival order makes plain load balancing put the heavy ones on little CPUs.
  auto build = [](Placement placement) {
    std::vector<Phase> light;
    for (int i = 0; i < 40; ++i) {
      light.push_back(cpu(1));
      light.push_back(sleep_for(9));
    }
    WorkloadBuilder b("rr", 4);
    b.param("quantum", ms(4));
    b.task("light0", 0, light).task("light1", 0, light);
    b.task("heavy0", 0, 400).task("heavy1", 0, 400);
    b.task("light2", 0, light).task("light3", 0, light);
    Workload w = b.build();
    for (std::size_t c = 0; c < 4; ++c) {
      w.machine.cpus[c].speed = c < 2 ? 2 * kSpeedUnit : kSpeedUnit;
      w.machine.cpus[c].cpu_class = c < 2 ? "big" : "little";
    }
    w.scheduler.queues = QueueLayout::PerCpu;
    w.scheduler.placement = placement;
    return w;
  };
  const RunOutput cap = run_checked(build(Placement::Capacity));
  const Workload w = build(Placement::Capacity);
  auto big = [](CpuId c) { return c < 2; };
  auto any = [](CpuId) { return true; };
  for (const char* name : {"heavy0", "heavy1"}) {
    INFO(name);
    TaskId id = 0;
    while (w.tasks[id].name != name) ++id;
    CHECK(run_time_on(cap, id, big) >= run_time_on(cap, id, any) * 9 / 10);
  }
  for (TaskId id : {0u, 1u, 4u, 5u}) {
    INFO(w.tasks[id].name);
    CHECK(run_time_on(cap, id, [](CpuId c) { return c >= 2; }) >= run_time_on(cap, id, any) * 8 / 10);
  }
  // Near the ideal 200ms; plain load balancing leaves them on little CPUs.
  const RunOutput plain = run_checked(build(Placement::Balanced));
  const auto heavy_done = [](const RunOutput& out) {
    return std::max(*task_named(out.results, "heavy0").completion, *task_named(out.results, "heavy1").completion);
  };
  CHECK(heavy_done(cap) <= ms(210));
  // Plain balancing with idle stealing does well too here, but less so:
  // capacity placement keeps more heavy work on big CPUs and light work on little.
  auto little = [](CpuId c) { return c >= 2; };
  auto share = [&](const RunOutput& out, TaskId id, const std::function<bool(CpuId)>& where) {
    return static_cast<double>(run_time_on(out, id, where)) / static_cast<double>(run_time_on(out, id, any));
  };
  CHECK(share(cap, 2, big) > share(plain, 2, big));
  CHECK(share(cap, 0, little) > share(plain, 0, little));
  // Time per CPU class is reported.
  REQUIRE(cap.results.classes.size() == 2);
  CHECK(cap.results.classes[0].cpu_class == "big");
  CHECK(cap.results.classes[0].cpus == 2);
  CHECK(cap.results.classes[0].busy > cap.results.classes[1].busy);
}

TEST_CASE("topologies: a task that grows heavy moves up to a big CPU") {
  // One big, one little CPU. 'grower' starts light (1ms per 10ms), then turns
  // CPU-bound; 'light' stays light. The grower must end up on the big CPU.
  std::vector<Phase> grower;
  for (int i = 0; i < 10; ++i) {
    grower.push_back(cpu(1));
    grower.push_back(sleep_for(9));
  }
  grower.push_back(cpu(300));
  WorkloadBuilder b("rr", 2);
  b.param("quantum", ms(4));
  b.task("grower", 0, grower).task("busy", 0, 60);
  Workload w = b.build();
  w.machine.cpus[0].speed = 2 * kSpeedUnit;
  w.machine.cpus[0].cpu_class = "big";
  w.machine.cpus[1].cpu_class = "little";
  w.scheduler.queues = QueueLayout::PerCpu;
  w.scheduler.placement = Placement::Capacity;
  const RunOutput out = run_checked(w);
  // In its last 100ms of running, the grower is on the big CPU.
  Time last_end = 0;
  for (const CpuSlice& s : out.trace.cpu_slices)
    if (s.kind == SliceKind::Run && s.task == 0) last_end = std::max(last_end, s.end);
  Time big_late = 0, all_late = 0;
  for (const CpuSlice& s : out.trace.cpu_slices)
    if (s.kind == SliceKind::Run && s.task == 0 && s.start >= last_end - ms(100)) {
      all_late += s.end - s.start;
      if (s.cpu == 0) big_late += s.end - s.start;
    }
  CHECK(big_late >= all_late * 9 / 10);
}

TEST_CASE("topologies: the AMP master becomes the bottleneck") {
  // Eight CPUs, cpu0 the master. 56 tasks of 10ms, quantum 2ms: the seven
  // slaves ask for a decision every 2ms each, 3.5 decisions per ms.
  auto build = [](Time decision_cost, bool amp) {
    Costs costs;
    costs.scheduler = decision_cost;
    costs.ipi = ms(0.005);
    WorkloadBuilder b("rr", 8);
    b.param("quantum", ms(2)).costs(costs);
    for (int i = 0; i < 56; ++i) b.task("job" + std::to_string(i), 0, 10);
    Workload w = b.build();
    if (amp) w.scheduler.amp_master = 0;
    return w;
  };
  // Cheap decisions (10us): the master keeps up; 7 slaves take ~80ms.
  const RunOutput cheap = run_checked(build(ms(0.01), true));
  CHECK(cheap.results.summary.makespan < ms(85));
  // Expensive decisions (0.5ms): the master needs 1.75ms of work per ms. It is
  // busy deciding all the time and the slaves idle waiting for it.
  const RunOutput costly = run_checked(build(ms(0.5), true));
  const CpuResult& master = costly.results.cpus[0];
  CHECK(master.busy == 0);  // the master runs no tasks
  CHECK(static_cast<double>(master.scheduler) >= 0.95 * static_cast<double>(costly.results.summary.makespan));
  CHECK(costly.results.summary.makespan > ms(140));
  double slave_util = 0;
  for (std::size_t c = 1; c < 8; ++c) slave_util += costly.results.cpus[c].utilization;
  CHECK(slave_util / 7 < 0.6);
  // Every CPU deciding for itself (SMP) with the same costs does far better.
  const RunOutput smp = run_checked(build(ms(0.5), false));
  CHECK(smp.results.summary.makespan < costly.results.summary.makespan * 2 / 3);
  // Interrupts go to the master.
  for (const CpuSlice& s : costly.trace.cpu_slices)
    if (s.kind == SliceKind::Scheduler) CHECK(s.cpu == 0);
}
