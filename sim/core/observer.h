// What the engine tells its observers (trace recorder, statistics, invariant
// checker, GUI). Records are small plain structs: reasons are enums plus
// arguments and are only turned into text when shown (see explain.h).
#pragma once

#include <cstdint>

#include "sim/core/workload.h"

namespace timeslice {

enum class TaskState : std::uint8_t {
  NotArrived,
  Ready,     // runnable, waiting in a run queue or being dispatched
  Running,   // executing its CPU work on a CPU
  Blocked,   // waiting for (or being served by) a device; aux = device,
             // or waiting for a lock: aux = kLockAux + lock
  Sleeping,  // waiting for a timer
  Done,
};

// TaskState::Blocked's aux for a task waiting for lock `l` is kLockAux + l.
constexpr std::uint32_t kLockAux = 0x4000'0000u;
constexpr bool blocked_on_lock(std::uint32_t aux) { return aux >= kLockAux; }

// What a CPU spent a stretch of time on. Idle is every gap between slices.
// Spawn, Spin and Poll are a task's own CPU time spent on overhead (SPEC §10):
// creating tasks (fork, exec, thread creation), busy-polling an I/O, and the
// poller's cost per wakeup. Like Run slices they name the task.
enum class SliceKind : std::uint8_t { Run, Scheduler, Switch, Migration, Interrupt, Spawn, Spin, Poll };
// The slice kinds that are a task's own time on the CPU.
constexpr bool task_time(SliceKind k) { return k == SliceKind::Run || k >= SliceKind::Spawn; }

// Why a Run slice ended.
enum class SliceEnd : std::uint8_t {
  Exited,       // program finished
  Blocked,      // started an I/O phase; aux = device
  Slept,        // started a sleep phase
  Yielded,      // yield phase
  Expired,      // quantum used up and another task was chosen
  Preempted,    // a more urgent task took the CPU; aux = that task
  Interrupted,  // an interrupt handler ran; the task resumes afterwards
  Continued,    // quantum expired but the task keeps the CPU (new slice)
  Horizon,      // the run stopped (--until) while it was running
  JobDone,      // a periodic task finished a job; its next one starts later
  LockWait,     // found a lock held and blocks on it; aux = lock
  Changed,      // the task went on to work of another kind (spawning, spinning,
                // polling, or back to its own) on the same CPU: a new slice starts
};

struct CpuSlice {
  Time start = 0;
  Time end = 0;
  CpuId cpu = 0;
  TaskId task = kNoTask;  // Run: the task; Switch/Migration: the incoming task;
                          // Scheduler: the chosen task; Interrupt: the woken task
  SliceKind kind = SliceKind::Run;
  SliceEnd reason = SliceEnd::Exited;  // Run slices only
  std::uint32_t aux = 0;               // device (Blocked) or preempting task (Preempted)
};

struct DeviceSlice {
  Time start = 0;
  Time end = 0;
  DeviceId device = 0;
  std::uint32_t channel = 0;
  TaskId task = kNoTask;
};

enum class DecisionKind : std::uint8_t {
  Arrive,    // task arrived and joined a run queue
  Wake,      // task's I/O or sleep finished; it joined a run queue. arg: device+1 or 0 for a timer
  Block,     // task left the CPU for I/O (arg = device) or sleep (arg = -1)
  Exit,      // task finished its program (arg = 1: it gave up at a refused spawn)
  Yield,     // task gave up the CPU voluntarily
  Expire,    // task's quantum ran out (arg = slice length); it was requeued
  Preempt,   // `other` woke and preempts `task`, which is requeued
  Dispatch,  // cpu chose `task`; arg = run-queue length before the pick,
             // arg2 = DispatchFlags
  Continue,  // quantum expired but no other task may run: task keeps the CPU
  Idle,      // cpu found nothing to run
  Demote,    // policy moved task to a lower level (arg = new level)
  Boost,     // policy moved every task to the top level
  Release,   // a periodic task released a job (arg = job index, arg2 = absolute deadline)
  Move,      // the topology moved a queued task to another queue (arg = from, arg2 = to)
  LockWait,     // task finds lock `arg` held by `other` and blocks on it; arg2 = 1 if it
                // queues again after a forced drop (LockDrop)
  LockAcquire,  // task takes lock `arg`; arg2 = ns it waited, or -1 if it did not have to
  LockRelease,  // task releases lock `arg`; `other` = the waiter it is handed to (or none)
  LockDropAsk,  // lock `arg` had a waiter for its switch_interval without changing hands:
                // waiter `task` (waiting arg2 ns) asks holder `other` to drop it
  LockDrop,     // holder `task` drops lock `arg` as asked at time arg2 (its switch
                // interval): it goes to waiter `other` and `task` queues for it again
  Priority,     // task's effective priority becomes `arg` (lock inheritance or ceiling);
                // arg2 = its own priority
  Steal,        // idle `cpu` pulled task from another queue (arg = from, arg2 = to)
  DeadlineMiss, // task finished job `arg2` after its deadline `arg`
  // The second level (SPEC §9): `task` is a fiber, `other` its carrier.
  FiberRun,      // carrier `other` runs fiber `task`; arg = FiberSource it came from,
                 // arg2 = 1 if the carrier switched fibers to run it
  FiberPark,     // fiber parks off its carrier; arg = channel + 1 (send) or -(channel + 1) (recv)
  FiberSteal,    // carrier `other` stole `arg` fibers (the first is `task`) from processor arg2
  SyscallEnter,  // fiber's carrier blocks in a syscall for `arg` ns
  SyscallExit,   // fiber's carrier is back; arg = 1 if it kept (or regained) a processor
  Handoff,       // processor `arg` of carrier `other` (in a syscall) goes to carrier `task`
                 // (kNoTask: it goes idle); arg2 = 1 if the monitor retook it
  MonitorPreempt,// the monitor preempted fiber `task` on carrier `other` after it ran `arg` ns
  CarrierPark,   // carrier `task` found no fiber and parks (futex); arg = processor or -1
  CarrierStart,  // carrier `task` started or woke for processor `arg` (-1: none)
  // Creating tasks (SPEC §10).
  Spawn,         // `task` created `other`; arg = SpawnAs, arg2 = CPU time it cost
  SpawnRefused,  // `task`'s spawn of `other` was refused; arg = RefusalReason,
                 // arg2 = bytes in use at the time
};

// Why a spawn (or a task's arrival) was refused (SpawnRefused's arg).
enum class RefusalReason : std::int64_t { Memory, Threads };

// Memory in use (SPEC §10), by kind, in bytes, and kernel threads alive.
struct MemoryUse {
  std::int64_t process = 0;  // processes' own resident memory
  std::int64_t thread = 0;   // threads' stacks (resident, or reserved without overcommit)
  std::int64_t fiber = 0;    // fibers' stacks
  std::uint32_t threads = 0;
  std::int64_t total() const { return process + thread + fiber; }
};

// Where a fiber came from when a carrier took it (FiberRun's arg).
enum class FiberSource : std::int64_t { Queue, RunNext, Global, Stolen, Syscall };

// Time a blocked task waits in a syscall or parked carrier (TaskState::Blocked aux).
constexpr std::uint32_t kSyscallAux = 0x2000'0000u;  // a fiber's carrier is in a syscall
constexpr std::uint32_t kParkedAux = 0x2000'0001u;   // a carrier with nothing to run
constexpr std::uint32_t kChannelAux = 0x3000'0000u;  // + channel: a fiber waiting on a channel

// Counters of one runtime, reported in the results (SPEC §9).
struct RuntimeCounters {
  std::uint64_t fiber_switches = 0;  // a carrier switched from one fiber to another
  std::uint64_t steals = 0;          // mn: steal operations that took fibers
  std::uint64_t stolen = 0;          // mn: fibers taken in them
  std::uint64_t handoffs = 0;        // mn: processors taken from carriers in syscalls
  std::uint64_t preemptions = 0;     // mn: fibers preempted by the monitor
  std::uint64_t syscalls = 0;        // blocking calls made by its fibers
  std::uint32_t live_carriers = 0;   // carriers started and not exited
  std::uint32_t peak_carriers = 0;
};

// A stretch of time a carrier, on a CPU, spent on one fiber: running it, or
// switching to it. Per carrier these add up to its Run slices exactly.
enum class FiberSliceKind : std::uint8_t { Run, Switch };
struct FiberSlice {
  Time start = 0;
  Time end = 0;
  TaskId carrier = kNoTask;
  TaskId fiber = kNoTask;
  CpuId cpu = kNoCpu;  // the CPU the carrier was on
  FiberSliceKind kind = FiberSliceKind::Run;
};

// Bits of Decision::arg2 for Dispatch.
enum DispatchFlags : std::int64_t {
  kThreadSwitch = 1,   // previous task on this CPU was another thread of the same process
  kProcessSwitch = 2,  // previous task belonged to another process
  kMigrated = 4,       // task last ran on another CPU
};

// A set of DecisionKinds, one bit each.
using DecisionKinds = std::uint64_t;
constexpr DecisionKinds decision_bit(DecisionKind k) { return DecisionKinds{1} << static_cast<int>(k); }
constexpr DecisionKinds kAllDecisions = ~DecisionKinds{0};
static_assert(static_cast<int>(DecisionKind::CarrierStart) < 64, "a DecisionKinds bit per kind");

struct Decision {
  Time time = 0;
  CpuId cpu = kNoCpu;
  DecisionKind kind = DecisionKind::Dispatch;
  TaskId task = kNoTask;
  TaskId other = kNoTask;
  std::int64_t arg = 0;
  std::int64_t arg2 = 0;
};

// Observers see every change, in engine order. Default methods do nothing.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_task_state(Time /*t*/, TaskId, TaskState, std::uint32_t /*aux*/) {}
  virtual void on_cpu_slice(const CpuSlice&) {}
  virtual void on_device_slice(const DeviceSlice&) {}
  virtual void on_fiber_slice(const FiberSlice&) {}
  // Once per runtime, just before on_finish.
  virtual void on_runtime(RuntimeId, const RuntimeCounters&) {}
  virtual void on_decision(const Decision&) {}
  // The kinds of decision this observer looks at, asked once when it is
  // added: the engine makes no Decision record that no observer wants (a
  // metrics-only run skips most of them). on_decision may still see others.
  virtual DecisionKinds decision_kinds() const { return kAllDecisions; }
  // A job of a periodic (or deadline) task finished at `completion`.
  virtual void on_job(TaskId, std::uint32_t /*job*/, Time /*release*/, Time /*deadline*/,
                      Time /*completion*/) {}
  // Memory in use changed (a task, thread or fiber came or went).
  virtual void on_memory(Time /*t*/, const MemoryUse&) {}
  // The run is over: everything finished, or the horizon was reached at `end`.
  virtual void on_finish(Time /*end*/, std::uint64_t /*events*/) {}
};

}  // namespace timeslice
