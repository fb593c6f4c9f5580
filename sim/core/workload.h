// The workload: plain structs describing a machine, a scheduler configuration
// and the tasks to run. Produced by sim/format (JSON) or built by hand in tests;
// read by the engine. Nothing here depends on JSON.
#pragma once

#include <bitset>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/time.h"

namespace timeslice {

using TaskId = std::uint32_t;
using CpuId = std::uint32_t;
using DeviceId = std::uint32_t;
using ProcessId = std::uint32_t;

constexpr TaskId kNoTask = 0xffffffffu;
constexpr CpuId kNoCpu = 0xffffffffu;

// Limits enforced by the workload parser (and documented in the README).
constexpr std::size_t kMaxCpus = 1024;

// CPU speed is a fixed-point factor in thousandths: 1000 is speed 1.0, 2000 runs
// CPU work twice as fast. Work is tracked in "milli-work" (ns of work at speed
// 1.0, times 1000) so that progress at any speed is exact integer arithmetic.
constexpr std::int64_t kSpeedUnit = 1000;

struct CpuSpec {
  std::string name;                  // "cpu0" unless named
  std::int64_t speed = kSpeedUnit;   // thousandths
  std::string cpu_class;             // "big", "little", ... (free text, may be empty)
};

// Every cost defaults to 0: the textbook model.
struct Costs {
  Time process_switch = 0;      // switching between tasks of different processes
  Time thread_switch = 0;       // switching between threads of one process
  Time scheduler = 0;           // one scheduling decision
  Time scheduler_per_task = 0;  // added per task in the run queue at a decision
  Time migration = 0;           // a task runs on another CPU than it last ran on
  Time interrupt = 0;           // an I/O completion, charged on a CPU
  Time ipi = 0;                 // inter-processor interrupt (remote dispatch)
  // Creating tasks (SPEC §10), charged to the spawning CPU per task created.
  Time fork = 0;          // a new process (fork/clone without CLONE_VM)
  Time fork_per_mib = 0;  // added to fork per MiB of the parent process's memory
  Time exec = 0;          // replacing the new process's image ("exec": true)
  Time thread_create = 0; // a new thread of the spawner's process
  // A task waiting with "wait": "poll" pays, per wakeup, base + per_fd x the
  // descriptors it watches + per_ready x the ready ones (select/poll grow with
  // descriptors, epoll with ready ones).
  struct Poll {
    Time base = 0, per_fd = 0, per_ready = 0;
  } poll;
};

// Memory (SPEC §10): what each live process, thread and fiber takes. Sizes in
// bytes. A spawn (or arrival) that does not fit is refused, never silently run.
struct MemoryModel {
  std::int64_t limit = 0;          // machine.memory; 0: unlimited
  std::uint32_t max_threads = 0;   // machine.max_threads: kernel threads alive at once; 0: no limit
  bool overcommit = true;          // true: a thread counts its resident stack; false: its whole reservation
  std::int64_t process_rss = 1 << 20;       // a process's own resident memory (about 1 MiB: libc and its pages)
  std::int64_t thread_stack = 8 << 20;      // a thread's stack reservation (Linux's default ulimit -s, 8 MiB)
  std::int64_t thread_resident = 8 << 10;   // the part of it a thread touches (two pages)
  std::int64_t fiber_stack = 2 << 10;       // a goroutine's initial stack (Go's _StackMin, 2 KiB)
  // What a thread counts against the limit.
  std::int64_t thread_size() const { return overcommit ? thread_resident : thread_stack; }
};

struct Machine {
  std::vector<CpuSpec> cpus;
  Costs costs;
  Time tick = 0;  // 0: exact slice-end events; >0: quanta expire on the next tick
  MemoryModel memory;
};

// Syscall, Send and Recv are fiber phases (tasks of a runtime, SPEC §9):
// Syscall blocks the fiber's carrier in the kernel for `duration`; Send and
// Recv pass a value through a channel, parking the fiber while they wait.
// Spawn creates tasks at run time (SPEC §10).
enum class PhaseKind : std::uint8_t { Cpu, Io, Sleep, Yield, Lock, Unlock, Syscall, Send, Recv, Spawn };

// How a task waits for its I/O (SPEC §10).
enum class IoWait : std::uint8_t {
  Block,  // it sleeps until the completion wakes it
  Spin,   // it busy-polls: it keeps (or queues for) a CPU until the completion
  Poll,   // it sleeps in a poller (select/poll/epoll) that costs Costs::poll per wakeup
};

// One step of a task's program. `repeat` is expanded by the parser.
// (16 bytes: a million tasks' programs, ~5 million phases, are held at once;
// hence the device's 16 bits: a workload has at most 10,000 devices.)
struct Phase {
  Phase() = default;
  Phase(PhaseKind kind_, DeviceId device_ = 0, Time duration_ = 0, std::uint32_t index = 0)
      : kind(kind_), device(static_cast<std::uint16_t>(device_)), lock(index), duration(duration_) {}

  PhaseKind kind = PhaseKind::Cpu;
  IoWait wait = IoWait::Block;  // Io only
  std::uint16_t device = 0;     // Io only: a DeviceId
  union {
    std::uint32_t lock = 0;  // Lock/Unlock: index into Workload::locks
    std::uint32_t channel;   // Send/Recv: index into Workload::channels
    std::uint32_t spawn;     // Spawn: index into Workload::spawns
    std::uint32_t fds;       // Io with wait Poll: descriptors the poller watches (>= 1)
  };
  Time duration = 0;  // Cpu: work at speed 1.0; Io: service time; Sleep, Syscall: time
};
constexpr std::size_t kMaxPhaseDevices = std::size_t{1} << 16;  // Phase::device's range
static_assert(sizeof(Phase) == 16, "a million tasks' programs are held at once: keep Phase small");

// What a spawn phase creates (SPEC §10).
enum class SpawnAs : std::uint8_t { Process, Thread, Fiber };

// One spawn phase of one task: it creates `count` tasks, the task slots
// Workload::tasks[first_child, first_child + count), one after the other.
struct SpawnSpec {
  std::uint32_t template_index = 0;  // into Workload::templates
  std::uint32_t count = 1;
  SpawnAs as = SpawnAs::Process;
  bool exec = false;             // a process that also execs (costs.exec)
  bool fail_on_refusal = false;  // a refused spawn ends the spawner (else it goes on)
  std::uint32_t first_child = 0;
};

// ---- User-level runtimes (SPEC §9) ------------------------------------------

using RuntimeId = std::uint32_t;
constexpr RuntimeId kNoRuntime = 0xffffffffu;

// How a runtime maps its fibers onto its carriers (kernel threads).
enum class RuntimeModel : std::uint8_t {
  Green,      // many-to-one: one carrier, fibers run until they yield, park or end
  EventLoop,  // one carrier, cooperative; pollable I/O parks the fiber (libuv, asyncio)
  MN,         // Go: P processors with local queues, a global queue, stealing, sysmon
  Pool,       // a fixed set of worker threads taking jobs FIFO (libuv's threadpool)
};
// mn: what happens to a processor whose carrier blocks in a syscall.
enum class Handoff : std::uint8_t {
  None,       // it waits with the carrier: its queued fibers wait too
  Immediate,  // another carrier takes it over at once
  Sysmon,     // Go: the monitor retakes it on its second look (>= 20us)
};

struct RuntimeSpec {
  std::string name;
  RuntimeModel model = RuntimeModel::Green;
  ProcessId process = 0;        // the process its carriers (and fibers) belong to
  std::uint32_t carriers = 1;   // mn: processors (GOMAXPROCS); pool: worker threads
  Time preempt_after = 0;       // mn: the monitor preempts a fiber after this (0: never)
  Handoff handoff = Handoff::Sysmon;
  bool steal = true;                      // mn: idle processors steal half a queue
  std::uint32_t local_queue = 256;        // mn: capacity of a processor's local queue
  std::uint32_t global_check_every = 61;  // mn: look at the global queue every Nth pick
  Time fiber_switch = 0;  // CPU time to switch fibers on a carrier
  Time fiber_create = 0;  // CPU time a carrier spends creating a fiber, before its first run
  // Filled by the parser: the runtime's carrier tasks are
  // Workload::tasks[first_carrier, first_carrier + carrier_slots). Carriers
  // beyond `carriers` are spares that mn starts for syscall handoffs.
  TaskId first_carrier = 0;
  std::uint32_t carrier_slots = 0;
};

// A channel between fibers; capacity 0 is a rendezvous (SPEC §9).
struct ChannelSpec {
  std::string name;
  std::uint32_t capacity = 0;
};

// What a task is to the engine: an ordinary kernel task, a fiber (scheduled
// by its runtime, never seen by the OS policy), or a runtime's carrier (a
// kernel thread the OS policy schedules, whose work the runtime supplies).
enum class TaskRole : std::uint8_t { Task, Fiber, Carrier };

// A mutex tasks take with "lock" phases (SPEC §4 Locks).
struct LockSpec {
  std::string name;
  // CPython's GIL switch interval (sys.setswitchinterval, 5ms there): once a
  // waiter has waited this long without the lock changing hands, the holder
  // is asked to drop it at its next step and queue for it again. 0 = never.
  Time switch_interval = 0;
};

// scheduler.locks: what a lock does to the holder's priority.
enum class LockProtocol : std::uint8_t {
  None,         // nothing: priority inversion happens
  Inheritance,  // the holder runs at its most urgent waiter's priority
  Ceiling,      // immediate ceiling: the holder runs at the lock's ceiling
};
// scheduler.lock_wakeup: which waiter gets a released lock.
enum class LockWakeup : std::uint8_t { Fifo, Priority };

using CpuMask = std::bitset<kMaxCpus>;

struct TaskSpec {
  // (Fields are ordered so that no padding is left between them: a
  // million-task workload keeps a million of these.)
  std::string name;
  Time arrival = 0;
  std::int64_t tickets = 100; // lottery / stride
  ProcessId process = 0;      // index into Workload::processes
  int priority = 0;           // smaller is more urgent
  int nice = 0;               // -20..19
  std::uint32_t affinity = 0; // index into Workload::affinities; 0 = every CPU
  std::uint32_t first_phase = 0;  // program = phases[first_phase, +phase_count)
  std::uint32_t phase_count = 0;
  // Real-time fields. A periodic task (period > 0) releases a job every period
  // from `arrival`; each job runs the program once. `deadline` is relative to
  // each release (0: none for aperiodic tasks, the period for periodic ones).
  Time period = 0;
  Time deadline = 0;
  std::uint32_t jobs = 0;  // periodic: number of jobs; 0 = until the horizon
  RuntimeId runtime = kNoRuntime;  // fibers and carriers: their runtime
  TaskRole role = TaskRole::Task;
  // A slot a spawn phase fills at run time: it arrives when spawned (never,
  // if its spawner does not get that far), and `arrival` is unused.
  bool spawned = false;
};

// A task template spawn phases create tasks from (SPEC §10).
struct TemplateSpec {
  std::string name;
  TaskSpec task;  // program, priority, ...; process and role are set per spawn
  std::uint32_t spawned = 0;  // slots made from it so far (names are name1, name2, ...)
};

struct DeviceSpec {
  std::string name;
  std::uint32_t channels = 1;  // requests served at once; the rest wait FIFO
};

// Order of simultaneous events (see engine.h for the whole order).
enum class SameTime : std::uint8_t { ArrivalsFirst, RequeueFirst };

// A policy parameter value, already validated against the policy's ParamSpec.
using ParamValue = std::variant<std::int64_t, double, bool, std::string, std::vector<Time>>;
using PolicyParams = std::map<std::string, ParamValue>;

// How run queues map onto CPUs (see topology.h).
enum class QueueLayout : std::uint8_t { Global, PerCpu };
enum class Placement : std::uint8_t { Balanced, Capacity };

struct SchedulerConfig {
  std::string policy = "rr";
  PolicyParams params;  // policy parameters by name (durations are Time in ns)
  SameTime same_time = SameTime::ArrivalsFirst;
  QueueLayout queues = QueueLayout::Global;
  Time balance_interval = 4 * kMillisecond;  // per_cpu: periodic load balancing
  Placement placement = Placement::Balanced;  // capacity: big/little aware (per_cpu)
  CpuId amp_master = kNoCpu;                  // AMP master/slave: the deciding CPU
  LockProtocol locks = LockProtocol::None;
  LockWakeup lock_wakeup = LockWakeup::Fifo;
};

struct Workload {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  Machine machine;
  SchedulerConfig scheduler;
  std::vector<DeviceSpec> devices;
  std::vector<std::string> processes;  // process names; a lone task gets its own
  std::vector<CpuMask> affinities{CpuMask{}.set()};  // [0] = every CPU
  std::vector<LockSpec> locks;         // mutexes, by index
  std::vector<Phase> phases;           // all tasks' programs, back to back
  std::vector<RuntimeSpec> runtimes;   // user-level runtimes (SPEC §9)
  std::vector<ChannelSpec> channels;   // channels between fibers
  std::vector<TemplateSpec> templates; // what spawn phases create
  std::vector<SpawnSpec> spawns;       // every spawn phase, by Phase::spawn
  // In file order (generated tasks next), then the slots spawn phases fill,
  // then every runtime's carriers.
  std::vector<TaskSpec> tasks;
};

// Total CPU work (ns at speed 1.0) of a task's program.
Time total_cpu_work(const Workload& w, const TaskSpec& t);

}  // namespace timeslice
