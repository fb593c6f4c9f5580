// A task's runtime state. The engine owns and changes it; policies and
// observers only read it (through SchedContext / Engine::tasks()).
#pragma once

#include <cstdint>

#include "sim/core/observer.h"
#include "sim/core/workload.h"

namespace timeslice {

struct Task {
  // (Fields are ordered so that no padding is left between them: 104 bytes.)
  TaskId id = kNoTask;
  TaskState state = TaskState::NotArrived;
  // What its current CPU burst is (SPEC §10): its own work (Run), creating a
  // task (Spawn), busy-polling an I/O (Spin) or the poller's cost (Poll).
  SliceKind work_kind = SliceKind::Run;
  bool io_pending = false;     // spinning: its I/O has not completed yet
  std::uint32_t phase = 0;     // index of the current phase within the program
  CpuId cpu = kNoCpu;          // CPU running or dispatching it
  CpuId last_cpu = kNoCpu;     // CPU it last ran on
  std::uint32_t queue = 0;     // run queue it is in (or last joined)
  std::uint32_t job = 0;       // periodic tasks: index of the current job
  std::uint32_t spawned = 0;   // in a spawn phase: tasks it created so far
  std::int64_t work_left = 0;  // milli-work left in the current CPU phase
  Time burst = 0;              // work of the current CPU phase (ns at speed 1.0)
  Time ready_since = 0;        // when it last became Ready
  Time run_since = 0;          // when its current stretch of running began
  Time ran = 0;                // wall time run since on_running (for on_stopping)
  Time job_release = 0;        // release of the current job (arrival if aperiodic)
  Time job_deadline = kNever;  // absolute deadline of the current job, if any
  // The priority the priority-based policies rank it by (smaller is more
  // urgent): its own (Policy::base_priority) unless scheduler.locks raises it
  // while it holds a lock.
  std::int64_t effective_priority = 0;
  // Its program, phases[first_phase, +phase_count) of the workload: copied
  // from its TaskSpec, which every phase change would otherwise read (a
  // cache miss per wakeup on a long run).
  std::uint32_t first_phase = 0;
  std::uint32_t phase_count = 0;

  // Work left in the current CPU phase, in ns at speed 1.0 (rounded up), as
  // the oracle of SJF and SRTF sees it. A spin is a CPU burst as long as the
  // I/O it waits for (`burst`, its duration; none left once it completed).
  Time burst_left() const {
    if (work_kind == SliceKind::Spin) return io_pending ? burst : 0;
    return (work_left + kSpeedUnit - 1) / kSpeedUnit;
  }
};
static_assert(sizeof(Task) == 104, "a million tasks keep a million of these: keep it packed");

}  // namespace timeslice
