// The discrete-event engine: the event loop, decisions, dispatch and running
// tasks. The order of simultaneous events, dispatch costs, interrupt routing
// and wakeup preemption are documented in engine.h; the subsystems the engine
// calls (devices, locks, interrupts and the AMP master, periodic jobs) are
// listed in engine_impl.h.
#include "sim/core/engine_impl.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "sim/core/huge_pages.h"
#include "sim/core/invariants.h"

namespace timeslice {
namespace engine {

// ---- setup --------------------------------------------------------------

inline void Core::init() {
  const PolicyInfo* info = find_policy(workload.scheduler.policy);
  if (!info) throw std::invalid_argument("unknown policy \"" + workload.scheduler.policy + "\"");
  if (workload.machine.cpus.empty()) throw std::invalid_argument("the machine has no CPUs");

  reserve_huge(tasks, workload.tasks.size());
  tasks.resize(workload.tasks.size());
  reserve_huge(process_of, workload.tasks.size());
  process_of.resize(workload.tasks.size());
  for (TaskId i = 0; i < tasks.size(); ++i) {
    process_of[i] = workload.tasks[i].process;
    tasks[i].id = i;
    tasks[i].first_phase = workload.tasks[i].first_phase;
    tasks[i].phase_count = workload.tasks[i].phase_count;
  }
  cpus.resize(workload.machine.cpus.size());
  pending.assign((cpus.size() + 63) / 64, 0);
  idle_cpus.assign(pending.size(), 0);
  for (CpuId c = 0; c < cpus.size(); ++c) idle_cpus[c / 64] |= bit_of(c);  // all start idle
  irqs.init(cpus.size());
  devices.init(workload);
  memory.init(workload);
  jobs.init(*this);
  topology = make_topology(workload);
  for (std::size_t q = 0; q < topology->queue_count(); ++q) {
    queues.push_back(info->make(workload.scheduler.params, workload.machine));
    queues.back()->attach(ctx);
  }
  for (CpuId c = 0; c < cpus.size(); ++c)
    cpu_queue.push_back(static_cast<std::uint32_t>(topology->queue_of_cpu(c)));
  tracks_load = topology->tracks_load();
  slices_follow_load = queues[0]->slice_follows_load();
  preempt_rank_field = queues[0]->preempt_rank_field();
  queue_cpus.resize(queues.size());
  queued_count.assign(queues.size(), 0);
  busy_count.assign(queues.size(), 0);
  load_count.assign(queues.size(), 0);
  idle_count.assign(queues.size(), 0);
  for (std::size_t q = 0; q < queues.size(); ++q)
    if (queues[q]->uses_timers()) timers_to_read.push_back(q);
  locks.init(*this);
  amp.init(*this);
  for (CpuId c = 0; c < cpus.size(); ++c)
    if (c != amp.master()) queue_cpus[queue_of(c)].push_back(c);
  cpu_slot.assign(cpus.size(), 0);
  idle_bits.resize(queues.size());
  for (std::size_t q = 0; q < queues.size(); ++q) {  // all start idle
    idle_count[q] = queue_cpus[q].size();
    idle_bits[q].assign((queue_cpus[q].size() + 63) / 64, 0);
    for (std::uint32_t i = 0; i < queue_cpus[q].size(); ++i) {
      cpu_slot[queue_cpus[q][i]] = i;
      idle_bits[q][i / 64] |= std::uint64_t{1} << (i % 64);
    }
  }
  timer_at.assign(queues.size(), kNever);
  timer_gen.assign(queues.size(), 0);
  ctx.note = [this](DecisionKind kind, TaskId task, std::int64_t arg) {
    decision(kind, task < tasks.size() ? tasks[task].cpu : kNoCpu, task, kNoTask, arg);
  };

  const bool arrivals_first = workload.scheduler.same_time == SameTime::ArrivalsFirst;
  auto set = [&](EventKind k, std::uint64_t c) { class_of[static_cast<int>(k)] = c << kTieBits; };
  set(EventKind::Arrival, arrivals_first ? 0 : 1);
  set(EventKind::IoDone, arrivals_first ? 1 : 2);
  set(EventKind::SleepDone, arrivals_first ? 1 : 2);
  set(EventKind::IrqEnd, arrivals_first ? 1 : 2);
  set(EventKind::CpuEnd, arrivals_first ? 2 : 0);
  set(EventKind::PolicyTimer, 3);
  set(EventKind::Release, arrivals_first ? 1 : 2);
  set(EventKind::Balance, 3);
  set(EventKind::RuntimeTimer, 3);
  set(EventKind::LockTimer, 4);
  if (queues.size() > 1 && topology->balance_interval() != kNever)
    push(topology->balance_interval(), EventKind::Balance, 0, 0, 0);

  // Arrivals are streamed from a sorted list: only the next one is pending.
  // Carriers do not arrive (their runtime starts them), nor do spawn slots
  // (their spawner creates them).
  runtimes.init();
  // The tasks that arrive come first (the parser appends spawn slots and
  // carriers after them).
  for (const TaskSpec& t : workload.tasks) dormant += t.role == TaskRole::Carrier || t.spawned;
  done += dormant;
  arrivals = tasks.size() - dormant;
  const auto by_arrival = [&](const TaskSpec& a, const TaskSpec& b) { return a.arrival < b.arrival; };
  // Usually already in order (generated tasks arrive in file order): then
  // the order is the task ids' and needs no list.
  if (!std::is_sorted(workload.tasks.begin(), workload.tasks.begin() + static_cast<std::ptrdiff_t>(arrivals),
                      by_arrival)) {
    arrival_order.resize(arrivals);
    for (TaskId i = 0; i < arrivals; ++i) arrival_order[i] = i;
    std::stable_sort(arrival_order.begin(), arrival_order.end(), [&](TaskId a, TaskId b) {
      return by_arrival(workload.tasks[a], workload.tasks[b]);
    });
  }
  push_next_arrival();
  update_timers();
}

// ---- events -------------------------------------------------------------

inline void Core::push_next_arrival() {
  if (next_arrival == arrivals) return;
  const TaskId t = arrival_order.empty() ? static_cast<TaskId>(next_arrival) : arrival_order[next_arrival];
  push(workload.tasks[t].arrival, EventKind::Arrival, next_arrival, t, 0);
  ++next_arrival;
}

// Handle one event; false if it was stale.
inline bool Core::handle(const Event& e) {
  switch (e.kind) {
    case EventKind::Arrival:
      push_next_arrival();
      arrive(e.id);
      return true;
    case EventKind::IoDone:
      devices.done(*this, e.id, e.gen);
      return true;
    case EventKind::SleepDone:
      finish_wake(e.id, 0);  // a timer raises no interrupt
      return true;
    case EventKind::IrqEnd:
      irqs.end(*this, e.id);
      return true;
    case EventKind::CpuEnd:
      if (e.gen != cpus[e.id].gen) return false;
      cpu_end(e.id);
      return true;
    case EventKind::Release:  // step() takes releases straight from PeriodicJobs
      jobs.release(*this, e.id);
      return true;
    case EventKind::Balance:
      balance();
      push(now + topology->balance_interval(), EventKind::Balance, 0, 0, 0);
      return true;
    case EventKind::RuntimeTimer:
      if (e.gen != runtime_timer_gen) return false;
      runtime_timer_at = kNever;
      runtimes.on_timer();
      return true;
    case EventKind::LockTimer:
      return locks.on_timer(*this, e.id, e.gen);
    case EventKind::PolicyTimer:
      if (e.gen != timer_gen[e.id]) return false;
      timer_at[e.id] = kNever;
      queues[e.id]->on_timer();
      timers_to_read.push_back(e.id);
      after_timer(e.id);
      notify_idle(e.id);
      return true;
  }
  return false;
}

// ---- task programs ------------------------------------------------------

// The task reached its current phase while off-CPU (arrival or wakeup):
// block again, exit, or become ready for its CPU work. A yield off-CPU is a no-op.
void Core::enter_phase(TaskId id, EnqueueReason why) {
  Task& t = tasks[id];
  if (runtimes.active() && workload.tasks[id].role != TaskRole::Task) {
    if (workload.tasks[id].role == TaskRole::Fiber) return runtimes.fiber_arrive(id);
    // A carrier that starts or wakes asks its runtime what to do once on a CPU.
    t.work_left = 0;
    t.burst = 0;
    return make_ready(t, why);
  }
  for (;;) {
    if (at_end(t)) {
      if (!jobs.next_job(*this, t)) return exit_task(t, kNoCpu);
      if (t.state == TaskState::Sleeping) return;
      continue;
    }
    const Phase& p = phase_of(t);
    switch (p.kind) {
      case PhaseKind::Cpu:
        start_burst(t, p);
        return make_ready(t, why);
      case PhaseKind::Io:
        if (p.wait == IoWait::Spin) {
          start_spin(t, kNoCpu, p);
          return make_ready(t, why);
        }
        return block(t, p, kNoCpu);
      case PhaseKind::Sleep:
        return block(t, p, kNoCpu);
      case PhaseKind::Yield:
        ++t.phase;
        break;
      case PhaseKind::Spawn:
        switch (spawn_step(t, kNoCpu)) {
          case Progress::Work: return make_ready(t, why);
          case Progress::Ended: return exit_task(t, kNoCpu, true);
          case Progress::Done: ++t.phase; break;
        }
        break;
      case PhaseKind::Lock:
        if (!locks.acquire(*this, t, p.lock, kNoCpu)) return;
        ++t.phase;
        break;
      case PhaseKind::Unlock:
        locks.release(*this, t, p.lock, kNoCpu);
        ++t.phase;
        break;
      case PhaseKind::Syscall:
      case PhaseKind::Send:
      case PhaseKind::Recv:
        ++t.phase;  // fiber phases: the parser keeps them out of kernel tasks
        break;
    }
  }
}

inline void Core::start_burst(Task& t, const Phase& p) {
  t.burst = p.duration;
  t.work_left = p.duration * kSpeedUnit;
}

// `gave_up`: it ends before its program does, at a refused spawn.
void Core::exit_task(Task& t, CpuId c, bool gave_up) {
  t.phase = workload.tasks[t.id].phase_count;
  set_state(t, TaskState::Done);
  decision(DecisionKind::Exit, c, t.id, kNoTask, gave_up);
  memory.release(*this, t.id);
  ++done;
}

// A file or generated task arrives, if it fits in memory (SPEC §10).
void Core::arrive(TaskId id) {
  if (const auto refused = memory.admit(*this, id)) {
    decision(DecisionKind::SpawnRefused, kNoCpu, id, id, static_cast<std::int64_t>(*refused),
             memory.use().total());
    ++done;  // it will never run, nor create what it would have
    return abandon_slot(id);
  }
  decision(DecisionKind::Arrive, kNoCpu, id);
  enter_phase(id, EnqueueReason::Arrival);
}

// ---- creating tasks and waiting for I/O (SPEC §10) ----------------------

// CPU time the spawner pays for its next task.
Time Core::spawn_cost(const Task& t, const SpawnSpec& s) const {
  const Costs& k = workload.machine.costs;
  switch (s.as) {
    case SpawnAs::Process: {
      // fork copies the parent's page tables: its cost grows with its memory.
      const std::int64_t mib = memory.process_bytes(workload.tasks[t.id].process) >> 20;
      return k.fork + k.fork_per_mib * mib + (s.exec ? k.exec : 0);
    }
    case SpawnAs::Thread: return k.thread_create;
    case SpawnAs::Fiber: break;  // its runtime charges fiber_create when it first runs
  }
  return 0;
}

// The task is at a spawn phase: create its free tasks until one costs CPU
// time (Work: the task's burst is that cost), the phase is done, or a refusal
// ends the task.
Core::Progress Core::spawn_step(Task& t, CpuId c) {
  const SpawnSpec& s = workload.spawns[phase_of(t).spawn];
  while (t.spawned < s.count) {
    const Time cost = spawn_cost(t, s);
    if (cost > 0) {
      set_work_kind(t, c, SliceKind::Spawn);
      t.burst = cost;
      t.work_left = cost * kSpeedUnit;
      return Progress::Work;
    }
    if (!spawn_child(t, c, s)) return Progress::Ended;
  }
  set_work_kind(t, c, SliceKind::Run);
  t.spawned = 0;
  return Progress::Done;
}

// Create the spawn's next task, if it fits; false if the refusal ends the spawner.
bool Core::spawn_child(Task& t, CpuId c, const SpawnSpec& s) {
  const TaskId child = s.first_child + t.spawned++;
  if (const auto refused = memory.admit(*this, child)) {
    decision(DecisionKind::SpawnRefused, c, t.id, child, static_cast<std::int64_t>(*refused), memory.use().total());
    abandon_slot(child);
    if (!s.fail_on_refusal) return true;
    if (workload.tasks[t.id].role != TaskRole::Fiber) abandon_rest(t);  // a fiber's: spawn_from_fiber
    return false;
  }
  decision(DecisionKind::Spawn, c, t.id, child, static_cast<std::int64_t>(s.as), t.burst);
  --dormant;
  --done;
  tasks[child].last_cpu = c;  // it starts where it was made (fork's child runs on its parent's CPU)
  enter_phase(child, EnqueueReason::Arrival);
  return true;
}

// The task ends before its spawn phases are done: the slots they would have
// filled (from its current phase on) never will be.
void Core::abandon_rest(const Task& t) {
  const TaskSpec& spec = workload.tasks[t.id];
  for (std::uint32_t i = t.phase; i < spec.phase_count; ++i) {
    const Phase& p = workload.phases[spec.first_phase + i];
    if (p.kind != PhaseKind::Spawn) continue;
    const SpawnSpec& s = workload.spawns[p.spawn];
    for (std::uint32_t k = i == t.phase ? t.spawned : 0; k < s.count; ++k) abandon_slot(s.first_child + k);
  }
}

void Core::abandon_slot(TaskId slot) {
  Task& t = tasks[slot];
  t.phase = 0;
  t.spawned = 0;
  abandon_rest(t);
  if (workload.tasks[slot].role == TaskRole::Fiber) runtimes.fiber_abandoned(slot);
}

// The task waits for its I/O by busy-polling: the request starts now and the
// task wants the CPU until it completes.
void Core::start_spin(Task& t, CpuId c, const Phase& p) {
  set_work_kind(t, c, SliceKind::Spin);
  t.io_pending = true;
  t.burst = p.duration;  // what SJF's and SRTF's oracle sees (Task::burst_left)
  t.work_left = 1;       // never done by running: spin_done ends it
  devices.request(*this, t.id, p.device, p.duration);
}

// A spinning task's I/O completed: it stops spinning as soon as it is on a CPU.
void Core::spin_done(Task& t) {
  t.io_pending = false;
  if (t.cpu == kNoCpu) return;
  Cpu& cpu = cpus[t.cpu];
  if (cpu.mode == CpuMode::Running && cpu.current == t.id && cpu.stopped != t.id) {
    sync(t, t.cpu);
    push_cpu_end(t.cpu, now);
  }
}
void Core::block(Task& t, const Phase& p, CpuId c) {
  if (p.kind == PhaseKind::Io) {
    set_state(t, TaskState::Blocked, p.device);
    decision(DecisionKind::Block, c, t.id, kNoTask, p.device);
    devices.request(*this, t.id, p.device, p.duration);
  } else {
    set_state(t, TaskState::Sleeping);
    decision(DecisionKind::Block, c, t.id, kNoTask, -1);
    push_wake(now + p.duration, EventKind::SleepDone, t.id, 0);
  }
}

// ---- run queues, wakeups and preemption ---------------------------------

// I/O (source = device + 1) or a timer (source = 0) finished for task t, and
// its interrupt handler, if any, is done: it goes on with its program.
void Core::finish_wake(TaskId id, std::uint32_t source) {
  Task& t = tasks[id];
  if (t.io_pending) return spin_done(t);  // it never slept
  decision(DecisionKind::Wake, kNoCpu, id, kNoTask, source);
  if (runtimes.active() && workload.tasks[id].role != TaskRole::Task) {
    if (runtimes.is_fiber(id)) return runtimes.fiber_wake(id, source);
    return enter_phase(id, EnqueueReason::Wakeup);  // a carrier back from the kernel
  }
  const Phase& p = phase_of(t);
  if (p.kind == PhaseKind::Io && p.wait == IoWait::Poll && poll_cost(p) > 0) {
    // Back from the poller: it pays for the wakeup before going on.
    t.work_kind = SliceKind::Poll;
    t.burst = poll_cost(p);
    t.work_left = t.burst * kSpeedUnit;
    return make_ready(t, EnqueueReason::Wakeup);
  }
  ++t.phase;
  enter_phase(id, EnqueueReason::Wakeup);
}

inline void Core::make_ready(Task& t, EnqueueReason why) {
  set_state(t, TaskState::Ready);
  t.ready_since = now;
  const std::size_t from = t.queue;
  const std::size_t q = topology->select_queue(t, why, *this);
  const bool migrating = why != EnqueueReason::Arrival && from != q;
  if (migrating) queues[from]->migrate_task_rq(t.id);
  t.queue = static_cast<std::uint32_t>(q);
  enqueue(q, t.id, why);
  if (slices_follow_load && (migrating || why == EnqueueReason::Arrival || why == EnqueueReason::Wakeup)) {
    refresh_slices(q);
    if (migrating) refresh_slices(from);
  }
  if (why == EnqueueReason::Arrival || why == EnqueueReason::Wakeup) return find_cpu_for(t, q);
  // A requeued task the topology placed elsewhere (an up-migration): the
  // CPU it left decides for its own queue, an idle one must look at this.
  if (t.last_cpu == kNoCpu || queue_of(t.last_cpu) != q) notify_idle(q);
}

void Core::resume_ready(TaskId id) { make_ready(tasks[id], EnqueueReason::Wakeup); }

// A task just became ready in queue q: wake an idle CPU for it, or preempt.
void Core::find_cpu_for(const Task& t, std::size_t q) {
  const CpuId last = t.last_cpu;
  if (last != kNoCpu && queue_of(last) == q && free_idle(last) && allowed(t.id, last))
    return mark_resched(last);
  if (idle_count[q] > 0) {
    const CpuId idle = first_idle(q, [&](CpuId c) { return free_idle(c) && allowed(t.id, c); });
    if (idle != kNoCpu) return mark_resched(idle);
  }
  preempt_for(t, q);
}

// No idle CPU of queue q takes the task: ask the policy whether it preempts
// one of the queue's busy CPUs.
void Core::preempt_for(const Task& t, std::size_t q) {
  Policy& policy = *queues[q];
  if (!policy.wakeup_preemption()) return;
  const bool ask_running = policy.may_preempt_running(t.id);
  const CpuId victim = preempt_rank_field ? ranked_victim(t, q, ask_running) : asked_victim(t, q, ask_running);
  if (victim != kNoCpu) {
    cpus[victim].preempt_by = t.id;
    mark_resched(victim);
  }
}

// A busy CPU of queue q that `t` may take: its task is not already being
// replaced or requeued and may be preempted (ask_running, for a task between
// on_running and on_stopping).
inline bool Core::preemptible(const Task& t, CpuId c, bool ask_running) const {
  const Cpu& cpu = cpus[c];
  if (cpu.need_resched || cpu.current == kNoTask || cpu.stopped != kNoTask) return false;
  return (!cpu.started || ask_running) && allowed(t.id, c);
}

// The victim by the policy's should_preempt: the least urgent of the tasks t
// preempts (one its rivals would preempt), or kNoCpu.
inline CpuId Core::asked_victim(const Task& t, std::size_t q, bool ask_running) {
  Policy& policy = *queues[q];
  CpuId victim = kNoCpu;
  for (CpuId c : queue_cpus[q]) {
    if (!preemptible(t, c, ask_running)) continue;
    const Cpu& cpu = cpus[c];
    if (cpu.mode == CpuMode::Running) sync(tasks[cpu.current], c);
    if (!policy.should_preempt(cpu.current, t.id)) continue;
    if (victim == kNoCpu || policy.should_preempt(cpu.current, cpus[victim].current)) victim = c;
  }
  return victim;
}

// The same choice by numbers (Policy::preempt_rank_field): the CPU whose
// task ranks last, if it ranks after t (the first such CPU on a tie). No
// call to the policy, so the loop is a scan of the CPUs' tasks' ranks.
inline CpuId Core::ranked_victim(const Task& t, std::size_t q, bool ask_running) const {
  const Policy::RankField field = preempt_rank_field;
  CpuId victim = kNoCpu;
  std::int64_t victim_rank = t.*field;
  for (CpuId c : queue_cpus[q]) {
    if (!preemptible(t, c, ask_running)) continue;
    const std::int64_t rank = tasks[cpus[c].current].*field;
    if (victim_rank < rank) {
      victim = c;
      victim_rank = rank;
    }
  }
  return victim;
}

// ---- running tasks ------------------------------------------------------

inline Time Core::tick_round(Time t) const {
  const Time tick = workload.machine.tick;
  if (tick <= 0 || t == kNever) return t;
  return (t + tick - 1) / tick * tick;
}

// The dispatched task starts executing. `continuing`: it already held this
// CPU a moment ago and its Run slice stays open.
inline void Core::start_running(CpuId c, bool continuing) {
  Cpu& cpu = cpus[c];
  Task& t = tasks[cpu.current];
  set_mode(c, CpuMode::Running);
  set_state(t, TaskState::Running);
  t.run_since = now;
  t.ran = 0;
  t.last_cpu = c;
  if (!continuing) cpu.seg_start = now;
  Policy& policy = *queues[queue_of(c)];
  policy.on_running(t.id, c);
  cpu.started = true;
  const Time slice = policy.time_slice(t.id, c);
  cpu.slice_end = slice == kNever ? kNever : tick_round(now + slice);
  schedule_run_end(c);
}

// Take the running task off the CPU (its Run slice stays open until the
// next decision on this CPU, unless it blocked or exited).
void Core::stop_running(CpuId c, StopReason why) {
  Cpu& cpu = cpus[c];
  Task& t = tasks[cpu.current];
  queues[queue_of(c)]->on_stopping(t.id, t.ran, why);
  cpu.started = false;
  t.cpu = kNoCpu;
  t.last_cpu = c;
  set_current(c, kNoTask);
  set_mode(c, CpuMode::Idle);
  cpu.gen++;
  mark_resched(c);
  if (slices_follow_load && (why == StopReason::Blocked || why == StopReason::Exited))
    refresh_slices(queue_of(c));
}

// Leave the task's slice open and requeue it; the next decision closes it.
void Core::requeue_stopped(CpuId c, Task& t, StopReason why, EnqueueReason eq,
                                  SliceEnd reason, std::uint32_t aux) {
  stop_running(c, why);
  cpus[c].stopped = t.id;
  cpus[c].stop_reason = reason;
  cpus[c].stop_aux = aux;
  make_ready(t, eq);
}

// A Run slice reached its planned end: the burst finished or the quantum expired.
inline void Core::run_end(CpuId c) {
  Cpu& cpu = cpus[c];
  Task& t = tasks[cpu.current];
  sync(t, c);
  if (t.work_left > 0 && locks.must_drop(t.id)) return locks.drop(*this, t, c);
  if (runtimes.active() && runtimes.is_carrier(t.id) && (t.work_left == 0 || runtimes.step_cut(t.id)))
    return runtimes.carrier_step(c, t);
  if (t.work_kind != SliceKind::Run) return overhead_end(c, t);
  if (t.work_left > 0) {
    return requeue_stopped(c, t, StopReason::Expired, EnqueueReason::Expired, SliceEnd::Expired);
  }
  go_on(c, t, false);
}

// The running task spent its slice on overhead (spawning, spinning, polling):
// the quantum expired, or the overhead is over and the phase goes on.
void Core::overhead_end(CpuId c, Task& t) {
  const bool over = t.work_kind == SliceKind::Spin ? !t.io_pending : t.work_left == 0;
  if (!over) return requeue_stopped(c, t, StopReason::Expired, EnqueueReason::Expired, SliceEnd::Expired);
  if (t.work_kind == SliceKind::Spawn) {
    if (spawn_child(t, c, workload.spawns[phase_of(t).spawn])) {
      switch (spawn_step(t, c)) {
        case Progress::Work: return keep_running(c, t, false);
        case Progress::Ended: break;
        case Progress::Done: return go_on(c, t, false);
      }
    }
    return give_up(c, t);
  }
  set_work_kind(t, c, SliceKind::Run);  // the spin or the poller's wakeup is over
  go_on(c, t, false);
}

// A refused spawn ends the running task ("on_refused": "exit").
void Core::give_up(CpuId c, Task& t) {
  slice(c, cpus[c].seg_start, now, SliceKind::Run, t.id, SliceEnd::Exited);
  stop_running(c, StopReason::Exited);
  exit_task(t, c, true);
}

// The task's burst changed on its CPU: it runs on until its quantum ends
// (after a yield it queues again at once).
void Core::keep_running(CpuId c, Task& t, bool yielded) {
  if (yielded) return requeue_stopped(c, t, StopReason::Yielded, EnqueueReason::Yielded, SliceEnd::Yielded);
  if (now < cpus[c].slice_end) return schedule_run_end(c);
  requeue_stopped(c, t, StopReason::Expired, EnqueueReason::Expired, SliceEnd::Expired);
}

// The running task's CPU burst is done: go through the following phases.
// After a yield the task queues again for its next CPU work (or blocks, or exits).
void Core::go_on(CpuId c, Task& t, bool yielded) {
  Cpu& cpu = cpus[c];
  for (;;) {
    ++t.phase;
    if (at_end(t)) return program_done(c, t);
    const Phase& p = phase_of(t);
    switch (p.kind) {
      case PhaseKind::Cpu:
        start_burst(t, p);
        return keep_running(c, t, yielded);
      case PhaseKind::Io:
        if (p.wait == IoWait::Spin) {
          start_spin(t, c, p);
          return keep_running(c, t, yielded);
        }
        [[fallthrough]];
      case PhaseKind::Sleep:
        slice(c, cpu.seg_start, now, SliceKind::Run, t.id,
              p.kind == PhaseKind::Io ? SliceEnd::Blocked : SliceEnd::Slept, p.device);
        stop_running(c, StopReason::Blocked);
        return block(t, p, c);
      case PhaseKind::Spawn:
        switch (spawn_step(t, c)) {
          case Progress::Work: return keep_running(c, t, yielded);
          case Progress::Ended: return give_up(c, t);
          case Progress::Done: break;
        }
        break;
      case PhaseKind::Yield:
        if (!yielded) decision(DecisionKind::Yield, c, t.id);
        yielded = true;
        break;
      case PhaseKind::Lock:
        if (!locks.acquire(*this, t, p.lock, c)) return;
        break;
      case PhaseKind::Unlock:
        locks.release(*this, t, p.lock, c);
        break;
      case PhaseKind::Syscall:
      case PhaseKind::Send:
      case PhaseKind::Recv:
        break;  // fiber phases: the parser keeps them out of kernel tasks
    }
  }
}

// The running task reached the end of its program: it exits, or (periodic)
// its job is done and the next one starts now or at its release.
inline void Core::program_done(CpuId c, Task& t) {
  Cpu& cpu = cpus[c];
  const bool more = PeriodicJobs::has_next_job(workload.tasks[t.id], t);
  slice(c, cpu.seg_start, now, SliceKind::Run, t.id, more ? SliceEnd::JobDone : SliceEnd::Exited);
  stop_running(c, more ? StopReason::Blocked : StopReason::Exited);
  if (!jobs.next_job(*this, t)) return exit_task(t, c);
  if (t.state != TaskState::Sleeping) enter_phase(t.id, EnqueueReason::Wakeup);
}

// ---- load balancing (per-CPU topologies) ----------------------------------

// LoadView, for the topology.
TaskId Core::last_allowed(std::size_t q, CpuId c) const { return queues[q]->last_allowed(c); }
void Core::for_each_queued(std::size_t q, const std::function<void(TaskId)>& visit) const {
  queues[q]->for_each_queued(visit);
}
void Core::visit_from_back(std::size_t q, const std::function<bool(TaskId)>& visit) const {
  queues[q]->visit_from_back(visit);
}
TaskId Core::current(CpuId c) const { return cpus[c].current; }
bool Core::allowed(TaskId t, CpuId c) const { return ctx.allowed(t, c); }
const Task& Core::task(TaskId t) const { return tasks[t]; }

// `stolen`: pulled by an idle CPU rather than moved by the balancer.
inline void Core::move(TaskId id, std::size_t to, bool stolen) {
  Task& t = tasks[id];
  const std::size_t from = t.queue;
  if (from == to) return;
  dequeue(from, id);
  queues[from]->migrate_task_rq(id);
  t.queue = static_cast<std::uint32_t>(to);
  enqueue(to, id, EnqueueReason::Migrated);
  if (slices_follow_load) {
    refresh_slices(to);
    refresh_slices(from);
  }
  decision(stolen ? DecisionKind::Steal : DecisionKind::Move, kNoCpu, id, kNoTask,
           static_cast<std::int64_t>(from), static_cast<std::int64_t>(to));
}

inline void Core::balance() {
  std::vector<Move> moves;
  topology->balance(*this, moves);
  for (const Move& m : moves) {
    const Task& t = tasks[m.task];
    if (t.state != TaskState::Ready || t.cpu != kNoCpu) continue;  // no longer queued
    move(m.task, m.to_queue);
    notify_idle(m.to_queue);
  }
}

inline void Core::cpu_end(CpuId c) {
  Cpu& cpu = cpus[c];
  if (c == amp.master() && cpu.mode == CpuMode::Dispatching) return amp.decision_done(*this);
  if (cpu.mode == CpuMode::Dispatching) {
    emit_dispatch_slices(c);
    if (irqs.pending(c)) return irqs.begin(*this, c);
    return finish_dispatch(c);
  }
  if (cpu.mode == CpuMode::Running) run_end(c);
}

// ---- decisions ----------------------------------------------------------

// The pending CPU that decides next: CPUs that are free decide first (by
// index), then preemptions (by index); kNoCpu if none is pending or only
// CPUs busy with dispatch or interrupts are.
inline CpuId Core::next_pending() const {
  for (std::size_t w = 0; w < pending.size(); ++w)
    if (const std::uint64_t free = pending[w] & idle_cpus[w])
      return static_cast<CpuId>(w * 64 + static_cast<std::size_t>(std::countr_zero(free)));
  for (std::size_t w = 0; w < pending.size(); ++w)
    for (std::uint64_t busy = pending[w] & ~idle_cpus[w]; busy != 0; busy &= busy - 1) {
      const auto c = static_cast<CpuId>(w * 64 + static_cast<std::size_t>(std::countr_zero(busy)));
      if (cpus[c].mode == CpuMode::Running) return c;
    }
  return kNoCpu;
}

inline void Core::flush() {
  for (CpuId c; (c = next_pending()) != kNoCpu;) {
    pending[c / 64] &= ~bit_of(c);
    if (cpus[c].mode == CpuMode::Idle) decide(c);
    else preempt(c);
  }
  // CPUs busy with dispatch or interrupts decide when done. (Words are
  // cleared one by one: most are 0 by now, and a memset call costs more.)
  for (std::uint64_t& word : pending)
    if (word != 0) word = 0;
  if (options.check_invariants) check_queues();
}

inline void Core::preempt(CpuId c) {
  Cpu& cpu = cpus[c];
  const TaskId by = cpu.preempt_by;
  cpu.preempt_by = kNoTask;
  cpu.need_resched = false;
  // The preemptor may have been taken by another CPU meanwhile.
  if (by == kNoTask || tasks[by].state != TaskState::Ready || tasks[by].cpu != kNoCpu) return;
  Task& t = tasks[cpu.current];
  sync(t, c);
  decision(DecisionKind::Preempt, c, t.id, by);
  requeue_stopped(c, t, StopReason::Preempted, EnqueueReason::Preempted, SliceEnd::Preempted, by);
  decide(c);
}

inline void Core::decide(CpuId c) {
  if (amp.master() != kNoCpu) return amp.decide(*this, c);
  Cpu& cpu = cpus[c];
  cpu.need_resched = false;
  cpu.preempt_by = kNoTask;
  const std::size_t q = queue_of(c);
  Policy& policy = *queues[q];
  std::size_t queued = queued_count[q];
  TaskId next = queued ? policy.pick_next(c) : kNoTask;
  const TaskId stopped = cpu.stopped;
  if (next == kNoTask && stopped == kNoTask && total_queued_count > queued) {
    // Idle stealing: pull work from another queue rather than idle.
    const TaskId pulled = topology->steal(c, *this);
    if (pulled != kNoTask) {
      move(pulled, q, /*stolen=*/true);
      queued = queued_count[q];
      next = policy.pick_next(c);
    }
  }

  if (stopped != kNoTask) {
    const bool same = next == stopped;
    if (same)
      decision(DecisionKind::Continue, c, stopped, kNoTask, tasks[stopped].ran);
    else if (cpu.stop_reason == SliceEnd::Expired)
      decision(DecisionKind::Expire, c, stopped, kNoTask, tasks[stopped].ran);
    if (same && dispatch_cost(c, next, queued) == 0) {
      // Nothing else may run here and nothing is charged: keep going.
      cpu.stopped = kNoTask;
      dequeue(q, next);
      tasks[next].cpu = c;
      set_current(c, next);
      start_running(c, /*continuing=*/true);
      return;
    }
    close_stopped(c, same ? SliceEnd::Continued : cpu.stop_reason);
  }
  if (next == kNoTask) {
    if (!cpu.logged_idle) decision(DecisionKind::Idle, c, kNoTask);
    cpu.logged_idle = true;
    return;
  }
  cpu.logged_idle = false;
  dequeue(q, next);
  dispatch(c, next, queued);
  notify_idle(q);
}

inline Time Core::dispatch_cost(CpuId c, TaskId next, std::size_t queued) const {
  return sched_cost(queued) + switch_cost(c, next) + migration_cost(c, next);
}
inline std::int64_t Core::switch_kind(CpuId c, TaskId next) const {
  const TaskId prev = cpus[c].prev;
  if (prev == kNoTask || prev == next) return 0;
  return cpus[c].prev_process == process_of[next] ? kThreadSwitch : kProcessSwitch;
}
inline Time Core::switch_cost(CpuId c, TaskId next) const { return switch_cost_of(switch_kind(c, next)); }
inline Time Core::switch_cost_of(std::int64_t kind) const {
  const Costs& k = workload.machine.costs;
  return kind == kThreadSwitch ? k.thread_switch : kind == kProcessSwitch ? k.process_switch : 0;
}
inline bool Core::migrates(CpuId c, TaskId next) const {
  return tasks[next].last_cpu != kNoCpu && tasks[next].last_cpu != c;
}
inline Time Core::migration_cost(CpuId c, TaskId next) const {
  return migrates(c, next) ? workload.machine.costs.migration : 0;
}

// `remote`: decided by the AMP master, which paid the decision; the slave
// waits for the IPI instead.
void Core::dispatch(CpuId c, TaskId next, std::size_t queued, bool remote) {
  Cpu& cpu = cpus[c];
  const std::int64_t kind = switch_kind(c, next);
  const bool migrated = migrates(c, next);
  decision(DecisionKind::Dispatch, c, next, kNoTask, static_cast<std::int64_t>(queued),
           kind | (migrated ? std::int64_t{kMigrated} : 0));
  const Costs& k = workload.machine.costs;
  cpu.cost_ipi = remote ? k.ipi : 0;
  cpu.cost_sched = remote ? 0 : sched_cost(queued);
  cpu.cost_switch = switch_cost_of(kind);
  cpu.cost_migration = migrated ? k.migration : 0;
  cpu.dispatch_start = now;
  cpu.prev = next;
  cpu.prev_process = process_of[next];
  set_current(c, next);
  tasks[next].cpu = c;
  const Time total = cpu.cost_ipi + cpu.cost_sched + cpu.cost_switch + cpu.cost_migration;
  if (total == 0) return start_running(c, false);
  set_mode(c, CpuMode::Dispatching);
  push_cpu_end(c, now + total);
}

inline void Core::emit_dispatch_slices(CpuId c) {
  const Cpu& cpu = cpus[c];
  Time at = cpu.dispatch_start;
  slice(c, at, at + cpu.cost_ipi, SliceKind::Interrupt, cpu.current);
  at += cpu.cost_ipi;
  slice(c, at, at + cpu.cost_sched, SliceKind::Scheduler, cpu.current);
  at += cpu.cost_sched;
  slice(c, at, at + cpu.cost_switch, SliceKind::Switch, cpu.current);
  at += cpu.cost_switch;
  slice(c, at, at + cpu.cost_migration, SliceKind::Migration, cpu.current);
}

// Dispatch costs are paid: run the task, unless a more urgent one woke meanwhile.
void Core::finish_dispatch(CpuId c) {
  Cpu& cpu = cpus[c];
  const TaskId by = cpu.preempt_by;
  if (by != kNoTask && tasks[by].state == TaskState::Ready && tasks[by].cpu == kNoCpu) {
    Task& t = tasks[cpu.current];
    decision(DecisionKind::Preempt, c, t.id, by);
    t.cpu = kNoCpu;
    t.last_cpu = c;  // its context is loaded here now
    set_current(c, kNoTask);
    set_mode(c, CpuMode::Idle);
    make_ready(t, EnqueueReason::Preempted);
    return mark_resched(c);
  }
  cpu.preempt_by = kNoTask;
  cpu.need_resched = false;
  start_running(c, false);
}

// ---- policy timers and checks ------------------------------------------

// A policy timer of queue q fired (e.g. MLFQ's boost) and may have changed
// how its tasks rank: preemptions asked for earlier at this instant are
// asked again, and each running task's slice is asked again from now (a
// boost gives it a fresh quantum, or 0: its slice ends at once).
inline void Core::after_timer(std::size_t q) {
  Policy& policy = *queues[q];
  for (CpuId c : queue_cpus[q]) {
    Cpu& cpu = cpus[c];
    if (cpu.current == kNoTask) continue;
    if (cpu.preempt_by != kNoTask && !policy.should_preempt(cpu.current, cpu.preempt_by))
      cpu.preempt_by = kNoTask;
    refresh_slice(c);
  }
}

// The load of queue q changed and its policy's slices follow the load
// (Policy::slice_follows_load): every task running from it gets its slice
// again.
inline void Core::refresh_slices(std::size_t q) {
  for (CpuId c : queue_cpus[q]) refresh_slice(c);
}

// Ask again for the slice of the task running on c (if one is), from now.
inline void Core::refresh_slice(CpuId c) {
  Cpu& cpu = cpus[c];
  if (!cpu.started) return;
  const Time slice = queues[queue_of(c)]->time_slice(cpu.current, c);
  if (cpu.mode == CpuMode::Interrupt) return irqs.reslice(c, slice);
  if (cpu.mode != CpuMode::Running) return;
  const Time end = slice == kNever ? kNever : tick_round(now + slice);
  if (end == cpu.slice_end) return;
  sync(tasks[cpu.current], c);
  const Time finish = burst_end(c);
  const bool same_event = std::min(end, finish) == std::min(cpu.slice_end, finish);
  cpu.slice_end = end;
  if (!same_event) schedule_run_end(c);
}

inline void Core::read_timers() {
  if (runtimes.active()) {
    const Time at = runtimes.next_timer();
    if (at != runtime_timer_at) {
      runtime_timer_at = at;
      ++runtime_timer_gen;
      if (at != kNever) push(std::max(at, now), EventKind::RuntimeTimer, 0, 0, runtime_timer_gen);
    }
  }
  for (std::size_t q : timers_to_read) {
    const Time at = queues[q]->next_timer();
    if (at == timer_at[q]) continue;
    timer_at[q] = at;
    ++timer_gen[q];
    if (at != kNever) push(std::max(at, now), EventKind::PolicyTimer, q, static_cast<std::uint32_t>(q), timer_gen[q]);
  }
  timers_to_read.clear();
}

// No task is lost: what the policies hold is exactly the ready tasks that
// are not on a CPU.
inline void Core::check_queues() const {
  std::size_t queued = 0;
  for (std::size_t q = 0; q < queues.size(); ++q) {
    if (queued_count[q] != queues[q]->queued())
      throw InvariantViolation("at " + format_duration(now) + ": queue " + std::to_string(q) + " holds " +
                               std::to_string(queues[q]->queued()) + " tasks but the engine counted " +
                               std::to_string(queued_count[q]));
    queued += queued_count[q];
    std::size_t busy = 0, idle = 0;
    for (std::size_t i = 0; i < queue_cpus[q].size(); ++i) {
      const CpuId c = queue_cpus[q][i];
      busy += cpus[c].current != kNoTask;
      idle += cpus[c].mode == CpuMode::Idle;
      if ((idle_bits[q][i / 64] >> (i % 64) & 1) != (cpus[c].mode == CpuMode::Idle))
        throw InvariantViolation("at " + format_duration(now) + ": CPU " + std::to_string(c) +
                                 " is marked " + (cpus[c].mode == CpuMode::Idle ? "busy" : "idle") +
                                 " in its queue's idle CPUs");
    }
    if (idle != idle_count[q])
      throw InvariantViolation("at " + format_duration(now) + ": queue " + std::to_string(q) + " has " +
                               std::to_string(idle) + " idle CPUs but the engine counted " +
                               std::to_string(idle_count[q]));
    if (busy != busy_count[q])
      throw InvariantViolation("at " + format_duration(now) + ": queue " + std::to_string(q) + " has " +
                               std::to_string(busy) + " busy CPUs but the engine counted " +
                               std::to_string(busy_count[q]));
    if (load_count[q] != queued_count[q] + busy_count[q])
      throw InvariantViolation("at " + format_duration(now) + ": queue " + std::to_string(q) + " has load " +
                               std::to_string(load_count[q]) + ", not queued + busy = " +
                               std::to_string(queued_count[q] + busy_count[q]));
  }
  std::size_t ready = 0;
  for (const Task& t : tasks)
    if (t.state == TaskState::Ready && t.cpu == kNoCpu && !in_interrupt(t.id) &&
        workload.tasks[t.id].role != TaskRole::Fiber)  // fibers wait in their runtime, not a run queue
      ++ready;
  if (queued != ready)
    throw InvariantViolation("at " + format_duration(now) + ": policies hold " +
                             std::to_string(queued) + " tasks but " + std::to_string(ready) +
                             " are ready and not on a CPU");
}
inline bool Core::in_interrupt(TaskId id) const {
  // A task interrupted mid-run is Ready but still owns its CPU.
  for (const Cpu& cpu : cpus)
    if (cpu.mode == CpuMode::Interrupt && cpu.current == id) return true;
  return false;
}

// Only timers are pending and tasks remain: unless a CPU is still busy, no
// event will ever run them. A policy or topology lost them (sched_ext's
// rule); report it rather than spin on timers forever.
inline void Core::report_stall() const {
  for (const Cpu& cpu : cpus)
    if (cpu.mode != CpuMode::Idle || cpu.awaiting_master) return;
  if (runtimes.active()) runtimes.check_stall();
  std::string lost;
  for (const Task& t : tasks)
    if (t.state != TaskState::Done) {
      if (!lost.empty()) lost += ", ";
      lost += workload.tasks[t.id].name;
      if (lost.size() > 200) break;
    }
  throw InvariantViolation("at " + format_duration(now) + " every CPU is idle and nothing is pending, "
                           "but these tasks never finished: " + lost);
}

// ---- the run ------------------------------------------------------------

inline void Core::finish(Time end) {
  if (finished) return;
  now = end;
  // Close whatever is still open at the horizon.
  for (CpuId c = 0; c < cpus.size(); ++c) {
    Cpu& cpu = cpus[c];
    if (cpu.stopped != kNoTask) close_stopped(c, cpu.stop_reason);
    switch (cpu.mode) {
      case CpuMode::Running:
        sync(tasks[cpu.current], c);
        slice(c, cpu.seg_start, end, SliceKind::Run, cpu.current, SliceEnd::Horizon);
        break;
      case CpuMode::Dispatching: {
        Time at = cpu.dispatch_start;
        const Time parts[] = {cpu.cost_ipi, cpu.cost_sched, cpu.cost_switch, cpu.cost_migration};
        const SliceKind kinds[] = {SliceKind::Interrupt, SliceKind::Scheduler, SliceKind::Switch,
                                   SliceKind::Migration};
        for (int i = 0; i < 4; ++i) {
          slice(c, at, std::min(at + parts[i], end), kinds[i], cpu.current);
          at += parts[i];
        }
        break;
      }
      case CpuMode::Interrupt:
        irqs.close_at(*this, c, end);
        break;
      case CpuMode::Idle:
        break;
    }
  }
  jobs.report_unfinished(*this, end);
  if (runtimes.active()) runtimes.finish();
  for (Observer* o : observers) o->on_finish(end, handled);
  finished = true;
}

inline bool Core::step() {
  if (finished) return false;
  if (done == tasks.size()) {
    finish(now);
    return false;
  }
  if (!has_event()) throw std::logic_error("no pending event but tasks remain");
  const bool release = release_next();
  const Time at = release ? jobs.next_release().at : events.top().time;
  if (at > options.until) {
    finish(options.until);
    return false;
  }
  now = at;
  ctx.set_now(now);
  if (release) {
    // Straight to PeriodicJobs (which takes the release off its heap),
    // without building an Event or going through handle().
    jobs.release(*this, jobs.next_release().task);
    ++handled;
  } else {
    const Event e = events.top();
    events.pop();
    if (!is_timer(e.kind)) --work_events;
    if (handle(e)) ++handled;
  }
  if (!has_event() || next_time() != now) {
    flush();
    update_timers();
    if (done == tasks.size()) finish(now);
    else if (work_events == 0 && !jobs.has_release()) report_stall();
  }
  return !finished;
}

}  // namespace engine

struct Engine::Impl {
  Impl(const Workload& w, EngineOptions o) : core(w, o) {}
  engine::Core core;
};

Engine::Engine(const Workload& workload, EngineOptions options)
    : impl_(std::make_unique<Impl>(workload, options)) {
  impl_->core.init();
}
Engine::~Engine() = default;

void Engine::add_observer(Observer* observer) {
  impl_->core.observers.push_back(observer);
  impl_->core.wanted_decisions |= observer->decision_kinds();
}
bool Engine::step() { return impl_->core.step(); }
void Engine::run_until(Time t) {
  engine::Core& core = impl_->core;
  while (!core.finished && core.has_event() && core.next_time() <= t && core.step()) {
  }
}
void Engine::run() {
  while (impl_->core.step()) {
  }
}
bool Engine::finished() const { return impl_->core.finished; }
Time Engine::now() const { return impl_->core.now; }
std::uint64_t Engine::events() const { return impl_->core.handled; }
const Workload& Engine::workload() const { return impl_->core.workload; }
const std::vector<Task>& Engine::tasks() const { return impl_->core.tasks; }

std::vector<std::vector<TaskId>> Engine::run_queues() const {
  std::vector<std::vector<TaskId>> out(impl_->core.queues.size());
  for (std::size_t q = 0; q < impl_->core.queues.size(); ++q)
    impl_->core.queues[q]->for_each_queued([&](TaskId t) { out[q].push_back(t); });
  return out;
}
std::string Engine::policy_state(TaskId task) const {
  const auto& core = impl_->core;
  if (task >= core.tasks.size()) return {};
  const std::uint32_t q = core.tasks[task].queue;
  return q < core.queues.size() ? core.queues[q]->describe(task) : std::string();
}
std::vector<RuntimeQueues> Engine::runtime_queues() const { return impl_->core.runtimes.queues(); }
std::vector<TaskId> Engine::cpu_current() const {
  std::vector<TaskId> out;
  for (const engine::Cpu& cpu : impl_->core.cpus) out.push_back(cpu.current);
  return out;
}

}  // namespace timeslice
