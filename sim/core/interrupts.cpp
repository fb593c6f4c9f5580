// Interrupts and the AMP master; the contract is in interrupts.h.
#include "sim/core/interrupts.h"

#include <stdexcept>

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

// ---- interrupts -------------------------------------------------------------

void Interrupts::init(std::size_t cpu_count) { cpus_.resize(cpu_count); }

void Interrupts::wake(Core& e, TaskId id, std::uint32_t source) {
  const Time cost = e.workload.machine.costs.interrupt;
  if (source == 0 || cost == 0) return e.finish_wake(id, source);
  // Interrupts go to the master on an AMP machine, else to the task's last CPU.
  const CpuId master = e.amp.master();
  const CpuId c = master != kNoCpu ? master : e.tasks[id].last_cpu == kNoCpu ? 0 : e.tasks[id].last_cpu;
  CpuIrqs& irqs = cpus_[c];
  irqs.queue.emplace_back(id, source);
  if (irqs.queue.size() == 1 && e.cpus[c].mode != CpuMode::Dispatching) begin(e, c);
}

// Start handling the interrupt at the front of the CPU's queue.
void Interrupts::begin(Core& e, CpuId c) {
  Cpu& cpu = e.cpus[c];
  CpuIrqs& irqs = cpus_[c];
  if (cpu.stopped != kNoTask) e.close_stopped(c, cpu.stop_reason);
  switch (cpu.mode) {
    case CpuMode::Running: {
      Task& t = e.tasks[cpu.current];
      e.sync(t, c);
      e.slice(c, cpu.seg_start, e.now, SliceKind::Run, t.id, SliceEnd::Interrupted);
      e.set_state(t, TaskState::Ready);
      irqs.slice_left = cpu.slice_end == kNever ? kNever : cpu.slice_end - e.now;
      irqs.resume = Resume::Running;
      break;
    }
    case CpuMode::Dispatching:
      irqs.resume = Resume::StartTask;
      break;
    case CpuMode::Idle:
      irqs.resume = Resume::Idle;
      cpu.logged_idle = false;
      break;
    case CpuMode::Interrupt:
      return;
  }
  e.set_mode(c, CpuMode::Interrupt);
  irqs.start = e.now;
  cpu.gen++;  // a pending slice end is void; it is rescheduled on resume
  e.push_wake(e.now + e.workload.machine.costs.interrupt, EventKind::IrqEnd, c, 0);
}

void Interrupts::end(Core& e, CpuId c) {
  Cpu& cpu = e.cpus[c];
  CpuIrqs& irqs = cpus_[c];
  const auto [woken, source] = irqs.queue.front();
  irqs.queue.pop_front();
  e.slice(c, irqs.start, e.now, SliceKind::Interrupt, woken);
  if (!irqs.queue.empty()) {
    irqs.start = e.now;
    e.push_wake(e.now + e.workload.machine.costs.interrupt, EventKind::IrqEnd, c, 0);
  } else {
    switch (irqs.resume) {
      case Resume::Idle:
        e.set_mode(c, CpuMode::Idle);
        e.mark_resched(c);
        break;
      case Resume::Running: {
        Task& t = e.tasks[cpu.current];
        e.set_mode(c, CpuMode::Running);
        e.set_state(t, TaskState::Running);
        t.run_since = e.now;
        cpu.seg_start = e.now;
        cpu.slice_end = irqs.slice_left == kNever ? kNever : e.now + irqs.slice_left;
        e.schedule_run_end(c);
        if (cpu.need_resched) e.force_pending(c);
        break;
      }
      case Resume::StartTask:
        e.finish_dispatch(c);
        break;
    }
  }
  // The task becomes ready once the handler is done.
  e.finish_wake(woken, source);
}

void Interrupts::close_at(Core& e, CpuId c, Time end) const {
  e.slice(c, cpus_[c].start, end, SliceKind::Interrupt, cpus_[c].queue.front().first);
}

// ---- the AMP master ---------------------------------------------------------

void AmpMaster::init(Core& e) {
  master_ = e.workload.scheduler.amp_master;
  if (master_ != kNoCpu && (master_ >= e.cpus.size() || e.queues.size() != 1))
    throw std::invalid_argument("the AMP master must be a CPU of the machine, with one global queue");
}

void AmpMaster::decide(Core& e, CpuId c) { return c == master_ ? serve(e) : request(e, c); }

// A slave needs a decision: queue it at the master.
void AmpMaster::request(Core& e, CpuId c) {
  Cpu& cpu = e.cpus[c];
  cpu.need_resched = false;
  cpu.preempt_by = kNoTask;
  if (cpu.stopped != kNoTask) {
    if (cpu.stop_reason == SliceEnd::Expired)
      e.decision(DecisionKind::Expire, c, cpu.stopped, kNoTask, e.tasks[cpu.stopped].ran);
    e.close_stopped(c, cpu.stop_reason);
  }
  if (cpu.awaiting_master) return;
  cpu.awaiting_master = true;
  requests_.push_back(c);
  serve(e);
}

// The master takes the next request if it is free (interrupts come first).
void AmpMaster::serve(Core& e) {
  Cpu& m = e.cpus[master_];
  m.need_resched = false;
  if (m.mode != CpuMode::Idle) return;
  if (e.irqs.pending(master_)) return e.irqs.begin(e, master_);
  if (requests_.empty()) return;
  deciding_for_ = requests_.front();
  requests_.pop_front();
  const Time cost = e.sched_cost(e.queued(0));
  e.set_mode(master_, CpuMode::Dispatching);
  m.current = kNoTask;
  m.dispatch_start = e.now;
  m.cost_ipi = m.cost_switch = m.cost_migration = 0;
  m.cost_sched = cost;
  if (cost == 0) return decision_done(e);
  e.push_cpu_end(master_, e.now + cost);
}

// The master's decision is made (at its end, seeing every task ready by
// then); the slave starts after the IPI.
void AmpMaster::decision_done(Core& e) {
  Cpu& m = e.cpus[master_];
  const CpuId c = deciding_for_;
  deciding_for_ = kNoCpu;
  Policy& policy = *e.queues[0];
  const std::size_t queued = e.queued(0);
  const TaskId next = queued ? policy.pick_next(c) : kNoTask;
  e.slice(master_, m.dispatch_start, e.now, SliceKind::Scheduler, next);
  e.set_mode(master_, CpuMode::Idle);
  Cpu& cpu = e.cpus[c];
  cpu.awaiting_master = false;
  if (next == kNoTask) {
    if (!cpu.logged_idle) e.decision(DecisionKind::Idle, c, kNoTask);
    cpu.logged_idle = true;
  } else {
    cpu.logged_idle = false;
    e.dequeue(0, next);
    e.dispatch(c, next, queued, /*remote=*/true);
    e.notify_idle(0);
  }
  serve(e);
}

}  // namespace timeslice::engine
