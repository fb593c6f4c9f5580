// Topology: how run queues (Policy instances) map onto CPUs.
//
// The engine asks the topology which queue a runnable task joins and which
// queue a CPU picks from; any policy runs on any topology. `global` is one
// queue shared by every CPU.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "sim/core/policy.h"

namespace timeslice {

class Topology {
 public:
  virtual ~Topology() = default;

  // Number of run queues; the engine makes one Policy instance per queue.
  virtual std::size_t queue_count() const = 0;

  // The queue `cpu` picks its next task from.
  virtual std::size_t queue_of_cpu(CpuId cpu) const = 0;

  // The queue a task that becomes runnable joins (Linux: select_task_rq).
  // Called before enqueue, with the task's last_cpu set.
  virtual std::size_t select_queue(const Task& task, EnqueueReason why) = 0;
};

// One run queue for all CPUs.
class GlobalTopology final : public Topology {
 public:
  std::size_t queue_count() const override { return 1; }
  std::size_t queue_of_cpu(CpuId) const override { return 0; }
  std::size_t select_queue(const Task&, EnqueueReason) override { return 0; }
};

}  // namespace timeslice
