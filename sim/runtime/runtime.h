// User-level runtimes (SPEC §9): the second level of scheduling.
//
// A runtime owns fibers (tasks naming it) and carriers (kernel threads of its
// process). The OS policy schedules carriers like any task and never sees a
// fiber; the runtime decides which fiber a carrier runs and never touches a
// CPU. The engine asks the runtime layer (layer.h) what a carrier does next;
// the layer walks the fibers' programs and asks the runtime's model — one
// class per model, behind the hook table below — where runnable fibers wait
// and which one a carrier takes.
//
// Hooks are called by the layer, at the engine's current time (host().now()),
// in the order events happen; a model may change only its own queues and
// carriers (through the host calls below), never a fiber's program.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/rng.h"
#include "sim/core/workload.h"

namespace timeslice {

// Why a fiber became runnable (Runtime::ready).
enum class ReadyReason : std::uint8_t {
  Arrival,    // it arrived (was created)
  Wakeup,     // its pollable I/O finished: the poller readies it
  Timer,      // its sleep ended: the timer wheel readies it
  Channel,    // a fiber on carrier `by` completed its send/recv: runs next there
  Yielded,    // it yielded (Gosched): goes behind everything
  Preempted,  // the monitor preempted it (Go: to the global queue)
  Syscall,    // its carrier came back from a syscall without a processor
};

// Where a runtime's runnable fibers wait at a moment, in pick order, for the
// GUI's queues panel (Runtime::queues; Engine::runtime_queues).
struct RuntimeQueues {
  struct Queue {
    std::string name;  // "global queue"; event_loop: "this iteration", "timers", ...
    std::vector<TaskId> fibers;
  };
  // mn's processors (Ps); empty for the other models.
  struct Processor {
    TaskId carrier = kNoTask;  // the carrier (M) holding it; kNoTask: idle
    bool in_syscall = false;   // that carrier is blocked in a syscall, holding it
    TaskId runnext = kNoTask;  // the fiber it runs next
    std::vector<TaskId> local; // its local queue
  };
  std::vector<Queue> shared;  // queues every carrier takes from
  std::vector<Processor> processors;
  Time monitor_wake = kNever;  // when the monitor next looks (next_timer())
};

// What the runtime layer needs from the engine. Every call takes effect at now().
class RuntimeHost {
 public:
  virtual ~RuntimeHost() = default;
  virtual Time now() const = 0;
  virtual Rng& rng() = 0;
  // A dormant carrier starts (a new kernel thread): it becomes ready and, once
  // on a CPU, asks the layer what to do.
  virtual void start_carrier(TaskId carrier) = 0;
  // A parked carrier (futex wait) becomes ready.
  virtual void wake_carrier(TaskId carrier) = 0;
  // A parked carrier exits: its runtime has no fibers left.
  virtual void exit_carrier(TaskId carrier) = 0;
  // End the carrier's current step now (the monitor preempts its fiber): the
  // layer is asked for the next step at once if the carrier is on a CPU, or
  // as soon as it is back on one.
  virtual void cut_step(TaskId carrier) = 0;
  // Record a runtime decision (explain.h formats it).
  virtual void runtime_decision(DecisionKind kind, TaskId fiber, TaskId carrier, std::int64_t arg = 0,
                                std::int64_t arg2 = 0) = 0;
};

// One runtime model. The layer owns it; `spec` and `host` outlive it.
class Runtime {
 public:
  Runtime(const RuntimeSpec& spec, RuntimeHost& host) : spec_(spec), host_(host) {}
  virtual ~Runtime() = default;

  // A fiber of this runtime became runnable (it is off every carrier). `by`:
  // the carrier whose fiber made it runnable (Channel), else kNoTask. The model
  // queues it and, if a carrier is parked or dormant and may run it, wakes or
  // starts one (host().wake_carrier / start_carrier).
  virtual void ready(TaskId fiber, ReadyReason why, TaskId by) = 0;

  // Carrier `c` is on a CPU and has no fiber: return the fiber it runs next
  // (taken off the model's queues) and say where it was (`from`), or return
  // kNoTask — then carrier_parks follows.
  virtual TaskId pick(TaskId c, FiberSource& from) = 0;

  // Called after pick returned kNoTask: carrier `c` parks (blocks in the
  // kernel) until the model wakes it. Return true if it should exit instead
  // (its runtime has nothing left to do).
  virtual bool carrier_parks(TaskId c) = 0;

  // Carrier `c` starts a blocking syscall for `fiber` (the carrier leaves its
  // CPU). mn hands the processor on here or from its monitor.
  virtual void syscall_enter(TaskId c, TaskId fiber) { (void)c, (void)fiber; }
  // Carrier `c` is back on a CPU after the syscall. Return true if it may
  // keep running `fiber`; false if it lost its processor and found no other:
  // the layer then makes the fiber ready (ReadyReason::Syscall) and the
  // carrier picks (and parks).
  virtual bool syscall_exit(TaskId c, TaskId fiber) { (void)c, (void)fiber; return true; }

  // Whether an "io" or "sleep" phase parks the fiber (pollable, the carrier
  // runs another) or blocks its carrier in the kernel (a worker pool's job).
  virtual bool pollable() const { return true; }

  // The last fiber of this runtime finished: parked carriers should exit.
  virtual void all_done() = 0;

  // Monitor timer (mn's sysmon): when the model next wants on_timer (kNever: none).
  virtual Time next_timer() const { return kNever; }
  virtual void on_timer() {}

  // Queued fibers, for the GUI and checks: every runnable fiber the model holds.
  virtual std::size_t queued() const = 0;
  // The same fibers by queue, in the order the model would pick them (for
  // the GUI's queues panel; never called while the engine runs).
  virtual RuntimeQueues queues() const = 0;

  const RuntimeSpec& spec() const { return spec_; }
  RuntimeCounters& counters() { return counters_; }
  const RuntimeCounters& counters() const { return counters_; }

 protected:
  RuntimeHost& host() { return host_; }
  // Carrier slots: spec().first_carrier + i, i < spec().carrier_slots.
  TaskId carrier(std::uint32_t i) const { return spec_.first_carrier + i; }
  std::uint32_t carrier_index(TaskId c) const { return c - spec_.first_carrier; }
  void carrier_started() {
    ++counters_.live_carriers;
    counters_.peak_carriers = std::max(counters_.peak_carriers, counters_.live_carriers);
  }

 private:
  const RuntimeSpec& spec_;
  RuntimeHost& host_;
  RuntimeCounters counters_;
};

std::unique_ptr<Runtime> make_green_runtime(const RuntimeSpec&, RuntimeHost&);
std::unique_ptr<Runtime> make_event_loop_runtime(const RuntimeSpec&, RuntimeHost&);
std::unique_ptr<Runtime> make_mn_runtime(const RuntimeSpec&, RuntimeHost&);
std::unique_ptr<Runtime> make_pool_runtime(const RuntimeSpec&, RuntimeHost&);
std::unique_ptr<Runtime> make_runtime(const RuntimeSpec&, RuntimeHost&);

const char* runtime_model_name(RuntimeModel model);

}  // namespace timeslice
