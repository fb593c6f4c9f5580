// Interrupts and the AMP master.
// Part of the engine (engine_impl.h); the engine calls these in
// Engine::step(). Where interrupts go is documented in engine.h.
//
// INTERRUPTS. With costs.interrupt > 0 a device completion runs a handler of
// that length on a CPU before its task becomes ready; a CPU handles its
// handlers one after the other (CpuMode::Interrupt), then goes back to what
// it was doing (idle, the suspended task, or the task it was dispatching).
//
//   init     once, before the first event.
//   wake     when a task's I/O finished (Devices::done; source = device + 1).
//            Without an interrupt cost the task goes on at once
//            (Core::finish_wake); otherwise its handler is queued on the
//            master (AMP) or on the task's last CPU (CPU 0 if it never ran),
//            and starts now unless that CPU is busy with a handler or a
//            dispatch.
//   begin    for CPU c when it can take its first queued handler: from wake,
//            when a dispatch's costs are paid (Core::cpu_end), or when the
//            AMP master would otherwise decide. Suspends what runs there
//            (closing its Run slice) and pushes an IrqEnd event.
//   end      for that IrqEnd event. Reports the Interrupt slice, starts the
//            next handler or resumes the CPU (which may finish the dispatch,
//            or mark the CPU for a decision), then the woken task goes on.
//   pending, reslice, close_at  for the engine (see each, below).
//
// THE AMP MASTER (scheduler.amp_master): one CPU makes every scheduling
// decision and handles every interrupt; slaves queue for decisions (FIFO),
// the master pays the scheduler cost and the slave the IPI.
//
//   init           once, before the first event, after the policies exist.
//   master         the master CPU, or kNoCpu (read on hot paths: inline).
//   decide         instead of the engine's own decision, for CPU c, when
//                  there is a master: the master serves the next request;
//                  a slave closes its stopped task's slice and queues.
//   decision_done  when the master's decision slice ends (its CpuEnd while
//                  dispatching): the pick is dispatched to the slave (or it
//                  idles), and the master serves the next request.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class Interrupts {
 public:
  void init(std::size_t cpu_count);
  void wake(Core& e, TaskId task, std::uint32_t source);
  void begin(Core& e, CpuId c);
  void end(Core& e, CpuId c);

  // CPU c has handlers queued (the front one may be running).
  bool pending(CpuId c) const { return !cpus_[c].queue.empty(); }
  // A policy timer gave the task suspended on CPU c a new slice (from now,
  // kNever for none): it gets that much when its CPU resumes it.
  void reslice(CpuId c, Time slice) { cpus_[c].slice_left = slice; }
  // At the horizon, CPU c is in a handler: report its slice up to `end`.
  void close_at(Core& e, CpuId c, Time end) const;

 private:
  // What an interrupted CPU goes back to when its handlers are done.
  enum class Resume : std::uint8_t { Idle, Running, StartTask };
  struct CpuIrqs {
    std::deque<std::pair<TaskId, std::uint32_t>> queue;  // (task, wake source); front is being handled
    Time start = 0;                                      // when the front handler started
    Resume resume = Resume::Idle;
    Time slice_left = kNever;  // quantum the suspended task had left
  };

  std::vector<CpuIrqs> cpus_;
};

class AmpMaster {
 public:
  void init(Core& e);
  CpuId master() const { return master_; }
  void decide(Core& e, CpuId c);
  void decision_done(Core& e);

 private:
  void request(Core& e, CpuId c);
  void serve(Core& e);

  CpuId master_ = kNoCpu;      // the CPU that makes every decision
  std::deque<CpuId> requests_;  // slaves waiting for a decision, FIFO
  CpuId deciding_for_ = kNoCpu;  // the slave the master is deciding for
};

}  // namespace timeslice::engine
