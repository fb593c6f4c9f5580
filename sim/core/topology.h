// Topology: how run queues (Policy instances) map onto CPUs.
//
// The engine asks the topology which queue a runnable task joins, which queue
// a CPU picks from, what an idle CPU may steal and what the periodic balancer
// moves; it carries the moves out itself. Any policy runs on any topology.
//
//   global    one queue shared by every CPU.
//   per_cpu   a queue per CPU: placement of new and waking tasks on the least
//             loaded allowed CPU (the last one if it is idle), periodic load
//             balancing every `balance_interval`, idle stealing. A balance
//             pass moves at most 32 tasks and looks at no more than 32 per
//             move (Linux's sched_nr_migrate), so its cost does not grow
//             with the queues.
//   capacity  per_cpu on heterogeneous CPUs: each task's utilisation is
//             tracked (PELT-style, 32ms half-life); a task is placed on the
//             smallest CPU it fits (util x 1.25 <= capacity, as Linux's
//             fits_capacity), heavy tasks move up to big CPUs and light ones
//             down as their load changes.
// (The AMP master/slave arrangement is an engine mode on a global queue: see
// engine.h.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/core/policy.h"

namespace timeslice {

// What the topology may look at when it decides. Implemented by the engine.
class LoadView {
 public:
  virtual ~LoadView() = default;
  // Tasks queued in `queue`.
  std::size_t queued(std::size_t queue) const { return queued_count[queue]; }
  // Tasks queued in `queue` plus those running on (or being dispatched to)
  // the CPUs that pick from it: Linux's nr_running.
  std::size_t nr_running(std::size_t queue) const { return load_count[queue]; }
  // The task of `queue` an idle `cpu` would pull (Policy::last_allowed).
  virtual TaskId last_allowed(std::size_t queue, CpuId cpu) const = 0;
  // Visit a queue's tasks in pick order (O(queue length): not for hot paths).
  virtual void for_each_queued(std::size_t queue, const std::function<void(TaskId)>& visit) const = 0;
  // Visit a queue's tasks from the back of the pick order (the last first)
  // until `visit` returns false (Policy::visit_from_back): costs only the
  // tasks visited.
  virtual void visit_from_back(std::size_t queue, const std::function<bool(TaskId)>& visit) const = 0;
  // Task running, being dispatched to, or just chosen for `cpu` (kNoTask if free).
  virtual TaskId current(CpuId cpu) const = 0;
  virtual bool allowed(TaskId task, CpuId cpu) const = 0;
  virtual const Task& task(TaskId task) const = 0;

 protected:
  // The counts, kept by the engine at every change, in plain arrays: placing
  // a task on a machine of many CPUs reads one per CPU, and costs no calls.
  std::vector<std::size_t> queued_count;  // tasks in each queue (== Policy::queued())
  std::vector<std::size_t> busy_count;    // CPUs of each queue with a current task
  // queued_count + busy_count of each queue (nr_running), kept in one
  // compact array too: a wakeup compares the loads of all queues.
  std::vector<std::uint32_t> load_count;
  std::size_t total_queued_count = 0;     // in all queues (an idle CPU steals only if others hold some)
};

// A balancing decision: move `task` (queued) to `to_queue`.
struct Move {
  TaskId task = kNoTask;
  std::size_t to_queue = 0;
};

class Topology {
 public:
  virtual ~Topology() = default;

  // Number of run queues; the engine makes one Policy instance per queue.
  virtual std::size_t queue_count() const = 0;

  // The queue `cpu` picks its next task from. Fixed for the run: the engine
  // asks once per CPU, before the first event.
  virtual std::size_t queue_of_cpu(CpuId cpu) const = 0;

  // The queue a task that becomes runnable joins (Linux: select_task_rq).
  // Called before enqueue, with the task's last_cpu and queue (the one it
  // was last in) set. A task requeued after running (Expired, Yielded,
  // Preempted) normally stays in its queue.
  virtual std::size_t select_queue(const Task& task, EnqueueReason why, const LoadView& view) = 0;

  // `cpu` found nothing it may run in its own queue: a task to pull into it
  // from another queue, or kNoTask. Called while deciding, at most once.
  virtual TaskId steal(CpuId /*cpu*/, const LoadView& /*view*/) { return kNoTask; }

  // Period of balance() calls; kNever for none.
  virtual Time balance_interval() const { return kNever; }
  // Periodic load balancing: append the moves to make to `moves`.
  virtual void balance(const LoadView& /*view*/, std::vector<Move>& /*moves*/) {}

  // Whether on_state is wanted (asked once, before the first event); a
  // topology without load tracking saves the engine a call per state change.
  virtual bool tracks_load() const { return false; }
  // A task changed state (for load tracking). `cpu`: where it runs, if Running.
  // Called only when tracks_load().
  virtual void on_state(const Task& /*task*/, TaskState /*state*/, CpuId /*cpu*/, Time /*now*/) {}
};

// Build the topology a workload asks for (scheduler.queues / placement).
std::unique_ptr<Topology> make_topology(const Workload& workload);

}  // namespace timeslice
