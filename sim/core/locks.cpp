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
  lock.waiters.emplace_back(t.id, e.now);
  waiting_for_[t.id] = l;
  // Inheritance: the holder (and whoever it waits for) may now run more urgently.
  refresh_priority(e, lock.holder);
  return false;
}

void Locks::take(Core& e, Task& t, std::uint32_t l) {
  locks_[l].holder = t.id;
  held_[t.id].push_back(l);
  refresh_priority(e, t.id);
}

// The first waiter (FIFO, or the most urgent) gets the lock and continues its
// program off-CPU (it becomes ready).
void Locks::release(Core& e, Task& t, std::uint32_t l, CpuId c) {
  Lock& lock = locks_[l];
  auto& mine = held_[t.id];
  mine.erase(std::find(mine.begin(), mine.end(), l));
  lock.holder = kNoTask;
  auto next = lock.waiters.begin();
  if (e.workload.scheduler.lock_wakeup == LockWakeup::Priority)
    for (auto it = lock.waiters.begin(); it != lock.waiters.end(); ++it)
      if (e.tasks[it->first].effective_priority < e.tasks[next->first].effective_priority) next = it;
  const TaskId heir = next == lock.waiters.end() ? kNoTask : next->first;
  e.decision(DecisionKind::LockRelease, c, t.id, heir, l);
  if (heir != kNoTask) {
    const Time since = next->second;
    lock.waiters.erase(next);
    Task& h = e.tasks[heir];
    waiting_for_[heir] = kNoLock;
    e.decision(DecisionKind::LockAcquire, kNoCpu, heir, kNoTask, l, e.now - since);
    take(e, h, l);
    ++h.phase;
    e.enter_phase(heir, EnqueueReason::Wakeup);
  }
  // Last, so that a releaser dropping back to its own priority is preempted
  // by the most urgent ready task, the heir included.
  refresh_priority(e, t.id);
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
      for (const auto& w : locks_[l].waiters) p = std::min(p, e.tasks[w.first].effective_priority);
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
