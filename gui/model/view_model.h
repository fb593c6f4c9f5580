// The view model of one run: the trace reorganised for drawing and for
// questions about a moment in time, built once per simulation.
//
//   - lanes: a lane per CPU, per device channel and per task, each sorted by
//     start so the timeline can binary-search and fold them (lod.h);
//   - state at t: what each task was doing at t and its metrics so far
//     (cpu, waiting, blocked, switches...), in O(log n) per task;
//   - stepping: the next/previous time anything happens, or a decision is made;
//   - charts: ready tasks and CPU utilisation (with its parts spent creating
//     tasks, spinning and polling) averaged over time bins, from prefix sums
//     so a bin costs O(log n) however many slices it covers; memory by kind
//     (memory_view.h).
//
// "At t" always means after everything that happens at t, and an interval
// [start, end) covers t when start <= t < end; this matches Engine::run_until(t).
// Pure: no window, no ImGui; unit-tested in tests/gui.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "gui/model/memory_view.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice::gui {

// Items of one lane, sorted by start, not overlapping. `item` says what each
// entry refers to (an index into the trace's slice array, or into the lane's
// own state arrays).
struct Lane {
  std::vector<Time> start, end;
  std::vector<std::uint32_t> item;

  std::size_t size() const { return start.size(); }
  std::span<const Time> starts() const { return start; }
  std::span<const Time> ends() const { return end; }
  void push(Time s, Time e, std::uint32_t i) {
    start.push_back(s);
    end.push_back(e);
    item.push_back(i);
  }
};

// A device channel's lane; `item` indexes Trace::device_slices.
struct DeviceLane {
  DeviceId device = 0;
  std::uint32_t channel = 0;
  Lane lane;
};

// A task's states over time (NotArrived and Done are not drawn). `item`
// indexes `state` and `aux` (aux = device for Blocked).
struct TaskLane {
  Lane lane;
  std::vector<TaskState> state;
  std::vector<std::uint32_t> aux;
};

// A runtime's carrier (a kernel thread, SPEC §9) that its runtime started:
// the fiber slices it ran (item indexes Trace::fiber_slices, by start), and
// the moments a processor was taken from it while it was blocked in a
// syscall (mn's handoff), the moments the monitor preempted its fiber, and
// its steals from other processors' queues. Its own states (on a CPU, ready, in a syscall,
// parked) are its task lane.
struct CarrierLane {
  TaskId carrier = kNoTask;
  RuntimeId runtime = kNoRuntime;
  Lane fibers;
  struct Handoff {
    Time time = 0;
    TaskId to = kNoTask;     // the carrier that took the processor (kNoTask: it went idle)
    std::int64_t processor = 0;
    bool monitor = false;    // the monitor retook it (else the syscall handed it on at once)
  };
  std::vector<Handoff> handoffs;  // by time; from the decisions (empty without them)
  std::vector<Time> preemptions;  // mn's monitor preempted its fiber (from the decisions)
  struct Steal {
    Time time = 0;
    std::int64_t fibers = 0;     // how many it took
    std::int64_t processor = 0;  // from whose queue
  };
  std::vector<Steal> steals;  // by time; from the decisions
};

// A task at a moment: its state and its figures so far.
struct TaskAt {
  TaskState state = TaskState::NotArrived;
  std::uint32_t aux = 0;  // device when Blocked
  Time cpu = 0;           // time running so far
  Time waiting = 0;       // time ready (queued, dispatched or interrupted) so far
  Time blocked = 0;       // time blocked or sleeping so far
  std::optional<Time> first_run, completion;
  std::uint64_t switches = 0, preemptions = 0, migrations = 0;
};

class RunModel {
 public:
  RunModel() = default;
  RunModel(const Workload& workload, const Trace& trace);

  Time end() const { return end_; }
  std::size_t task_count() const { return histories_.size(); }

  // Lane per CPU (item = index into Trace::cpu_slices).
  const std::vector<Lane>& cpu_lanes() const { return cpu_lanes_; }
  // Lane per device channel that was ever used, by device then channel.
  const std::vector<DeviceLane>& device_lanes() const { return device_lanes_; }
  // Lane per task, in task order.
  const std::vector<TaskLane>& task_lanes() const { return task_lanes_; }
  // Lane per carrier its runtime started, runtime by runtime (carrier order).
  const std::vector<CarrierLane>& carrier_lanes() const { return carrier_lanes_; }
  // Whether reports show the task (results.h reported()): every task and
  // fiber, and the carriers their runtimes started; spare carriers that never
  // ran are left out. In task order.
  const std::vector<TaskId>& shown_tasks() const { return shown_tasks_; }
  // Tasks and fibers, not carriers: what whole-run figures count (as the CLI).
  std::size_t counted_tasks() const { return counted_tasks_; }
  // Lane per lock (Workload::locks order) of who held it when; item = the
  // holder. Built from the lock decisions, so empty unless decisions were
  // recorded.
  const std::vector<Lane>& lock_lanes() const { return lock_lanes_; }
  // Lane per lock of when tasks waited for it; item = how many waited.
  const std::vector<Lane>& lock_contention() const { return lock_contention_; }
  // Who held `lock` at t (kNoTask: free, or unknown without decisions).
  TaskId lock_holder_at(std::uint32_t lock, Time t) const;
  // Times a CPU's task used up its quantum and kept the CPU (a Continue
  // decision: no new slice, but a quantum boundary the book's chart shows).
  const std::vector<Time>& continue_times(CpuId cpu) const { return continues_[cpu]; }
  // Indices into Trace::cpu_slices of a task's slices (of every kind), by start.
  const std::vector<std::uint32_t>& task_slices(TaskId task) const { return task_slices_[task]; }

  TaskAt task_at(TaskId task, Time t) const;
  TaskState state_at(TaskId task, Time t) const { return task_at(task, t).state; }
  // Index into Trace::cpu_slices of what the CPU is doing at t, or -1 (idle).
  std::int64_t cpu_slice_at(CpuId cpu, Time t) const;
  // Tasks and fibers completed by t (carriers that exit are not counted).
  std::size_t completed_by(Time t) const;

  // Stepping. next_*: the first time > t (end() if none); prev_*: the last
  // time < t (0 if none). Events are every time anything changes: a slice
  // starts or ends, a task changes state, a decision is logged. Decisions are
  // the scheduler's choices: Dispatch, Continue and Idle.
  Time next_event(Time t) const;
  Time prev_event(Time t) const;
  Time next_decision(Time t) const;
  Time prev_decision(Time t) const;
  const std::vector<Time>& event_times() const { return event_times_; }

  // Number of decisions logged at or before t (the log's position at t).
  std::size_t decisions_until(Time t) const;

  // Charts: the time-weighted average over each of `bins` equal bins of
  // [t0, t1) of the number of ready tasks, or of the share of a CPU's time
  // spent running tasks (utilisation) or on overhead.
  std::vector<float> ready_series(double t0, double t1, int bins) const;
  std::vector<float> utilization_series(CpuId cpu, double t0, double t1, int bins) const;
  std::vector<float> overhead_series(CpuId cpu, double t0, double t1, int bins) const;
  // The part of a CPU's busy time (utilization_series) its tasks spent
  // creating tasks, spinning or polling (`kind` Spawn, Spin or Poll), per
  // bin; zeros when the run has none (has_cpu_parts() is false).
  std::vector<float> part_series(CpuId cpu, SliceKind kind, double t0, double t1, int bins) const;
  bool has_cpu_parts() const { return !cpu_kind_.empty(); }
  int max_ready() const { return max_ready_; }
  // Two-level runs: carriers alive (started, not exited) and fibers alive
  // (arrived, not done), averaged per bin, and their peaks and values at t.
  std::vector<float> live_carriers_series(double t0, double t1, int bins) const {
    return live_carriers_.averages(t0, t1, bins);
  }
  std::vector<float> live_fibers_series(double t0, double t1, int bins) const {
    return live_fibers_.averages(t0, t1, bins);
  }
  int max_live_carriers() const { return max_live_carriers_; }
  int max_live_fibers() const { return max_live_fibers_; }
  int live_carriers_at(Time t) const { return static_cast<int>(live_carriers_.value_at(t)); }
  int live_fibers_at(Time t) const { return static_cast<int>(live_fibers_.value_at(t)); }
  // Tasks ready (runnable, not running) at t.
  int ready_at(Time t) const;
  // Memory by kind over time and the refused spawns, for runs that keep it
  // (memory_view.h; shown() is false for the others).
  const MemoryView& memory() const { return memory_; }

 private:
  struct History {
    std::vector<Time> time;        // state changes, in order
    std::vector<TaskState> state;  // state from time[i] on
    std::vector<std::uint32_t> aux;
    // Totals at time[i] (before state[i] applies): running, ready, blocked.
    std::vector<Time> cum_run, cum_ready, cum_blocked;
    std::vector<Time> switch_times, preempt_times, migrate_times;
    std::optional<Time> first_run, completion;
  };
  // A step function of time with its running integral, for the charts.
  struct StepSeries {
    std::vector<Time> time;
    std::vector<double> value;     // from time[i] on
    std::vector<double> integral;  // integral up to time[i]
    double integral_at(double t) const;
    double value_at(Time t) const;
    std::vector<float> averages(double t0, double t1, int bins) const;
    // The value becomes `v` at `t` (t never decreases).
    void set(Time t, double v);
  };
  // Integral of a CPU's Run (or overhead) time, from the lane's prefix sums.
  double cpu_integral(CpuId cpu, bool overhead, double t) const;
  std::vector<float> cpu_series(CpuId cpu, bool overhead, double t0, double t1, int bins) const;

  Time end_ = 0;
  std::vector<Lane> cpu_lanes_;
  std::vector<std::vector<Time>> cpu_cum_run_, cpu_cum_overhead_;  // prefix sums per lane item
  std::vector<std::vector<bool>> cpu_is_run_;
  // Runs with Spawn, Spin or Poll slices: each lane item's kind, and prefix
  // sums of each of the three kinds' time (index kind - Spawn).
  std::vector<std::vector<SliceKind>> cpu_kind_;
  std::vector<std::vector<Time>> cpu_cum_part_[3];
  double part_integral(CpuId cpu, SliceKind kind, double t) const;
  std::vector<DeviceLane> device_lanes_;
  std::vector<TaskLane> task_lanes_;
  std::vector<Lane> lock_lanes_;
  std::vector<Lane> lock_contention_;
  std::vector<std::vector<Time>> continues_;  // per CPU, ascending
  std::vector<std::vector<std::uint32_t>> task_slices_;
  std::vector<History> histories_;
  std::vector<Time> completions_;  // sorted
  std::vector<Time> event_times_, decision_times_, log_times_;
  StepSeries ready_;
  int max_ready_ = 0;
  std::vector<CarrierLane> carrier_lanes_;
  std::vector<TaskId> shown_tasks_;
  std::size_t counted_tasks_ = 0;
  StepSeries live_carriers_, live_fibers_;
  int max_live_carriers_ = 0, max_live_fibers_ = 0;
  MemoryView memory_;
};

}  // namespace timeslice::gui
