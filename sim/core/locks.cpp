// Mutexes and the priority protocols; the contract is in locks.h.
#include "sim/core/locks.h"

#include <algorithm>
#include <string>

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

// Effective priorities start at each task's own; ceilings are the most
// urgent own priority of the tasks whose programs take each lock.
// The per-task lock tables are only made when the workload has locks.
void Locks::init(Core& e) {
  const Policy& policy = *e.queues[0];
  for (Task& t : e.tasks) t.effective_priority = policy.base_priority(t.id);
  if (e.workload.locks.empty()) return;
  locks_.resize(e.workload.locks.size());
  for (std::size_t l = 0; l < locks_.size(); ++l) locks_[l].switch_interval = e.workload.locks[l].switch_interval;
  held_.resize(e.tasks.size());
  waiting_for_.assign(e.tasks.size(), kNoLock);
  for (Task& t : e.tasks) {
    const TaskSpec& spec = e.workload.tasks[t.id];
    for (std::uint32_t i = 0; i < spec.phase_count; ++i) {
      const Phase& p = e.workload.phases[spec.first_phase + i];
      if (p.kind == PhaseKind::Lock)
        locks_[p.lock].ceiling = std::min(locks_[p.lock].ceiling, t.effective_priority);
    }
  }
}

bool Locks::acquire(Core& e, Task& t, std::uint32_t l, CpuId c) {
  Lock& lock = locks_[l];
  if (lock.holder == kNoTask) {
    e.decision(DecisionKind::LockAcquire, c, t.id, kNoTask, l, -1);
    take(e, t, l);
    return true;
  }
  if (c != kNoCpu) {
    e.slice(c, e.cpus[c].seg_start, e.now, SliceKind::Run, t.id, SliceEnd::LockWait, l);
    e.stop_running(c, StopReason::Blocked);
  }
  e.decision(DecisionKind::LockWait, c, t.id, lock.holder, l);
  e.set_state(t, TaskState::Blocked, kLockAux + l);
  check_deadlock(e, t.id, l);
  lock.waiters.push_back({t.id, e.now, false});
  waiting_for_[t.id] = l;
  if (lock.waiters.size() == 1) arm_timer(e, l);
  // Inheritance: the holder (and whoever it waits for) may now run more urgently.
  refresh_priority(e, lock.holder);
  return false;
}

void Locks::take(Core& e, Task& t, std::uint32_t l) {
  locks_[l].holder = t.id;
  locks_[l].held_since = e.now;
  held_[t.id].push_back(l);
  refresh_priority(e, t.id);
}

void Locks::release(Core& e, Task& t, std::uint32_t l, CpuId c) {
  const Waiter heir = pass_on(e, t, l, c, next_waiter(e, locks_[l]));
  arm_timer(e, l);
  if (heir.task != kNoTask) go_on(e, heir);
  // Last, so that a releaser dropping back to its own priority is preempted
  // by the most urgent ready task, the heir included.
  refresh_priority(e, t.id);
}

// The waiter a released lock goes to: the first (FIFO) or the most urgent
// (scheduler.lock_wakeup); an index into lock.waiters, or its size if none.
std::size_t Locks::next_waiter(const Core& e, const Lock& lock) const {
  std::size_t next = 0;
  if (e.workload.scheduler.lock_wakeup == LockWakeup::Priority)
    for (std::size_t i = 1; i < lock.waiters.size(); ++i)
      if (e.tasks[lock.waiters[i].task].effective_priority < e.tasks[lock.waiters[next].task].effective_priority)
        next = i;
  return lock.waiters.empty() ? 0 : next;
}

// Task t lets go of lock l, which goes to waiter `heir` (an index into the
// waiters, or their count: nobody). Returns that waiter (task kNoTask if
// none): it holds the lock now but goes on with its program only in go_on.
Locks::Waiter Locks::pass_on(Core& e, Task& t, std::uint32_t l, CpuId c, std::size_t heir) {
  Lock& lock = locks_[l];
  auto& mine = held_[t.id];
  mine.erase(std::find(mine.begin(), mine.end(), l));
  lock.holder = kNoTask;
  if (lock.drop_asked_at >= 0) {  // a request to drop it is answered
    lock.drop_asked_at = -1;
    --asked_;
  }
  if (heir >= lock.waiters.size()) {
    e.decision(DecisionKind::LockRelease, c, t.id, kNoTask, l);
    return {kNoTask, 0, false};
  }
  const Waiter w = lock.waiters[heir];
  lock.waiters.erase(lock.waiters.begin() + static_cast<std::ptrdiff_t>(heir));
  e.decision(DecisionKind::LockRelease, c, t.id, w.task, l);
  waiting_for_[w.task] = kNoLock;
  e.decision(DecisionKind::LockAcquire, kNoCpu, w.task, kNoTask, l, e.now - w.since);
  take(e, e.tasks[w.task], l);
  return w;
}

// A waiter that got its lock continues its program off-CPU (it becomes
// ready), or, if it had dropped the lock mid-burst, the rest of that burst.
void Locks::go_on(Core& e, const Waiter& w) {
  if (w.resumes) return e.resume_ready(w.task);
  ++e.tasks[w.task].phase;
  e.enter_phase(w.task, EnqueueReason::Wakeup);
}

// ---- the switch interval (CPython's GIL, FORCE_SWITCHING) -----------------

// Lock l has had a waiter, without changing hands, for its switch interval
// (from when its first waiter came or its holder took it, whichever is
// later): arm the timer that asks the holder to drop it. Cancels the pending
// one whatever the state.
void Locks::arm_timer(Core& e, std::uint32_t l) {
  Lock& lock = locks_[l];
  if (lock.switch_interval == 0) return;
  ++lock.timer_gen;
  if (lock.holder == kNoTask || lock.waiters.empty() || lock.drop_asked_at >= 0) return;
  const Time at = std::max(lock.waiters.front().since, lock.held_since) + lock.switch_interval;
  if (at <= kTimeLimit) e.push(std::max(at, e.now), EventKind::LockTimer, l, l, lock.timer_gen);
}

// The longest waiter asks the holder to drop lock l (take_gil's timed-out
// wait setting gil_drop_request). A running holder sees it at once (its
// eval-breaker check: its run ends now and run_end calls drop); one off its
// CPU sees it when it next runs (burst_end is now then).
bool Locks::on_timer(Core& e, std::uint32_t l, std::uint32_t gen) {
  Lock& lock = locks_[l];
  if (gen != lock.timer_gen) return false;
  const Waiter& asker = lock.waiters.front();
  Task& h = e.tasks[lock.holder];
  const bool running = h.cpu != kNoCpu && e.cpus[h.cpu].mode == CpuMode::Running &&
                       e.cpus[h.cpu].current == h.id && e.cpus[h.cpu].stopped != h.id;
  e.decision(DecisionKind::LockDropAsk, running ? h.cpu : kNoCpu, asker.task, h.id, l, e.now - asker.since);
  lock.drop_asked_at = e.now;
  ++asked_;
  if (running) {
    e.sync(h, h.cpu);
    e.push_cpu_end(h.cpu, e.now);
  }
  return true;
}

std::uint32_t Locks::lock_to_drop(TaskId id) const {
  for (std::uint32_t l : held_[id])
    if (locks_[l].drop_asked_at >= 0) return l;
  return kNoLock;
}

// Running task t, asked to drop a lock, has reached its next step (with CPU
// work left): it releases the lock to a waiter chosen before t joins them
// (FORCE_SWITCHING: the dropper does not take it straight back), then waits
// for it at the tail; when it gets it back it resumes its burst.
void Locks::drop(Core& e, Task& t, CpuId c) {
  const std::uint32_t l = lock_to_drop(t.id);
  Lock& lock = locks_[l];
  if (lock.waiters.empty()) {  // nobody to drop it for (a request is only made with a waiter)
    lock.drop_asked_at = -1;
    --asked_;
    return e.schedule_run_end(c);
  }
  const std::size_t heir = next_waiter(e, lock);
  e.decision(DecisionKind::LockDrop, c, t.id, lock.waiters[heir].task, l, lock.drop_asked_at);
  e.slice(c, e.cpus[c].seg_start, e.now, SliceKind::Run, t.id, SliceEnd::LockWait, l);
  e.stop_running(c, StopReason::Blocked);
  e.set_state(t, TaskState::Blocked, kLockAux + l);
  const Waiter w = pass_on(e, t, l, c, heir);
  e.decision(DecisionKind::LockWait, c, t.id, w.task, l, 1);
  lock.waiters.push_back({t.id, e.now, true});
  waiting_for_[t.id] = l;
  refresh_priority(e, t.id);
  refresh_priority(e, w.task);  // inheritance: t now waits for the heir
  arm_timer(e, l);
  go_on(e, w);
}

// The priority task `id` should run at now: its own, raised by the ceilings
// of the locks it holds or by the tasks waiting for them.
void Locks::refresh_priority(Core& e, TaskId id) {
  const LockProtocol protocol = e.workload.scheduler.locks;
  if (protocol == LockProtocol::None) return;
  Task& t = e.tasks[id];
  std::int64_t p = e.queues[0]->base_priority(id);
  for (std::uint32_t l : held_[id]) {
    if (protocol == LockProtocol::Ceiling) p = std::min(p, locks_[l].ceiling);
    else
      for (const Waiter& w : locks_[l].waiters) p = std::min(p, e.tasks[w.task].effective_priority);
  }
  if (p == t.effective_priority) return;
  const bool raised = p < t.effective_priority;
  const bool queued = t.state == TaskState::Ready && t.cpu == kNoCpu;
  Policy& policy = *e.queues[t.queue];
  const bool reorder = queued && policy.uses_priority();
  if (reorder) e.dequeue(t.queue, id);
  t.effective_priority = p;
  e.decision(DecisionKind::Priority, t.cpu, id, kNoTask, p, e.queues[0]->base_priority(id));
  if (reorder) {
    e.enqueue(t.queue, id, EnqueueReason::Migrated);
    if (raised) e.find_cpu_for(t, t.queue);
  } else if (!raised && t.state == TaskState::Running && t.cpu != kNoCpu) {
    recheck_preemption(e, t.cpu);
  }
  // Inheritance is transitive: pass it on along the chain of holders.
  if (protocol == LockProtocol::Inheritance && waiting_for_[id] != kNoLock)
    refresh_priority(e, locks_[waiting_for_[id]].holder);
}

// The task running on c became less urgent: a queued task may now preempt it.
void Locks::recheck_preemption(Core& e, CpuId c) {
  Cpu& cpu = e.cpus[c];
  if (cpu.mode != CpuMode::Running || cpu.need_resched || cpu.stopped != kNoTask) return;
  Policy& policy = *e.queues[e.queue_of(c)];
  if (!policy.uses_priority()) return;
  TaskId by = kNoTask;
  policy.for_each_queued([&](TaskId q) {
    if (by == kNoTask && e.allowed(q, c) && policy.should_preempt(cpu.current, q)) by = q;
  });
  if (by == kNoTask) return;
  e.sync(e.tasks[cpu.current], c);
  cpu.preempt_by = by;
  e.mark_resched(c);
}

// Task `id` is about to wait for lock l: if l's holder waits, through a
// chain of holders, for a lock `id` holds, nobody can ever go on.
void Locks::check_deadlock(const Core& e, TaskId id, std::uint32_t l) const {
  std::vector<std::pair<TaskId, std::uint32_t>> chain{{id, l}};  // (task, lock it waits for)
  TaskId h = locks_[l].holder;
  while (h != id) {
    if (waiting_for_[h] == kNoLock || chain.size() > e.tasks.size()) return;
    chain.emplace_back(h, waiting_for_[h]);
    h = locks_[waiting_for_[h]].holder;
  }
  std::string msg = "deadlock at " + format_duration(e.now) + ": ";
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::uint32_t holds = chain[(i + chain.size() - 1) % chain.size()].second;
    if (i > 0) msg += "; ";
    msg += e.workload.tasks[chain[i].first].name + " holds " + e.workload.locks[holds].name +
           " and waits for " + e.workload.locks[chain[i].second].name;
  }
  throw Deadlock(msg);
}

}  // namespace timeslice::engine
