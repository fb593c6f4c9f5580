// Memory and kernel threads (SPEC §10): what every live process, thread and
// fiber takes, against machine.memory and machine.max_threads.
// Part of the engine (engine_impl.h); the engine calls, in Engine::step():
//
//   init     once, before the first event.
//   admit    when a task is about to come alive: a file or generated task's
//            arrival, a spawned task, a runtime starting a carrier (`force`:
//            counted even past the limits, since the runtime cannot do
//            without it). Returns the reason it does not fit, or counts it
//            and tells the observers (Observer::on_memory).
//   release  when a live task, carrier or fiber exits.
//   process_bytes  a process's memory now (its own, its threads' and fibers'
//            stacks): what fork copies (costs.fork_per_mib).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class Memory {
 public:
  void init(const Workload& workload);
  std::optional<RefusalReason> admit(Core& e, TaskId task, bool force = false);
  void release(Core& e, TaskId task);
  std::int64_t process_bytes(ProcessId p) const { return processes_[p].bytes; }
  const MemoryUse& use() const { return use_; }

 private:
  struct Process {
    std::uint32_t live = 0;  // its live threads and fibers
    std::int64_t bytes = 0;
  };
  std::int64_t stack_of(const TaskSpec& t) const;
  void tell(Core& e) const;

  const Workload* workload_ = nullptr;
  std::vector<Process> processes_;
  MemoryUse use_;
};

}  // namespace timeslice::engine
