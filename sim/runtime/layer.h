// The runtime layer: every runtime of a workload and its channels, between the
// engine and the runtime models (runtime.h).
//
// The engine treats a carrier as a task whose work it does not know: when a
// carrier is on a CPU and its current step is over (or it has none: it just
// started or woke), the engine calls carrier_next() and carries out the step
// it returns — run CPU work, block in a syscall, park, or exit. Fibers never
// reach the OS policy: the engine hands their arrivals and wakeups to the
// layer, which walks their programs and asks the model where they wait.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/task.h"
#include "sim/runtime/runtime.h"

namespace timeslice {

// What the layer needs from the engine beyond RuntimeHost.
class FiberHost : public RuntimeHost {
 public:
  virtual Task& task(TaskId id) = 0;
  // Tell observers a fiber's state changed (the OS policy never sees it).
  virtual void fiber_state(TaskId fiber, TaskState state, std::uint32_t aux = 0) = 0;
  // The fiber parks on its pollable "io" (a device request) or "sleep" (a timer).
  virtual void park_fiber(TaskId fiber, const Phase& phase) = 0;
  virtual void exit_fiber(TaskId fiber) = 0;
  // The fiber, on a carrier, is at a spawn phase: create its tasks (their
  // creation costs are charged when each first runs). False if a refused
  // spawn ends the fiber.
  virtual bool spawn_from_fiber(TaskId fiber) = 0;
  virtual void fiber_slice(const FiberSlice& slice) = 0;
};

// A carrier's next step (see carrier_next).
struct CarrierStep {
  enum class Kind : std::uint8_t {
    Work,   // run `work` milli-work of CPU (a fiber's phase, or a fiber switch)
    Block,  // block in the kernel: `phase` is a Sleep (a syscall) or an Io (a blocking read)
    Park,   // block until the runtime wakes it (RuntimeHost::wake_carrier)
    Exit,
  };
  Kind kind = Kind::Park;
  std::int64_t work = 0;
  Phase phase;
};

class RuntimeLayer {
 public:
  RuntimeLayer(const Workload& workload, FiberHost& host);
  ~RuntimeLayer();

  bool empty() const { return runtimes_.empty(); }
  bool is_carrier(TaskId t) const { return t >= first_carrier_ && t < end_carrier_; }

  // A fiber arrived.
  void fiber_arrive(TaskId fiber);
  // A fiber's spawn slot will never be filled (refused, or its spawner ended first).
  void fiber_abandoned(TaskId fiber);
  // A fiber's parked io or sleep finished (`timer`: it was a sleep).
  void fiber_wake(TaskId fiber, bool timer);

  // Carrier `c` is on a CPU and its step is over (`left`: milli-work its
  // step had left — 0 unless the step was cut short by cut_step).
  CarrierStep carrier_next(TaskId c, std::int64_t left);
  // The engine's view of a carrier changed: on a CPU (`cpu`) or off it.
  void carrier_on_cpu(TaskId c, CpuId cpu);
  void carrier_off_cpu(TaskId c);
  // A carrier's Block step ended (its syscall or blocking read returned).
  void carrier_unblocked(TaskId c);
  // Whether the carrier's current step should end as soon as it is on a CPU.
  bool step_cut(TaskId c) const { return carriers_[c - first_carrier_].cut; }
  void request_cut(TaskId c);

  // Monitor timers of every runtime.
  Time next_timer() const;
  void on_timer();

  const std::vector<std::unique_ptr<Runtime>>& runtimes() const { return runtimes_; }
  // Why no fiber can go on: "g1 sends on jobs; g2 receives from done" (empty
  // if no fiber waits on a channel).
  std::string channel_waits() const;

 private:
  enum class Step : std::uint8_t { None, Run, Switch, Block, Park };
  struct Carrier {
    RuntimeId runtime = kNoRuntime;
    TaskId fiber = kNoTask;       // fiber it runs, switches to, or blocks for
    TaskId last_fiber = kNoTask;  // the fiber it ran last (switch costs)
    Step step = Step::None;
    bool cut = false;     // the monitor preempts its fiber
    bool on_cpu = false;
    CpuId cpu = kNoCpu;
    Time seg_start = 0;   // start of the open fiber slice, while on a CPU
  };
  struct Channel {
    std::uint32_t capacity = 0;
    std::uint64_t buffered = 0;
    std::deque<TaskId> senders, receivers;  // parked fibers, in arrival order
  };

  Runtime& model_of(TaskId task) { return *runtimes_[workload_.tasks[task].runtime]; }
  const Phase& phase_of(const Task& t) const;
  bool at_end(const Task& t) const;
  void advance(Task& fiber);
  void enter(TaskId fiber, ReadyReason why, TaskId by);
  bool walk(TaskId c, Carrier& k, CarrierStep& out);
  CarrierStep pick(TaskId c, Carrier& k);
  bool send(TaskId fiber, TaskId c, std::uint32_t ch);
  bool recv(TaskId fiber, TaskId c, std::uint32_t ch);
  void close_segment(TaskId c, Carrier& k);
  void fiber_done(TaskId fiber);

  const Workload& workload_;
  FiberHost& host_;
  std::vector<std::unique_ptr<Runtime>> runtimes_;
  std::vector<std::uint64_t> live_fibers_;  // per runtime: fibers not done
  TaskId first_carrier_ = 0, end_carrier_ = 0;
  std::vector<Carrier> carriers_;
  std::vector<Channel> channels_;
  TaskId first_fiber_ = 0;      // fibers are tasks [first_fiber_, first_carrier_), with kernel tasks among them
  std::vector<bool> created_;   // per task from first_fiber_: its creation was paid
};

}  // namespace timeslice
