// The engine's shared state, for sim/core only: the event loop, the CPUs and
// the run queues, with the engine's internal functions (engine.cpp), and the
// subsystems the engine calls, each in files of its own the way Linux splits
// kernel/sched/:
//
//   devices.h     I/O devices: channels and their FIFO of requests
//   locks.h       mutexes, priority inheritance and ceilings, deadlocks
//   interrupts.h  interrupt handlers (and where wakeups go), the AMP master
//   periodic.h    periodic tasks: jobs, releases, deadlines
//   memory.h      memory and kernel threads: what fits, what is refused
//
// A subsystem keeps its own state and is a plain member of Core; the engine
// calls it directly (no virtual calls on a per-event path), passing itself,
// and the subsystem calls back into the engine through the functions
// declared here. Everything runs on one thread, inside Engine::step().
//
// Speed: the small functions every event goes through are defined here; the
// rest are defined in engine.cpp, where those that only engine.cpp calls are
// marked `inline` so that the compiler weighs them as it did when the engine
// was one class (other files may call only the ones not marked inline).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/core/devices.h"
#include "sim/core/engine.h"
#include "sim/core/event_queue.h"
#include "sim/core/interrupts.h"
#include "sim/core/locks.h"
#include "sim/core/memory.h"
#include "sim/core/periodic.h"
#include "sim/core/runtimes.h"

namespace timeslice {
namespace engine {

enum class EventKind : std::uint8_t { Arrival, IoDone, SleepDone, IrqEnd, CpuEnd, PolicyTimer, Release, Balance, RuntimeTimer, LockTimer };

struct Event {
  Time time;
  std::uint64_t key;  // class << 56 | tie-break within the class
  std::uint32_t id;   // task, CPU, device or queue
  std::uint32_t gen;  // CPU/timer generation, or the device channel
  EventKind kind;
};

struct EventLess {
  bool operator()(const Event& a, const Event& b) const {
    return wide_key(a.time, a.key) < wide_key(b.time, b.key);  // as PeriodicJobs::Earlier
  }
};

constexpr std::uint64_t kTieBits = 56;

enum class CpuMode : std::uint8_t { Idle, Dispatching, Running, Interrupt };

struct Cpu {
  CpuMode mode = CpuMode::Idle;
  TaskId current = kNoTask;  // running, being dispatched, or to resume after interrupts
  TaskId prev = kNoTask;     // last task dispatched here (decides switch costs)
  ProcessId prev_process = 0;  // its process (prices the next switch)
  bool started = false;      // current is between Policy::on_running and on_stopping
  std::uint32_t gen = 0;     // bumps invalidate a pending CpuEnd
  bool need_resched = false;
  bool logged_idle = true;       // avoid logging "idle" twice in a row
  TaskId preempt_by = kNoTask;   // woken task that asked for this CPU
  // A task that just stopped here and was requeued; its Run slice is still
  // open so that a task that keeps the CPU shows one continuous slice.
  TaskId stopped = kNoTask;
  SliceEnd stop_reason = SliceEnd::Expired;
  std::uint32_t stop_aux = 0;
  Time seg_start = 0;        // start of the open Run slice
  Time slice_end = kNever;   // when the running task's quantum expires
  // Dispatch overhead being paid: [dispatch_start, +sched, +switch, +migration].
  Time dispatch_start = 0, cost_ipi = 0, cost_sched = 0, cost_switch = 0, cost_migration = 0;
  bool awaiting_master = false;  // AMP slave: a decision for it is queued at the master (AmpMaster)
};

// The engine itself (Engine is its public face): its state, its internal
// functions, and its subsystems.
struct Core final : LoadView {
  Core(const Workload& w, EngineOptions o)
      : workload(w),
        options(o),
        rng(w.seed ^ 0x7469'6d65'736c'6963ULL),  // the run's stream, apart from generation
        ctx(w, tasks, rng),
        runtimes(*this) {}

  const Workload& workload;
  EngineOptions options;
  std::vector<Task> tasks;
  // Each task's process (TaskSpec::process), 4 bytes a task: a dispatch
  // prices the switch by it without reading the next task's 104-byte spec.
  std::vector<ProcessId> process_of;
  Rng rng;
  SchedContext ctx;
  std::unique_ptr<Topology> topology;
  std::vector<std::unique_ptr<Policy>> queues;
  std::vector<std::uint32_t> cpu_queue;        // the queue each CPU picks from (fixed for the run)
  std::vector<std::vector<CpuId>> queue_cpus;  // CPUs that pick from each queue, by index
  bool tracks_load = false;                    // the topology wants Topology::on_state
  bool slices_follow_load = false;             // Policy::slice_follows_load
  Policy::RankField preempt_rank_field = nullptr;  // Policy::preempt_rank_field
  std::vector<std::size_t> idle_count;         // CPUs of each queue in CpuMode::Idle
  // The same CPUs as bits, per queue, bit i for queue_cpus[q][i]: a wakeup
  // looks at the idle CPUs only, not at every CPU of its queue.
  std::vector<std::vector<std::uint64_t>> idle_bits;
  std::vector<std::uint32_t> cpu_slot;         // each CPU's index in queue_cpus[queue_of(c)]
  // Queues whose policy timer is read at the end of this instant: every
  // queue whose policy uses timers before the run, then a queue after its
  // on_timer() (the only hook that may move it), so no instant asks all 64
  // per-CPU queues.
  std::vector<std::size_t> timers_to_read;
  std::vector<Time> timer_at;
  std::vector<std::uint32_t> timer_gen;
  std::vector<Cpu> cpus;
  // The subsystems (each header says when the engine calls what).
  Devices devices;
  Locks locks;
  Interrupts irqs;
  AmpMaster amp;
  PeriodicJobs jobs;
  Memory memory;
  RuntimeBridge runtimes;          // fibers and carriers (SPEC §9)
  Time runtime_timer_at = kNever;  // pending RuntimeTimer
  std::uint32_t runtime_timer_gen = 0;
  std::size_t dormant = 0;         // carriers and spawn slots not started: counted as done until they start
  std::vector<Observer*> observers;
  DecisionKinds wanted_decisions = 0;  // by any observer
  QuaternaryHeap<Event, EventLess> events;
  std::size_t arrivals = 0;            // tasks that arrive (all but carriers)
  std::vector<TaskId> arrival_order;   // by arrival time, if the ids are not in that order
  std::size_t next_arrival = 0;
  // CPUs marked for a decision at this time, and the CPUs in CpuMode::Idle,
  // as bits by CPU index (bit c % 64 of word c / 64): flush() takes the free
  // ones first without a scan.
  std::vector<std::uint64_t> pending;
  std::vector<std::uint64_t> idle_cpus;
  std::uint64_t wake_seq = 0;
  std::size_t work_events = 0;  // events in `events` other than periodic timers
  std::uint64_t handled = 0;
  std::size_t done = 0;
  Time now = 0;
  bool finished = false;
  std::uint64_t class_of[10] = {};  // per EventKind, from same_time

  // ---- setup ----------------------------------------------------------------

  void init();

  // ---- events ---------------------------------------------------------------

  static bool is_timer(EventKind k) {
    return k == EventKind::PolicyTimer || k == EventKind::Balance || k == EventKind::RuntimeTimer ||
           k == EventKind::LockTimer;
  }
  void push(Time t, EventKind kind, std::uint64_t tie, std::uint32_t id, std::uint32_t gen) {
    if (!is_timer(kind)) ++work_events;
    if (t > kTimeLimit)
      throw SimulationLimit("the run would go past " + format_duration(kTimeLimit) +
                            " of simulated time (the limit); check the costs and durations");
    events.push({t, class_of[static_cast<int>(kind)] | tie, id, gen, kind});
  }
  // An event that wakes something (I/O, timers, handlers): ordered among
  // simultaneous ones by when it was requested.
  void push_wake(Time t, EventKind kind, std::uint32_t id, std::uint32_t gen) {
    push(t, kind, ++wake_seq, id, gen);
  }
  // The next event is the first in `events`, or the earliest periodic
  // release (PeriodicJobs keeps those apart) if it comes first, with the key
  // it would have in `events`. Needs has_event().
  bool has_event() const { return !events.empty() || jobs.has_release(); }
  bool release_next() const {
    if (!jobs.has_release()) return false;
    if (events.empty()) return true;
    const PeriodicJobs::Pending& r = jobs.next_release();
    const Event& first = events.top();
    return wide_key(r.at, class_of[static_cast<int>(EventKind::Release)] | r.seq) < wide_key(first.time, first.key);
  }
  // The time of the next event. Needs has_event().
  Time next_time() const {
    if (!jobs.has_release()) return events.top().time;
    const Time release = jobs.next_release().at;
    return events.empty() ? release : std::min(release, events.top().time);
  }
  void push_next_arrival();
  void push_cpu_end(CpuId c, Time t) {
    cpus[c].gen++;
    push(t, EventKind::CpuEnd, c, c, cpus[c].gen);
  }
  bool handle(const Event& e);

  // ---- observers ------------------------------------------------------------

  void set_state(Task& t, TaskState s, std::uint32_t aux = 0) {
    if (runtimes.active() && runtimes.is_carrier(t.id)) runtimes.carrier_state(t, s);
    t.state = s;
    if (tracks_load) topology->on_state(t, s, t.cpu, now);
    for (Observer* o : observers) o->on_task_state(now, t.id, s, aux);
  }
  // A task's slice (Run) is of the kind of work it is doing (Task::work_kind).
  void slice(CpuId c, Time start, Time end, SliceKind kind, TaskId task,
             SliceEnd reason = SliceEnd::Exited, std::uint32_t aux = 0) {
    if (end <= start) return;
    if (kind == SliceKind::Run) kind = tasks[task].work_kind;
    const CpuSlice s{start, end, c, task, kind, reason, aux};
    for (Observer* o : observers) o->on_cpu_slice(s);
  }
  void decision(DecisionKind kind, CpuId c, TaskId task, TaskId other = kNoTask,
                std::int64_t arg = 0, std::int64_t arg2 = 0) {
    if (!(wanted_decisions & decision_bit(kind))) return;
    const Decision d{now, c, kind, task, other, arg, arg2};
    for (Observer* o : observers) o->on_decision(d);
  }

  // ---- task programs --------------------------------------------------------

  const Phase& phase_of(const Task& t) const { return workload.phases[t.first_phase + t.phase]; }
  bool at_end(const Task& t) const { return t.phase >= t.phase_count; }
  void enter_phase(TaskId id, EnqueueReason why);
  void start_burst(Task& t, const Phase& p);
  void exit_task(Task& t, CpuId c, bool gave_up = false);
  void block(Task& t, const Phase& p, CpuId c);
  void arrive(TaskId id);

  // ---- creating tasks and waiting for I/O (SPEC §10) -------------------------

  // The task's work changes kind (SliceKind::Run, Spawn, Spin or Poll); on a
  // CPU (c) its open slice ends and one of the new kind starts.
  void set_work_kind(Task& t, CpuId c, SliceKind kind) {
    if (t.work_kind == kind) return;
    if (c != kNoCpu) {
      slice(c, cpus[c].seg_start, now, SliceKind::Run, t.id, SliceEnd::Changed);
      cpus[c].seg_start = now;
    }
    t.work_kind = kind;
  }
  enum class Progress : std::uint8_t { Done, Work, Ended };
  Progress spawn_step(Task& t, CpuId c);
  bool spawn_child(Task& t, CpuId c, const SpawnSpec& s);
  void abandon_rest(const Task& t);
  void abandon_slot(TaskId slot);
  Time spawn_cost(const Task& t, const SpawnSpec& s) const;
  void start_spin(Task& t, CpuId c, const Phase& p);
  void spin_done(Task& t);
  Time poll_cost(const Phase& p) const {
    const Costs::Poll& k = workload.machine.costs.poll;
    return k.base + k.per_fd * static_cast<Time>(p.fds) + k.per_ready;
  }

  // ---- run queues, wakeups and preemption -----------------------------------

  // Every enqueue and dequeue goes through these, so that queued_count and
  // load_count (read by the topology on every placement) always agree with
  // the policy's queued().
  void enqueue(std::size_t q, TaskId t, EnqueueReason why) {
    queues[q]->enqueue(t, why);
    ++queued_count[q];
    ++total_queued_count;
    ++load_count[q];
  }
  void dequeue(std::size_t q, TaskId t) {
    queues[q]->dequeue(t);
    --queued_count[q];
    --total_queued_count;
    --load_count[q];
  }
  static std::uint64_t bit_of(std::size_t i) { return std::uint64_t{1} << (i % 64); }
  // Every change of a CPU's mode goes through here (idle_count, idle_bits, idle_cpus).
  void set_mode(CpuId c, CpuMode mode) {
    Cpu& cpu = cpus[c];
    if ((mode == CpuMode::Idle) != (cpu.mode == CpuMode::Idle)) {
      idle_cpus[c / 64] ^= bit_of(c);
      if (c != amp.master()) {
        const std::size_t q = queue_of(c);
        idle_count[q] += mode == CpuMode::Idle ? 1 : -1;
        idle_bits[q][cpu_slot[c] / 64] ^= bit_of(cpu_slot[c]);
      }
    }
    cpu.mode = mode;
  }
  // The first CPU of queue q in CpuMode::Idle (in queue_cpus order) for
  // which `wanted` holds, or kNoCpu.
  template <class Pred>
  CpuId first_idle(std::size_t q, Pred&& wanted) const {
    const std::vector<std::uint64_t>& words = idle_bits[q];
    for (std::size_t w = 0; w < words.size(); ++w)
      for (std::uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
        const CpuId c = queue_cpus[q][w * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
        if (wanted(c)) return c;
      }
    return kNoCpu;
  }
  // Every change of a CPU's current task goes through here (busy_count, load_count).
  void set_current(CpuId c, TaskId t) {
    Cpu& cpu = cpus[c];
    if (c != amp.master()) {
      const std::size_t q = queue_of(c);
      const int change = (t != kNoTask) - (cpu.current != kNoTask);
      busy_count[q] += change;
      load_count[q] += change;
    }
    cpu.current = t;
  }
  void finish_wake(TaskId id, std::uint32_t source);
  void make_ready(Task& t, EnqueueReason why);
  void resume_ready(TaskId id);  // make_ready for the other files: a task goes on with its burst
  bool free_idle(CpuId c) const {
    const Cpu& cpu = cpus[c];
    return cpu.mode == CpuMode::Idle && !cpu.need_resched && cpu.stopped == kNoTask &&
           !cpu.awaiting_master && c != amp.master();
  }
  void find_cpu_for(const Task& t, std::size_t q);
  void preempt_for(const Task& t, std::size_t q);
  bool preemptible(const Task& t, CpuId c, bool ask_running) const;
  CpuId asked_victim(const Task& t, std::size_t q, bool ask_running);
  CpuId ranked_victim(const Task& t, std::size_t q, bool ask_running) const;
  // Idle CPUs of queue q should look again (tasks left after a dispatch, a boost).
  void notify_idle(std::size_t q) {
    if (queued_count[q] == 0 || idle_count[q] == 0) return;
    first_idle(q, [&](CpuId c) {
      if (free_idle(c)) mark_resched(c);
      return false;  // all of them
    });
  }
  void mark_resched(CpuId c) {
    cpus[c].need_resched = true;
    force_pending(c);
  }
  void force_pending(CpuId c) { pending[c / 64] |= bit_of(c); }

  // ---- running tasks --------------------------------------------------------

  std::int64_t speed(CpuId c) const { return workload.machine.cpus[c].speed; }
  std::size_t queue_of(CpuId c) const { return cpu_queue[c]; }
  // Bring the running task's progress up to now.
  void sync(Task& t, CpuId c) {
    const Time elapsed = now - t.run_since;
    if (elapsed <= 0) return;
    t.work_left = std::max<std::int64_t>(0, t.work_left - elapsed * speed(c));
    t.ran += elapsed;
    t.run_since = now;
  }
  Time tick_round(Time t) const;
  // When the running task's CPU burst would end (its progress is current).
  Time burst_end(CpuId c) const {
    const Task& t = tasks[cpus[c].current];
    // A spinning task spins until its I/O completes (Core::spin_done).
    if (t.work_kind == SliceKind::Spin) return t.io_pending ? kNever : now;
    // A carrier whose fiber the runtime's monitor preempts stops at once.
    if (runtimes.active() && runtimes.is_carrier(t.id) && runtimes.step_cut(t.id)) return now;
    // A lock holder asked to drop its lock (switch_interval) stops at once.
    if (locks.must_drop(t.id)) return now;
    // A CPU of speed 1.0 (most are) divides by a constant: a multiply, not
    // a 64-bit division on the path of every dispatch.
    const std::int64_t s = speed(c);
    return now + (s == kSpeedUnit ? (t.work_left + kSpeedUnit - 1) / kSpeedUnit : (t.work_left + s - 1) / s);
  }
  void schedule_run_end(CpuId c) {
    const Time end = std::min(cpus[c].slice_end, burst_end(c));
    if (end != kNever) return push_cpu_end(c, end);
    cpus[c].gen++;  // a spinning task without a quantum: only its completion (spin_done) ends it
  }
  void start_running(CpuId c, bool continuing);
  void stop_running(CpuId c, StopReason why);
  void requeue_stopped(CpuId c, Task& t, StopReason why, EnqueueReason eq, SliceEnd reason,
                       std::uint32_t aux = 0);
  void close_stopped(CpuId c, SliceEnd reason) {
    Cpu& cpu = cpus[c];
    slice(c, cpu.seg_start, now, SliceKind::Run, cpu.stopped, reason, cpu.stop_aux);
    cpu.stopped = kNoTask;
  }
  void run_end(CpuId c);
  void overhead_end(CpuId c, Task& t);
  void give_up(CpuId c, Task& t);
  void keep_running(CpuId c, Task& t, bool yielded);
  void go_on(CpuId c, Task& t, bool yielded);
  void program_done(CpuId c, Task& t);

  // ---- load balancing (per-CPU topologies) ----------------------------------

  // LoadView, for the topology.
  TaskId last_allowed(std::size_t q, CpuId c) const override;
  void for_each_queued(std::size_t q, const std::function<void(TaskId)>& visit) const override;
  void visit_from_back(std::size_t q, const std::function<bool(TaskId)>& visit) const override;
  TaskId current(CpuId c) const override;
  bool allowed(TaskId t, CpuId c) const override;
  const Task& task(TaskId t) const override;
  void move(TaskId id, std::size_t to, bool stolen = false);
  void balance();

  // ---- decisions and dispatch -----------------------------------------------

  void cpu_end(CpuId c);
  CpuId next_pending() const;
  void flush();
  void preempt(CpuId c);
  void decide(CpuId c);
  Time dispatch_cost(CpuId c, TaskId next, std::size_t queued) const;
  Time sched_cost(std::size_t queued) const {
    const Costs& k = workload.machine.costs;
    // Saturate: an absurd per-task cost must hit the time limit, not overflow.
    const Time per_task = k.scheduler_per_task > 0 && static_cast<Time>(queued) > kTimeLimit / k.scheduler_per_task
                              ? kTimeLimit
                              : k.scheduler_per_task * static_cast<Time>(queued);
    return std::min(kTimeLimit, k.scheduler + per_task);
  }
  std::int64_t switch_kind(CpuId c, TaskId next) const;
  Time switch_cost(CpuId c, TaskId next) const;
  Time switch_cost_of(std::int64_t kind) const;  // by switch_kind()
  bool migrates(CpuId c, TaskId next) const;
  Time migration_cost(CpuId c, TaskId next) const;
  void dispatch(CpuId c, TaskId next, std::size_t queued, bool remote = false);
  void emit_dispatch_slices(CpuId c);
  void finish_dispatch(CpuId c);

  // ---- policy timers, checks and the run ------------------------------------

  void after_timer(std::size_t q);
  void refresh_slices(std::size_t q);
  void refresh_slice(CpuId c);
  // After an instant's events: push the timers that may have moved. Most
  // instants have none to read (the check is inline: it runs every instant).
  void update_timers() {
    if (!timers_to_read.empty() || runtimes.active()) read_timers();
  }
  void read_timers();
  void check_queues() const;
  bool in_interrupt(TaskId id) const;
  void report_stall() const;
  void finish(Time end);
  bool step();
};

}  // namespace engine
}  // namespace timeslice
