// Results of a run (SPEC §6), computed by StatsCollector, an engine observer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/workload.h"

namespace timeslice {

struct JobResult {
  Time release = 0;
  Time deadline = kNever;          // absolute; kNever if none
  std::optional<Time> completion;  // none if unfinished at the horizon
  bool missed = false;             // finished after its deadline, or unfinished past it
};

struct TaskResult {
  std::string name;
  std::string process;
  TaskRole role = TaskRole::Task;  // fibers and carriers belong to runtime `runtime`
  std::string runtime;
  bool arrived = false;  // false for a carrier its runtime never needed, or a slot never spawned (left out)
  bool spawned = false;  // created at run time by a spawn phase (SPEC §10)
  bool refused = false;  // its spawn (or arrival) did not fit in memory or max_threads: it never ran
  Time arrival = 0;
  std::optional<Time> first_run;   // first time it ran; none if it never ran
  std::optional<Time> completion;  // none if unfinished at the horizon
  std::optional<Time> turnaround;  // completion - arrival
  std::optional<Time> response;    // first_run - arrival
  Time waiting = 0;  // ready (queued or being dispatched) or interrupted, not running
  Time max_wait = 0; // longest single stretch of waiting: the worst stall it saw
  Time blocked = 0;  // waiting for a device, a timer or a lock
  Time lock_wait = 0;  // the part of `blocked` spent waiting for locks
  Time cpu = 0;      // wall time running on a CPU, including the three parts below
  Time spawning = 0; // creating tasks (fork, exec, thread creation)
  Time spinning = 0; // busy-polling its I/O: CPU time that did no work
  Time polling = 0;  // its poller's cost per wakeup (select/poll/epoll)
  std::uint64_t context_switches = 0;  // times switched in by a context switch
  std::uint64_t preemptions = 0;       // times taken off a CPU while still runnable
  std::uint64_t migrations = 0;        // dispatches on another CPU than the last
  std::uint64_t deadline_misses = 0;
  std::vector<JobResult> jobs;  // periodic and deadline tasks only
};

struct CpuResult {
  std::string name;
  std::string cpu_class;
  Time busy = 0;       // running tasks, including the three parts below
  Time spawning = 0;   // tasks creating tasks
  Time spinning = 0;   // tasks busy-polling I/O
  Time polling = 0;    // tasks' pollers
  Time switching = 0;  // context switches
  Time migration = 0;  // migration costs
  Time scheduler = 0;  // scheduling decisions
  Time interrupt = 0;  // interrupt handlers
  Time idle = 0;
  double utilization = 0;  // busy / run length
};

// Distribution of one per-task figure over the tasks that have it.
struct Spread {
  double mean = 0;
  Time p50 = 0, p95 = 0, p99 = 0, max = 0;
};

// Time per CPU class (big/little, ...), for heterogeneous machines.
struct ClassResult {
  std::string cpu_class;
  std::uint32_t cpus = 0;
  Time busy = 0;
  double utilization = 0;  // busy / (cpus x run length)
};

// One lock (mutex) of the workload.
struct LockResult {
  std::string name;
  Time hold = 0;                    // total time some task held it
  std::uint64_t acquisitions = 0;   // times it was taken
  std::uint64_t contended = 0;      // acquisitions that had to wait for it
  Time max_wait = 0;                // longest wait for it
  Time switch_interval = 0;         // its switch_interval (0: none)
  std::uint64_t forced_drops = 0;   // times its holder dropped it when a waiter asked
};

// Whether reports show the row: every task and fiber of the file, those
// spawned or refused, and the carriers their runtimes started (spare carriers
// and spawn slots never reached are left out).
inline bool reported(const TaskResult& t) {
  return (t.role != TaskRole::Carrier && !t.spawned) || t.arrived || t.refused;
}

// What the tasks of one template spawned as one kind came to (SPEC §10).
struct SpawnResult {
  std::string template_name;
  std::string as;              // process, thread, fiber
  std::uint64_t spawned = 0;   // created
  std::uint64_t refused = 0;   // did not fit (memory or max_threads)
  Time cpu = 0;                // the spawners' CPU time creating them
};

// Memory over the run (SPEC §10), in bytes.
struct MemoryResult {
  std::int64_t limit = 0;         // machine.memory; 0: unlimited
  std::uint32_t max_threads = 0;  // 0: unlimited
  bool overcommit = true;
  std::int64_t peak = 0;          // most in use at once
  MemoryUse peak_by_kind;         // each kind's own peak (not at one moment)
  std::uint64_t refused = 0;      // spawns and arrivals refused
};

// One user-level runtime (SPEC §9).
struct RuntimeResult {
  std::string name;
  std::string model;               // green, event_loop, mn, pool
  std::uint32_t processors = 0;    // mn: Ps; pool: workers; else 1
  std::uint64_t fibers = 0;
  std::uint64_t fibers_completed = 0;
  std::uint64_t fiber_switches = 0;
  Time fiber_switch_time = 0;      // CPU time its carriers spent switching fibers
  Time fiber_cpu = 0;              // CPU time its fibers ran
  std::uint64_t steals = 0;        // mn: steal operations
  std::uint64_t stolen = 0;        // mn: fibers they took
  std::uint64_t handoffs = 0;      // mn: processors taken from carriers blocked in syscalls
  std::uint64_t preemptions = 0;   // mn: fibers preempted by the monitor
  std::uint64_t syscalls = 0;      // blocking calls its fibers made
  std::uint32_t peak_carriers = 0; // kernel threads alive at once, at most
};

struct Summary {
  Time makespan = 0;   // end of the run: last completion, or the horizon
  std::uint64_t tasks = 0;
  std::uint64_t completed = 0;
  std::uint64_t started = 0;  // tasks that ran at least once
  std::uint64_t jobs = 0;     // jobs of periodic and deadline tasks, released by the end
  double throughput_per_s = 0;  // completed tasks per simulated second
  Spread turnaround, response, waiting;
  // Jain's index over each task's share of the time it wanted the CPU that it
  // got: cpu / (cpu + waiting). 1 = perfectly fair, 1/n = one task got it all.
  double jain_fairness = 1;
  // The same index over each task's share divided by its weight (Linux's
  // nice-to-weight table, nice 0 = 1): 1 = every task got CPU in proportion
  // to its weight, as a fair-share policy (cfs, eevdf) means to give it.
  // Equals jain_fairness when every task has the same nice value.
  double weighted_fairness = 1;
  // Time lost to overhead (switch, migration, scheduler, interrupt) as a share
  // of all non-idle CPU time.
  double overhead_share = 0;
  std::uint64_t context_switches = 0;
  std::uint64_t preemptions = 0;
  std::uint64_t migrations = 0;
  std::uint64_t deadline_misses = 0;
  std::uint64_t events = 0;  // engine events handled
};

struct Results;
// Whether the run created tasks or had memory limits (SPEC §10): reports
// then show memory and spawns.
bool shows_memory(const Results& r);
// Whether tasks spent CPU spawning, spinning or polling: reports then show those parts.
bool shows_cpu_parts(const Results& r);

struct Results {
  std::string workload;
  std::string policy;
  Summary summary;
  std::vector<TaskResult> tasks;  // in file order
  std::vector<CpuResult> cpus;
  std::vector<ClassResult> classes;  // when CPUs name a class
  std::vector<LockResult> locks;     // the workload's locks, in file order
  std::vector<RuntimeResult> runtimes;  // the workload's runtimes, in file order
  std::vector<SpawnResult> spawns;      // per template and kind, in the order spawns appear
  MemoryResult memory;
};

// Collects Results from the engine's observer stream.
class StatsCollector final : public Observer {
 public:
  // Without `task_rows`, Results::tasks stays empty (the summary is complete
  // either way): a million tasks' rows take ~250 MB, and the jobs of
  // periodic tasks are counted rather than listed (52,613 jobs of a 20 s
  // real-time run take 2 MB as a list).
  explicit StatsCollector(const Workload& workload, bool task_rows = true);
  void on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) override;
  void on_cpu_slice(const CpuSlice& slice) override;
  void on_fiber_slice(const FiberSlice& slice) override;
  void on_runtime(RuntimeId runtime, const RuntimeCounters& counters) override;
  void on_decision(const Decision& d) override;
  // Dispatches (switches, migrations), expiries and preemptions, and locks.
  DecisionKinds decision_kinds() const override;
  void on_job(TaskId task, std::uint32_t job, Time release, Time deadline,
              Time completion) override;
  void on_memory(Time t, const MemoryUse& use) override;
  void on_finish(Time end, std::uint64_t events) override;

  // Valid after on_finish.
  Results results() const;

 private:
  // 96 bytes a task (a million-task run keeps a million of these): the
  // open stretch of waiting is one stamp, since a task is either ready or
  // blocked, and only periodic and deadline tasks have jobs (jobs_).
  struct PerTask {
    Time arrival = 0;
    Time first_run = -1;
    Time completion = -1;
    Time blocked = 0;
    Time lock_wait = 0;
    Time max_wait = 0;
    Time cpu = 0;
    Time since = -1;  // start of the open stretch (`open`), or -1
    std::uint64_t switches = 0, preemptions = 0, migrations = 0;
    enum class Open : std::uint8_t { None, Ready, Blocked, BlockedOnLock } open = Open::None;
    bool arrived = false;
    bool refused = false;
  };
  // Closes the task's open stretch at time t (Ready: a wait; Blocked: time blocked).
  static void close_stretch(PerTask& p, Time t);
  const Workload& workload_;
  std::vector<PerTask> tasks_;
  // Per task, the parts of its CPU time spent spawning, spinning and polling;
  // sized at the first such slice (most runs have none).
  struct CpuParts {
    Time spawning = 0, spinning = 0, polling = 0;
  };
  std::vector<CpuParts> parts_;
  CpuParts& part(TaskId task);
  // Adds a Spawn/Spin/Poll slice to the CPU and task totals and to the two parts.
  void task_time(const CpuSlice& s, Time& cpu_part, Time& task_part);
  const bool task_rows_;
  std::unordered_map<TaskId, std::vector<JobResult>> jobs_;  // by task, in release order (task rows only)
  // Without task rows: the jobs reported, those that finished late, and the
  // deadlines of those unfinished at the end (missed if due by then).
  std::uint64_t job_count_ = 0, late_jobs_ = 0;
  std::vector<Time> unfinished_deadlines_;
  std::vector<CpuResult> cpus_;
  std::vector<LockResult> locks_;
  std::vector<Time> held_since_;  // per lock: when its holder took it (-1: free)
  std::vector<RuntimeResult> runtimes_;
  std::size_t carriers_ = 0;  // carrier tasks, left out of the whole-run figures
  std::vector<SpawnResult> spawns_;
  std::vector<std::uint32_t> spawn_row_;  // per task slot: its row in spawns_ (spawned tasks only)
  MemoryResult memory_;
  Time end_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace timeslice
