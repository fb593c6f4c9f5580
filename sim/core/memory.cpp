// Memory and kernel threads; the contract is in memory.h.
#include "sim/core/memory.h"

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

void Memory::init(const Workload& workload) {
  workload_ = &workload;
  processes_.assign(workload.processes.size(), {});
}

std::int64_t Memory::stack_of(const TaskSpec& t) const {
  const MemoryModel& m = workload_->machine.memory;
  return t.role == TaskRole::Fiber ? m.fiber_stack : m.thread_size();
}

std::optional<RefusalReason> Memory::admit(Core& e, TaskId task, bool force) {
  const TaskSpec& t = workload_->tasks[task];
  const MemoryModel& m = workload_->machine.memory;
  Process& p = processes_[t.process];
  const bool thread = t.role != TaskRole::Fiber;
  const std::int64_t stack = stack_of(t);
  const std::int64_t own = p.live == 0 ? m.process_rss : 0;
  if (!force) {
    if (thread && m.max_threads > 0 && use_.threads >= m.max_threads) return RefusalReason::Threads;
    if (m.limit > 0 && use_.total() + stack + own > m.limit) return RefusalReason::Memory;
  }
  ++p.live;
  p.bytes += stack + own;
  use_.process += own;
  (thread ? use_.thread : use_.fiber) += stack;
  use_.threads += thread;
  tell(e);
  return std::nullopt;
}

void Memory::release(Core& e, TaskId task) {
  const TaskSpec& t = workload_->tasks[task];
  Process& p = processes_[t.process];
  const bool thread = t.role != TaskRole::Fiber;
  const std::int64_t stack = stack_of(t);
  --p.live;
  p.bytes -= stack;
  (thread ? use_.thread : use_.fiber) -= stack;
  use_.threads -= thread;
  if (p.live == 0) {
    use_.process -= p.bytes;
    p.bytes = 0;
  }
  tell(e);
}

void Memory::tell(Core& e) const {
  for (Observer* o : e.observers) o->on_memory(e.now, use_);
}

}  // namespace timeslice::engine
