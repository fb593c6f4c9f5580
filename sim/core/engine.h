// The discrete-event engine.
//
// Time is integer nanoseconds. Pending events are ordered by
// (time, class, tie-break); keys never change once queued, and an event made
// stale (a slice end for a task that was already preempted) is dropped on pop
// by a per-CPU generation counter.
//
// ORDER OF SIMULTANEOUS EVENTS — what happens when several things occur at t:
//
//   scheduler.same_time = "arrivals_first" (default)
//     1. arrivals, in order of arrival then file order;
//     2. wakeups (I/O completions, sleep timers, interrupt handlers finishing),
//        in the order their tasks blocked;
//     3. CPU events (a slice or a dispatch overhead ends), by CPU index;
//     4. policy timers (e.g. the MLFQ boost);
//     5. lock switch-interval timers, by lock (a holder that unlocks at t is
//        not asked to drop the lock at t).
//   scheduler.same_time = "requeue_first"
//     CPU events first, then arrivals, then wakeups, then policy timers, then
//     lock timers.
//
//   So under the default a task arriving at t joins the ready queue ahead of a
//   task whose quantum expired at t; "requeue_first" gives the other textbook
//   convention.
//
// Handlers only change state and mark CPUs as needing a decision. After every
// event at t has been handled, one flush decides for each marked CPU (CPUs that
// became free first, by index, then CPUs whose task is being preempted), until
// no CPU needs a decision. Decisions therefore see every task that became ready
// at t.
//
// DISPATCH charges, in order, as separate slices on the CPU: the scheduler
// decision (scheduler + scheduler_per_task x tasks in the run queue), a context
// switch when the CPU's previous task differs from the next (thread_switch
// within one process, process_switch across processes; nothing on a CPU that
// has run nothing yet), then migration when the task last ran on another CPU.
// Interrupts are held off during dispatch and taken before the task starts.
// A task whose quantum expires while no other task may use its CPU keeps
// running (a "Continue" decision, no switch).
//
// WHERE INTERRUPTS GO: with costs.interrupt > 0, an I/O completion is handled
// on the CPU its task last ran on (CPU 0 if it never ran), as blk-mq completes
// a request on the submitting CPU. The handler suspends whatever runs there;
// the task becomes ready when the handler ends.
//
// WAKEUP PREEMPTION: a task that arrives or wakes goes to an idle CPU allowed by
// its affinity if there is one (its last CPU first, then the lowest index);
// otherwise the policy's should_preempt() is asked about every allowed busy CPU
// and the least urgent of the preemptable running tasks is preempted.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/policy.h"
#include "sim/core/rng.h"
#include "sim/core/task.h"
#include "sim/core/topology.h"
#include "sim/core/workload.h"
#include "sim/runtime/runtime.h"

namespace timeslice {

// Simulated time may not pass 2^62 ns (about 146 years): far beyond any
// sensible run, and low enough that adding any valid duration cannot overflow.
constexpr Time kTimeLimit = Time{1} << 62;

// The run would go past kTimeLimit (e.g. enormous costs paid many times).
class SimulationLimit : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Tasks wait for each other's locks in a cycle: the run cannot go on. The
// message names the cycle ("deadlock at 12ms: A holds m1 and waits for m2; B
// holds m2 and waits for m1").
class Deadlock : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EngineOptions {
  Time until = kNever;  // horizon: stop at this time even if tasks remain
  // Check after every decision that no task is lost (throws InvariantViolation).
  bool check_invariants = false;
};

class Engine {
 public:
  // The workload must outlive the engine and be valid (see sim/format).
  // Throws std::invalid_argument if the policy name is unknown.
  Engine(const Workload& workload, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Observers are told everything from the next step on; they must outlive
  // the engine's run.
  void add_observer(Observer* observer);

  // Handle the next pending event; when it is the last one at its time, also
  // make that time's decisions. Returns false once the run is over.
  bool step();
  // Handle every event up to and including time t (and its decisions).
  void run_until(Time t);
  // Run to the end (everything finished, or the horizon).
  void run();

  bool finished() const;
  Time now() const;
  std::uint64_t events() const;  // engine events handled so far
  const Workload& workload() const;
  const std::vector<Task>& tasks() const;

  // Tasks in each run queue right now, in pick order (one list per queue).
  std::vector<std::vector<TaskId>> run_queues() const;
  // Task running or being dispatched on each CPU (kNoTask if idle).
  std::vector<TaskId> cpu_current() const;
  // Where a task stands in its policy right now, in words ("level 1, used
  // 3ms of 10ms", "vruntime 12ms, weight 1024"): Policy::describe() of the
  // queue it is in or last joined. Empty when the policy has nothing to say.
  std::string policy_state(TaskId task) const;
  // Each runtime's queues right now (Runtime::queues), in Workload::runtimes
  // order; empty without runtimes.
  std::vector<RuntimeQueues> runtime_queues() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeslice
