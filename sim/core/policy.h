// The policy interface: a ready-queue discipline, one class per policy.
//
// A Policy instance is one run queue. With a global queue there is one instance
// shared by every CPU; a per-CPU topology makes one instance per CPU. A policy
// never touches CPUs or events: the engine calls its hooks and acts on what they
// return. The hook names follow Linux's struct sched_class so the two can be
// read side by side.
//
// Life of a task as the policy sees it:
//   enqueue(t, Arrival|Wakeup)  ->  pick_next() == t  ->  dequeue(t)  ->
//   on_running(t)  ->  on_stopping(t, ran, why)  ->  enqueue(t, Expired|...) ...
//
// Every hook is called with ctx().now() set to the current simulated time.
// Ties between equally ranked tasks must be broken by the order they were
// enqueued (earlier first) so runs are deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

#include "sim/core/huge_pages.h"
#include "sim/core/rng.h"
#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice {

enum class EnqueueReason : std::uint8_t {
  Arrival,    // first time runnable
  Wakeup,     // I/O or sleep finished
  Preempted,  // a more urgent task took its CPU (Linux keeps it at the head)
  Expired,    // its time slice ran out
  Yielded,    // it gave up the CPU voluntarily
  Migrated,   // moved here from another queue by the topology
};

enum class StopReason : std::uint8_t { Expired, Preempted, Yielded, Blocked, Exited };

// What the engine lets a policy see and use.
class SchedContext {
 public:
  SchedContext(const Workload& w, const std::vector<Task>& tasks, Rng& rng)
      : workload_(w), tasks_(tasks), rng_(rng) {}
  Time now() const { return now_; }
  const Workload& workload() const { return workload_; }
  const Task& task(TaskId id) const { return tasks_[id]; }
  const TaskSpec& spec(TaskId id) const { return workload_.tasks[id]; }
  std::size_t task_count() const { return tasks_.size(); }
  std::size_t cpu_count() const { return workload_.machine.cpus.size(); }
  bool allowed(TaskId id, CpuId cpu) const {
    // Without masks in the workload the task's spec (a cache miss on a long
    // run queue) need not be read.
    if (workload_.affinities.size() == 1) return true;
    const std::uint32_t mask = workload_.tasks[id].affinity;
    return mask == 0 || workload_.affinities[mask].test(cpu);  // 0: every CPU
  }
  // The run's seeded generator: the only source of randomness allowed.
  Rng& rng() { return rng_; }

  // Explain a policy-internal decision (Demote, Boost) in the decision log.
  std::function<void(DecisionKind, TaskId, std::int64_t)> note;

  // Per-task storage shared by every run queue (Policy instance) of the run:
  // one array of T per (T, slot), one element per task, value-initialised;
  // `init` runs once, when the array is made. A task sits in one queue at a
  // time, so its queue links and its policy state (vruntime, level, ...) are
  // kept once rather than once per queue (as Linux keeps sched_entity in
  // task_struct): 64 per-CPU queues cost no more memory than one, and the
  // state follows the task when a topology moves it. Use another slot for a
  // second structure that holds the same tasks at the same time.
  template <class T>
  std::vector<T>& per_task(int slot = 0, const std::function<void(std::vector<T>&)>& init = {}) {
    std::shared_ptr<void>& stored = per_task_[{std::type_index(typeid(T)), slot}];
    if (!stored) {
      auto made = std::make_shared<std::vector<T>>();
      reserve_huge(*made, tasks_.size());
      made->resize(tasks_.size());
      if (init) init(*made);
      stored = made;
    }
    return *static_cast<std::vector<T>*>(stored.get());
  }

  void set_now(Time t) { now_ = t; }

 private:
  const Workload& workload_;
  const std::vector<Task>& tasks_;
  Rng& rng_;
  Time now_ = 0;
  std::map<std::pair<std::type_index, int>, std::shared_ptr<void>> per_task_;
};

// A policy's handle on SchedContext::per_task storage, indexed by task id.
template <class T>
class PerTask {
 public:
  void attach(SchedContext& ctx, int slot = 0, const std::function<void(std::vector<T>&)>& init = {}) {
    items_ = &ctx.template per_task<T>(slot, init);
  }
  T& operator[](TaskId t) { return (*items_)[t]; }
  const T& operator[](TaskId t) const { return (*items_)[t]; }
  std::size_t size() const { return items_->size(); }

 private:
  std::vector<T>* items_ = nullptr;
};

class Policy {
 public:
  virtual ~Policy() = default;

  // Called once before the run starts. The context outlives the policy.
  virtual void attach(SchedContext& ctx) { ctx_ = &ctx; }

  // The task became runnable in this queue. It is not queued already.
  virtual void enqueue(TaskId task, EnqueueReason why) = 0;

  // Remove a queued task: it was picked to run, or a topology moves it away.
  virtual void dequeue(TaskId task) = 0;

  // The queued task that should run next on `cpu`, honouring affinity
  // (ctx().allowed), or kNoTask. Must not change the queue. Called exactly
  // once per decision, so a policy that draws from ctx().rng() stays
  // deterministic.
  virtual TaskId pick_next(CpuId cpu) = 0;

  // Number of queued tasks.
  virtual std::size_t queued() const = 0;

  // The queued task an idle CPU of another queue should pull to `cpu`: the
  // last in pick order that may run there (Linux detaches from the tail), or
  // kNoTask. Must not change the queue. The default visits every queued task.
  virtual TaskId last_allowed(CpuId cpu) const {
    TaskId last = kNoTask;
    for_each_queued([&](TaskId t) {
      if (ctx().allowed(t, cpu)) last = t;
    });
    return last;
  }

  // Visit queued tasks in the order they would be picked (as far as the
  // policy has one). For snapshots, the GUI and --explain; not on the hot path.
  virtual void for_each_queued(const std::function<void(TaskId)>& visit) const = 0;

  // Visit queued tasks in the reverse of for_each_queued's order (the last
  // first) until `visit` returns false: a balancer looks at a bounded number
  // of tasks from the tail, as Linux's detach_tasks does. The cost must be
  // that of the tasks visited; the default, for a policy that does not say,
  // lists every queued task first.
  virtual void visit_from_back(const std::function<bool(TaskId)>& visit) const {
    std::vector<TaskId> all;
    for_each_queued([&](TaskId t) { all.push_back(t); });
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (!visit(*it)) return;
  }

  // Wall-clock time `task` may run now that it starts on `cpu`; kNever means
  // until it blocks, yields or exits (no timer preemption).
  virtual Time time_slice(TaskId /*task*/, CpuId /*cpu*/) { return kNever; }
  // True if a running task's slice depends on the queue's load (CFS's
  // sched_slice): the engine then asks time_slice() again, from now, for
  // every task running from this queue whenever a task joins it (arrives,
  // wakes, moves in) or leaves it (blocks, exits, moves out). Asked once,
  // before the run.
  virtual bool slice_follows_load() const { return false; }

  // `task` leaves this queue for another one (Linux's migrate_task_rq): a
  // topology moved it while queued (after dequeue()), or it wakes or is
  // requeued on another queue. Called on the old queue, before the new
  // queue's enqueue(). State kept relative to a queue (vruntime, lag) is
  // made relative here so the new queue can place the task where it stood.
  // Not called on arrival; a task whose program starts with I/O wakes into
  // its first queue, and the old queue then never held it.
  virtual void migrate_task_rq(TaskId /*task*/) {}

  // `woken` just arrived or woke up while `running` runs (or is being
  // dispatched). Return true to preempt `running`. The running task's
  // progress (burst_left) is current.
  virtual bool should_preempt(TaskId /*running*/, TaskId /*woken*/) { return false; }
  // False if should_preempt() never returns true: the engine then skips
  // asking about every busy CPU on each wakeup.
  virtual bool wakeup_preemption() const { return true; }
  // Asked once per wakeup, before should_preempt(): false if `woken` would
  // preempt none of the tasks running from this queue (between on_running
  // and on_stopping), so the engine need not ask about each; it still asks
  // about tasks being dispatched. A policy that can tell cheaply (the most
  // preemptible running task) saves a call per busy CPU. Default: true.
  virtual bool may_preempt_running(TaskId /*woken*/) { return true; }
  // Policies that rank tasks for preemption by one field of Task: should_preempt(r,
  // w) is exactly tasks[w].*field < tasks[r].*field, whatever the running
  // task's progress (EDF: Task::job_deadline; RMS: Task::effective_priority,
  // the period or a lock's). The engine then reads each busy CPU's rank
  // itself, without a call per CPU. Asked once, when the run starts.
  // Default: none (the engine asks should_preempt).
  using RankField = std::int64_t Task::*;
  virtual RankField preempt_rank_field() const { return nullptr; }

  // `task` starts running on `cpu` (after dispatch costs).
  virtual void on_running(TaskId /*task*/, CpuId /*cpu*/) {}

  // `task` stops running after `ran` ns of wall time on the CPU since
  // on_running (interrupt time excluded). Called before it is enqueued again
  // (Expired, Preempted, Yielded) or leaves the run queues (Blocked, Exited).
  virtual void on_stopping(TaskId /*task*/, Time /*ran*/, StopReason /*why*/) {}

  // A timer the policy wants (e.g. MLFQ's priority boost): the engine calls
  // on_timer() at that time. kNever for none. Read before the run and at
  // the end of the instant of each on_timer(): the timer may move only
  // inside on_timer() (a machine with 64 per-CPU queues need not ask 64
  // queues at every instant). Only consulted when uses_timers() is true
  // (asked once, before the run).
  // After on_timer() the engine asks again, for each CPU of this queue,
  // should_preempt() about a preemption requested earlier at this instant
  // (dropped if now false), and time_slice() of its running task: the slice
  // then runs from now (0 ends it at once, as an expiry).
  virtual bool uses_timers() const { return false; }
  virtual Time next_timer() const { return kNever; }
  virtual void on_timer() {}

  // A short description of where the task stands in this policy ("level 2",
  // "vruntime 12ms"), shown in --explain and the GUI. Empty if nothing to say.
  virtual std::string describe(TaskId /*task*/) const { return {}; }

  // Whether the queue is ordered by Task::effective_priority; the engine then
  // requeues a queued task whose effective priority changes (lock inheritance
  // or ceiling) and re-checks preemption. Fair-share policies ignore priority.
  virtual bool uses_priority() const { return false; }
  // A task's own priority in this policy's units (smaller is more urgent):
  // where Task::effective_priority starts and what lock ceilings are made of.
  virtual std::int64_t base_priority(TaskId task) const { return ctx().spec(task).priority; }

 protected:
  SchedContext& ctx() const { return *ctx_; }

 private:
  SchedContext* ctx_ = nullptr;
};

// ---- Registry: every policy, by name, with its parameters -------------------

enum class ParamType : std::uint8_t { Duration, DurationList, Integer, Real, Bool, Choice };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Duration;
  std::string default_text;  // as shown in --help
  std::string help;
  std::vector<std::string> choices;  // Choice only
};

struct PolicyInfo {
  std::string name;
  std::string summary;  // one line for --help
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Policy>(const PolicyParams&, const Machine&)> make;
};

// Every registered policy, in a fixed order.
const std::vector<PolicyInfo>& policy_registry();
const PolicyInfo* find_policy(const std::string& name);
// The spec of a parameter of any registered policy (one name means one type).
const ParamSpec* find_param(const std::string& name);

// Typed access to parameters with defaults, for policy constructors.
Time param_duration(const PolicyParams& p, const std::string& name, Time fallback);
std::vector<Time> param_durations(const PolicyParams& p, const std::string& name,
                                  std::vector<Time> fallback);
std::int64_t param_int(const PolicyParams& p, const std::string& name, std::int64_t fallback);
double param_real(const PolicyParams& p, const std::string& name, double fallback);
bool param_bool(const PolicyParams& p, const std::string& name, bool fallback);
std::string param_choice(const PolicyParams& p, const std::string& name,
                         const std::string& fallback);

}  // namespace timeslice
