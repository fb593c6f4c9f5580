// CFS and EEVDF as Linux runs them across run queues and as the queue
// changes: a task moving between queues keeps its place relative to the
// queue (CFS: vruntime - min_vruntime, migrate_task_rq_fair /
// enqueue_entity before 6.6; EEVDF: its lag, update_entity_lag /
// place_entity in 6.6+), CFS's running slice follows the queue's load
// (check_preempt_tick), and EEVDF lets an eligible running task finish its
// slice (RUN_TO_PARITY). Hand-worked, with the numbers written in.
#include <catch2/catch.hpp>

#include "sim/core/policy.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// Two run queues of one policy sharing the run's per-task state, as a
// per-CPU topology makes them, driven hook by hook.
struct TwoQueues {
  Workload w;
  std::vector<Task> tasks;
  Rng rng{1};
  SchedContext ctx;
  std::unique_ptr<Policy> q0, q1;
  explicit TwoQueues(Workload workload)
      : w(std::move(workload)), tasks(w.tasks.size()), ctx(w, tasks, rng) {
    for (TaskId t = 0; t < tasks.size(); ++t) tasks[t].id = t;
    q0 = find_policy(w.scheduler.policy)->make(w.scheduler.params, w.machine);
    q1 = find_policy(w.scheduler.policy)->make(w.scheduler.params, w.machine);
    q0->attach(ctx);
    q1->attach(ctx);
  }
  // `t`, queued in q, runs for `ms_run` from now and stops for `why`.
  void run(Policy& q, TaskId t, double ms_run, StopReason why, EnqueueReason requeue) {
    q.dequeue(t);
    q.on_running(t, 0);
    ctx.set_now(ctx.now() + ms(ms_run));
    q.on_stopping(t, ms(ms_run), why);
    if (why != StopReason::Blocked) q.enqueue(t, requeue);
  }
};

Workload three_tasks(const std::string& policy, const std::string& param, Time value) {
  return WorkloadBuilder(policy).param(param, value).task("A", 0, 100).task("B", 0, 100).task("C", 0, 100).build();
}

struct Run {
  std::string task;
  double start, end;  // ms
};

// The Run slices on CPU 0, merged where a task simply continues.
std::vector<Run> timeline(const RunOutput& out, const Workload& w) {
  std::vector<Run> runs;
  for (const CpuSlice& s : out.trace.cpu_slices) {
    if (s.kind != SliceKind::Run) continue;
    const std::string& name = w.tasks[s.task].name;
    const double start = static_cast<double>(s.start) / 1e6, end = static_cast<double>(s.end) / 1e6;
    if (!runs.empty() && runs.back().task == name && runs.back().end == start) runs.back().end = end;
    else runs.push_back({name, start, end});
  }
  return runs;
}

void check_timeline(const Workload& w, const std::vector<Run>& expected) {
  const RunOutput out = run_checked(w);
  const std::vector<Run> got = timeline(out, w);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("run " << i << ": expected " << expected[i].task << " " << expected[i].start << "-" << expected[i].end
                << ", got " << got[i].task << " " << got[i].start << "-" << got[i].end);
    CHECK(got[i].task == expected[i].task);
    CHECK(got[i].start == Approx(expected[i].start));
    CHECK(got[i].end == Approx(expected[i].end));
  }
}

}  // namespace

TEST_CASE("fair queues: cfs keeps a task's vruntime relative to its queue when it moves") {
  // sched_latency 6ms on one CPU. Queue 0: A arrives (alone: slice 6ms,
  // placed at min_vruntime 0 + 6), B next (slice 3: at 3). B runs 2ms: v 5;
  // min_vruntime 5. Queue 1: C arrives (at 6), runs 10ms alone: v 16,
  // min_vruntime 16.
  TwoQueues q(three_tasks("cfs", "sched_latency", ms(6)));
  q.q0->enqueue(0, EnqueueReason::Arrival);
  q.q0->enqueue(1, EnqueueReason::Arrival);
  q.run(*q.q0, 1, 2, StopReason::Expired, EnqueueReason::Expired);
  q.q1->enqueue(2, EnqueueReason::Arrival);
  q.run(*q.q1, 2, 10, StopReason::Expired, EnqueueReason::Expired);
  CHECK(q.q1->describe(2) == "vruntime 16ms, weight 1024");
  SECTION("a queued task moved by the balancer") {
    // A stood 1ms ahead of queue 0's min_vruntime (6 - 5): it lands 1ms
    // ahead of queue 1's, at 17, behind C.
    q.q0->dequeue(0);
    q.q0->migrate_task_rq(0);
    q.q1->enqueue(0, EnqueueReason::Migrated);
    CHECK(q.q1->describe(0) == "vruntime 17ms, weight 1024");
    CHECK(q.q1->pick_next(0) == 2);
  }
  SECTION("a sleeper waking on the other queue") {
    // B blocks at v 5; queue 0 then holds only A, and its min_vruntime moves
    // up to A's 6. B wakes on queue 1: 1ms behind the min_vruntime it left,
    // so 1ms behind queue 1's: 15 (more than max(., 16 - 3), the sleeper
    // bound). Placed afresh it would have had the full credit, 13.
    q.run(*q.q0, 1, 0, StopReason::Blocked, EnqueueReason::Wakeup);
    q.q0->migrate_task_rq(1);
    q.q1->enqueue(1, EnqueueReason::Wakeup);
    CHECK(q.q1->describe(1) == "vruntime 15ms, weight 1024");
  }
}

TEST_CASE("fair queues: eevdf keeps a task's lag when it moves") {
  // base_slice 1ms. Queue 0: A and B arrive at V = 0 (v 0, deadline 0.5).
  // B runs 1ms: v 1, deadline 2. Queue 1: C arrives (v 0, deadline 0.5).
  TwoQueues q(three_tasks("eevdf", "base_slice", ms(1)));
  q.q0->enqueue(0, EnqueueReason::Arrival);
  q.q0->enqueue(1, EnqueueReason::Arrival);
  q.run(*q.q0, 1, 1, StopReason::Expired, EnqueueReason::Expired);
  q.q1->enqueue(2, EnqueueReason::Arrival);
  SECTION("a queued task moved by the balancer") {
    // On queue 0, V = (0 + 1) / 2 = 0.5: B's lag is -0.5. On queue 1 (V = 0,
    // C alone) it is inflated by (W + w) / W = 2: v = 0 + 1, deadline 2; V
    // becomes 0.5 and B's lag there is -0.5 again. (Placed afresh it would
    // have had lag 0: v 0, and be eligible at once.)
    q.q0->dequeue(1);
    q.q0->migrate_task_rq(1);
    q.q1->enqueue(1, EnqueueReason::Migrated);
    CHECK(q.q1->describe(1) == "vruntime 1ms, deadline 2ms, lag -500us (not eligible), weight 1024");
    CHECK(q.q1->pick_next(0) == 2);
  }
  SECTION("a sleeper waking on the other queue") {
    // A runs 0.25ms and blocks: V = (0.25 + 1) / 2 = 0.625, lag +0.375. It
    // wakes on queue 1 (C alone, V = 0): v = 0 - 0.75, deadline 0.25; V
    // becomes -0.375 and its lag there is +0.375.
    q.run(*q.q0, 0, 0.25, StopReason::Blocked, EnqueueReason::Wakeup);
    q.q0->migrate_task_rq(0);
    q.q1->enqueue(0, EnqueueReason::Wakeup);
    CHECK(q.q1->describe(0) == "vruntime -750us, deadline 250us, lag 375us (eligible), weight 1024");
  }
}

TEST_CASE("fair queues: cfs shortens the running slice when a task wakes") {
  // sched_latency 6ms, wakeup_granularity 4ms (so B does not preempt).
  // A arrives alone: slice 6ms, v 6 (placed at 0 + 6). B's program starts
  // with a 1ms sleep; it wakes at 1 at max(0, min_vruntime 7 - 3) = 4: 3ms
  // behind A, less than the granularity. A's slice is now 6 x 1/2 = 3ms, of
  // which it has run 1: it stops at 3 (v 9). B 3-6 (v 7), still the
  // smallest: B 6-9 (done, 6ms). A 9-15 (done).
  // (A slice fixed at dispatch would run A 0-6, B 6-12, A 12-15.)
  const Workload w = WorkloadBuilder("cfs")
                         .param("sched_latency", ms(6))
                         .param("min_granularity", ms(0.75))
                         .param("wakeup_granularity", ms(4))
                         .task("A", 0, 9)
                         .task("B", 0, std::vector<Phase>{sleep_for(1), cpu(6)})
                         .build();
  check_timeline(w, {{"A", 0, 3}, {"B", 3, 9}, {"A", 9, 15}});
}

TEST_CASE("fair queues: cfs ends a running slice the queue's growth has used up") {
  // sched_latency 6ms. A arrives alone (slice 6: v 6), B next to it (slice 3:
  // v 3). B 0-1 (done, v 4). A from 1, alone: slice 6, until 7. C arrives at
  // 5 at min_vruntime 10 (A's v) + its slice 3 = 13, too far behind to
  // preempt; but A's slice is now 6 / 2 = 3 and it has run 4: it ends at
  // once, at 5. A (10) is still the smaller: it goes on with 3ms, 5-8 (v 13).
  // C and A tie at 13; C was queued first: C 8-9 (done). A 9-12 (done).
  // (A slice fixed at dispatch: A 1-10, C 10-11, A 11-12.)
  const Workload w = WorkloadBuilder("cfs")
                         .param("sched_latency", ms(6))
                         .task("A", 0, 10)
                         .task("B", 0, 1)
                         .task("C", 5, 1)
                         .build();
  check_timeline(w, {{"B", 0, 1}, {"A", 1, 8}, {"C", 8, 9}, {"A", 9, 12}});
}

TEST_CASE("fair queues: eevdf lets an eligible running task finish its slice (RUN_TO_PARITY)") {
  // base_slice 2ms. A (nice 0) arrives at V = 0: deadline 0 + 1 (half a
  // slice first), then 1 + 2 = 3 (alone). B (nice -5, weight 3121: vslice
  // 0.656ms) sleeps 1.5ms first and wakes at V = 1.5 (A alone at 1.5): v 1.5,
  // deadline 2.156, earlier than A's 3 and eligible. A is eligible too (v
  // 1.5 = V): it keeps the CPU until its deadline, at 3. Then A (v 3) is not
  // eligible (V = (3 x 1024 + 1.5 x 3121) / 4145 = 1.87): B 3-4.5 (done),
  // A 4.5-11.5. (Without RUN_TO_PARITY B would preempt at 1.5.)
  Workload w = WorkloadBuilder("eevdf")
                   .param("base_slice", ms(2))
                   .task("A", 0, 10)
                   .task("B", 0, std::vector<Phase>{sleep_for(1.5), cpu(1.5)})
                   .build();
  w.tasks[1].nice = -5;
  check_timeline(w, {{"A", 0, 3}, {"B", 3, 4.5}, {"A", 4.5, 11.5}});
}
