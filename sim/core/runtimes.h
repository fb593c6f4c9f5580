// User-level runtimes in the engine (SPEC §9): the bridge between the engine
// and the runtime layer (sim/runtime/layer.h). Part of the engine
// (engine_impl.h); the engine calls, in Engine::step():
//
//   init           once, before the first event: makes the layer when the
//                  workload has runtimes (active() is false otherwise, and
//                  nothing below is called).
//   fiber_arrive   when a fiber's Arrival event comes (instead of its phases).
//   fiber_wake     when a fiber's pollable I/O or timer ends (finish_wake).
//   carrier_state  from set_state, before a carrier's state changes: the
//                  carrier's fiber runs only while the carrier is Running.
//   step_cut       from schedule_run_end: the monitor wants the carrier's step
//                  to end now.
//   carrier_step   from run_end, when a carrier's step is over (its work is
//                  done or cut): carries out the next step the layer gives.
//   next_timer / on_timer   the runtimes' monitors (RuntimeTimer events).
//   check_stall    from report_stall: fibers waiting on channels forever are
//                  a deadlock, reported as such.
//   finish         at the end of the run: closes running carriers' fiber
//                  slices and reports each runtime's counters.
// and, between steps, queues for Engine::runtime_queues (the GUI).
// The layer calls back through FiberHost: it starts, wakes and exits
// carriers, parks and exits fibers, and reports fiber states and slices; the
// OS policy and the topology never see a fiber.
#pragma once

#include <memory>
#include <string>

#include "sim/runtime/layer.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class RuntimeBridge final : public FiberHost {
 public:
  explicit RuntimeBridge(Core& engine) : e_(engine) {}
  void init();
  bool active() const { return layer_ != nullptr; }
  bool is_carrier(TaskId t) const { return layer_->is_carrier(t); }
  bool is_fiber(TaskId t) const;

  void fiber_arrive(TaskId fiber) { layer_->fiber_arrive(fiber); }
  void fiber_wake(TaskId fiber, std::uint32_t source) { layer_->fiber_wake(fiber, source == 0); }
  // A fiber's spawn slot will never be filled: its runtime stops waiting for it.
  void fiber_abandoned(TaskId fiber) { layer_->fiber_abandoned(fiber); }
  void carrier_state(const Task& carrier, TaskState next);
  bool step_cut(TaskId carrier) const { return layer_->step_cut(carrier); }
  void carrier_step(CpuId c, Task& carrier);
  Time next_timer() const { return layer_->next_timer(); }
  void on_timer() { layer_->on_timer(); }
  void check_stall() const;
  std::vector<RuntimeQueues> queues() const;
  void finish();

  // FiberHost.
  Time now() const override;
  Rng& rng() override;
  Task& task(TaskId id) override;
  void start_carrier(TaskId carrier) override;
  void wake_carrier(TaskId carrier) override;
  void exit_carrier(TaskId carrier) override;
  void cut_step(TaskId carrier) override;
  void runtime_decision(DecisionKind kind, TaskId fiber, TaskId carrier, std::int64_t arg,
                        std::int64_t arg2) override;
  void fiber_state(TaskId fiber, TaskState state, std::uint32_t aux) override;
  void park_fiber(TaskId fiber, const Phase& phase) override;
  void exit_fiber(TaskId fiber) override;
  bool spawn_from_fiber(TaskId fiber) override;
  void fiber_slice(const FiberSlice& slice) override;

 private:
  Core& e_;
  std::unique_ptr<RuntimeLayer> layer_;
};

}  // namespace timeslice::engine
