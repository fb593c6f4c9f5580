// What keeps an event's cost flat however many tasks are queued: bounded
// balance passes (Linux's sched_nr_migrate), lottery draws through a tree of
// tickets, EEVDF's pick through a tree augmented with the smallest vruntime.
// Each structure is checked against the plain scan it replaces.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "sim/core/topology.h"
#include "sim/format/result_json.h"
#include "sim/policies/augmented_tree.h"
#include "sim/policies/queues.h"
#include "sim/policies/ranked_queue.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// A LoadView over plain vectors: queue q holds queues[q] in pick order; each
// CPU of `busy` runs a task. Counts the tasks the topology looks at.
class FakeView final : public LoadView {
 public:
  FakeView(const Workload& w, std::vector<std::vector<TaskId>> queues, std::vector<bool> busy)
      : workload_(w), queues_(std::move(queues)), tasks_(w.tasks.size()) {
    queued_count.resize(queues_.size());
    busy_count.resize(queues_.size());
    load_count.resize(queues_.size());
    for (std::size_t q = 0; q < queues_.size(); ++q) {
      queued_count[q] = queues_[q].size();
      busy_count[q] = busy[q] ? 1 : 0;
      load_count[q] = static_cast<std::uint32_t>(queued_count[q] + busy_count[q]);
      total_queued_count += queues_[q].size();
    }
  }
  TaskId last_allowed(std::size_t q, CpuId cpu) const override {
    for (auto it = queues_[q].rbegin(); it != queues_[q].rend(); ++it)
      if (allowed(*it, cpu)) return *it;
    return kNoTask;
  }
  void for_each_queued(std::size_t q, const std::function<void(TaskId)>& visit) const override {
    for (TaskId t : queues_[q]) visit(t);
  }
  void visit_from_back(std::size_t q, const std::function<bool(TaskId)>& visit) const override {
    for (auto it = queues_[q].rbegin(); it != queues_[q].rend(); ++it) {
      ++looked;
      if (!visit(*it)) return;
    }
  }
  TaskId current(CpuId) const override { return kNoTask; }
  bool allowed(TaskId t, CpuId cpu) const override {
    const std::uint32_t mask = workload_.tasks[t].affinity;
    return mask == 0 || workload_.affinities[mask].test(cpu);
  }
  const Task& task(TaskId t) const override { return tasks_[t]; }
  mutable std::size_t looked = 0;

 private:
  const Workload& workload_;
  std::vector<std::vector<TaskId>> queues_;
  std::vector<Task> tasks_;
};

Workload tasks_on(int cpus, int count) {
  WorkloadBuilder b("rr", cpus);
  for (int i = 0; i < count; ++i) b.task("t" + std::to_string(i), 0, 10);
  Workload w = b.build();
  w.scheduler.queues = QueueLayout::PerCpu;
  return w;
}

std::vector<TaskId> range(TaskId from, TaskId to) {
  std::vector<TaskId> ids;
  for (TaskId t = from; t < to; ++t) ids.push_back(t);
  return ids;
}

}  // namespace

TEST_CASE("overload: a balance pass moves at most 32 tasks, the last in pick order") {
  // 100 tasks queued on cpu0, cpu1 idle: the old rule moved 50 (until the
  // loads differed by less than two); Linux's sched_nr_migrate bounds a pass
  // to 32, taken from the tail of the busiest queue.
  const Workload w = tasks_on(2, 100);
  auto topology = make_topology(w);
  FakeView view(w, {range(0, 100), {}}, {true, false});
  std::vector<Move> moves;
  topology->balance(view, moves);
  REQUIRE(moves.size() == 32);
  for (std::size_t i = 0; i < moves.size(); ++i) {
    CHECK(moves[i].task == 99 - i);
    CHECK(moves[i].to_queue == 1);
  }
  CHECK(view.looked == 32 * 33 / 2);  // each move passes the tasks already taken
}

TEST_CASE("overload: a balance pass gives up after looking at 32 tasks that may not go") {
  // The 40 last tasks of cpu0's queue are pinned to it: a pass looks at 32
  // of them and moves nothing (Linux's loop_max), though task 0 could go.
  Workload w = tasks_on(2, 50);
  CpuMask only0;
  only0.set(0);
  w.affinities.push_back(only0);
  for (TaskId t = 10; t < 50; ++t) w.tasks[t].affinity = 1;
  auto topology = make_topology(w);
  FakeView view(w, {range(0, 50), {}}, {true, false});
  std::vector<Move> moves;
  topology->balance(view, moves);
  CHECK(moves.empty());
  CHECK(view.looked == 32);
}

TEST_CASE("overload: small imbalances are evened out as before") {
  // Loads (running + queued) 1+5, 1+0, 1+1, 0: cpu0 (the busiest) gives its
  // last tasks to the idlest queue, the first by index among equals, until
  // the loads differ by less than two: 3, 2, 2, 2.
  const Workload w = tasks_on(4, 6);
  auto topology = make_topology(w);
  FakeView view(w, {range(0, 5), {}, {5}, {}}, {true, true, true, false});
  std::vector<Move> moves;
  topology->balance(view, moves);
  REQUIRE(moves.size() == 3);
  CHECK(moves[0].task == 4);
  CHECK(moves[0].to_queue == 3);
  CHECK(moves[1].task == 3);
  CHECK(moves[1].to_queue == 1);
  CHECK(moves[2].task == 2);
  CHECK(moves[2].to_queue == 3);
}

TEST_CASE("overload: the augmented tree finds what a scan finds") {
  // Random pushes and removals; after each, for several thresholds, the first
  // task in (key, enqueue order) whose value is at most the threshold.
  const Workload w = tasks_on(1, 300);
  std::vector<Task> tasks(w.tasks.size());
  Rng rng(1);
  SchedContext ctx(w, tasks, rng);
  AugmentedQueue tree;
  tree.attach(ctx);
  struct Entry {
    std::int64_t key, seq, value;
    TaskId task;
  };
  std::vector<Entry> reference;  // in order
  std::mt19937_64 random(7);
  std::int64_t seq = 0;
  for (int step = 0; step < 3000; ++step) {
    const TaskId t = static_cast<TaskId>(random() % 300);
    if (tree.contains(t)) {
      tree.remove(t);
      reference.erase(std::find_if(reference.begin(), reference.end(),
                                   [&](const Entry& e) { return e.task == t; }));
    } else {
      const std::int64_t key = static_cast<std::int64_t>(random() % 50);
      const std::int64_t value = static_cast<std::int64_t>(random() % 1000) - 500;
      tree.push(t, key, value);
      const Entry e{key, ++seq, value, t};
      reference.insert(std::upper_bound(reference.begin(), reference.end(), e,
                                        [](const Entry& a, const Entry& b) {
                                          return a.key != b.key ? a.key < b.key : a.seq < b.seq;
                                        }),
                       e);
    }
    REQUIRE(tree.size() == reference.size());
    if (step % 7 != 0) continue;
    std::vector<TaskId> order;
    tree.for_each([&](TaskId x) { order.push_back(x); });
    std::vector<TaskId> backwards;
    tree.visit_from_back([&](TaskId x) {
      backwards.push_back(x);
      return true;
    });
    std::reverse(backwards.begin(), backwards.end());
    std::vector<TaskId> expected;
    for (const Entry& e : reference) expected.push_back(e.task);
    REQUIRE(order == expected);
    REQUIRE(backwards == expected);
    CHECK(tree.front() == (expected.empty() ? kNoTask : expected.front()));
    CHECK(tree.back() == (expected.empty() ? kNoTask : expected.back()));
    if (!reference.empty())
      CHECK(tree.min_value() == std::min_element(reference.begin(), reference.end(),
                                                 [](const Entry& a, const Entry& b) { return a.value < b.value; })
                                    ->value);
    for (std::int64_t threshold : {-600, -400, -100, 0, 100, 400, 600}) {
      TaskId scan = kNoTask;
      for (const Entry& e : reference)
        if (e.value <= threshold) {
          scan = e.task;
          break;
        }
      CHECK(tree.first_where([&](std::int64_t v) { return v <= threshold; }) == scan);
    }
  }
}

// The run queue of cfs, stride, srtf and the other ordered policies, a
// B+-tree (ranked_queue.h): random pushes (at the back or the front of equal
// keys, with many ties) and removals (anywhere, the front, the back), in
// phases that grow the queue (at random places, then mostly at the back) and
// drain it to empty, checked against a sorted
// vector after every step. A fanout of 4 makes trees many levels deep from
// few tasks; 32 is the one the policies use. Two queues share the per-task
// slot, as per-CPU queues do.
TEMPLATE_TEST_CASE("overload: the ranked queue keeps (key, enqueue order), push_front ahead of equals", "",
                   RankedTree<4>, RankedTree<32>) {
  constexpr int kTasks = 3000;
  const Workload w = tasks_on(1, kTasks);
  std::vector<Task> tasks(w.tasks.size());
  Rng rng(1);
  SchedContext ctx(w, tasks, rng);
  TestType queue, other;
  queue.attach(ctx);
  other.attach(ctx);
  struct Entry {
    std::int64_t key, seq;
    TaskId task;
  };
  const auto before = [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.seq < b.seq; };
  std::vector<Entry> reference;  // queue's tasks, in order
  std::vector<bool> in_other(kTasks, false);
  std::mt19937_64 random(11);
  std::int64_t back_seq = 0, front_seq = 0;
  std::size_t deepest = 0;
  const auto check_order = [&] {
    std::vector<TaskId> order, backwards, expected;
    queue.for_each([&](TaskId x) { order.push_back(x); });
    queue.visit_from_back([&](TaskId x) {
      backwards.push_back(x);
      return true;
    });
    std::reverse(backwards.begin(), backwards.end());
    for (const Entry& e : reference) {
      expected.push_back(e.task);
      CHECK(queue.key_of(e.task) == e.key);
    }
    REQUIRE(order == expected);
    REQUIRE(backwards == expected);
    const auto odd = std::find_if(reference.begin(), reference.end(), [](const Entry& e) { return e.task % 2 == 1; });
    CHECK(queue.find_first([](TaskId x) { return x % 2 == 1; }) == (odd == reference.end() ? kNoTask : odd->task));
  };
  // Phases: grow to about 1,500 queued, drain to empty, grow again, drain.
  for (int phase = 0; phase < 4; ++phase) {
    const bool growing = phase % 2 == 0;
    for (int step = 0; step < (growing ? 6000 : 100000) && (growing || !reference.empty()); ++step) {
      const bool push = random() % 100 < (growing ? 80u : 25u);
      if (push) {
        const TaskId t = static_cast<TaskId>(random() % kTasks);
        if (queue.contains(t)) continue;  // in one of the two queues
        if (random() % 8 == 0) {  // the other queue, sharing the slot
          other.push(t, 0);
          in_other[t] = true;
          REQUIRE(queue.contains(t));
          continue;
        }
        // The second growth pushes mostly at the back, as cfs does.
        const std::int64_t key = phase == 2 && random() % 8 != 0 ? 50 + step / 3 : static_cast<std::int64_t>(random() % 50);
        const bool front = random() % 4 == 0;
        if (front) queue.push_front(t, key);
        else queue.push(t, key);
        const Entry e{key, front ? --front_seq : ++back_seq, t};
        reference.insert(std::upper_bound(reference.begin(), reference.end(), e, before), e);
      } else if (!reference.empty()) {
        const std::uint64_t where = random() % 4;  // the front, the back, or anywhere
        const std::size_t i = where == 0 ? 0 : where == 1 ? reference.size() - 1 : random() % reference.size();
        const TaskId t = reference[i].task;
        queue.remove(t);
        reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(i));
        REQUIRE_FALSE(queue.contains(t));
      }
      deepest = std::max(deepest, reference.size());
      REQUIRE(queue.size() == reference.size());
      REQUIRE(queue.empty() == reference.empty());
      REQUIRE(queue.front() == (reference.empty() ? kNoTask : reference.front().task));
      REQUIRE(queue.back() == (reference.empty() ? kNoTask : reference.back().task));
      REQUIRE(queue.first_allowed(ctx, 0) == queue.front());
      REQUIRE(queue.last_allowed(ctx, 0) == queue.back());
      if (step % 7 == 0) check_order();
    }
    check_order();
  }
  CHECK(deepest > 1000);
  CHECK(queue.empty());
  std::size_t others = 0;
  other.for_each([&](TaskId t) {
    CHECK(in_other[t]);
    ++others;
  });
  CHECK(others == other.size());
  CHECK(others == static_cast<std::size_t>(std::count(in_other.begin(), in_other.end(), true)));
}

TEST_CASE("overload: lottery's tree draws the same winners as walking the queue") {
  // With an affinity mask on every task (all CPUs, but a mask) the draw walks
  // the queue; without, it descends the ticket tree. Same seed, same run.
  WorkloadBuilder b("lottery", 2);
  b.param("quantum", ms(2));
  b.device("disk");
  for (int i = 0; i < 40; ++i)
    b.task("t" + std::to_string(i), i % 5, std::vector<Phase>{cpu(3 + i % 7), io(0, 1 + i % 3), cpu(2 + i % 4)});
  Workload tree = b.build();
  for (std::size_t i = 0; i < tree.tasks.size(); ++i) tree.tasks[i].tickets = 50 + 37 * static_cast<int>(i % 9);
  Workload walk = tree;
  walk.affinities.push_back(CpuMask{}.set());
  for (TaskSpec& t : walk.tasks) t.affinity = 1;
  for (const QueueLayout queues : {QueueLayout::Global, QueueLayout::PerCpu}) {
    tree.scheduler.queues = walk.scheduler.queues = queues;
    const RunOutput a = run_checked(tree);
    const RunOutput c = run_checked(walk);
    CHECK(result_json(a.results).dump() == result_json(c.results).dump());
  }
}
