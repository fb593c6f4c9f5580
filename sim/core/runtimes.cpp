// User-level runtimes in the engine; the contract is in runtimes.h.
#include "sim/core/runtimes.h"

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

void RuntimeBridge::init() {
  if (!e_.workload.runtimes.empty()) layer_ = std::make_unique<RuntimeLayer>(e_.workload, *this);
}

bool RuntimeBridge::is_fiber(TaskId t) const { return e_.workload.tasks[t].role == TaskRole::Fiber; }

void RuntimeBridge::carrier_state(const Task& carrier, TaskState next) {
  if (next == TaskState::Running) layer_->carrier_on_cpu(carrier.id, carrier.cpu);
  else if (carrier.state == TaskState::Running) layer_->carrier_off_cpu(carrier.id);
}

// Carrier t's step on CPU c is over: carry out the next one.
void RuntimeBridge::carrier_step(CpuId c, Task& t) {
  Cpu& cpu = e_.cpus[c];
  const CarrierStep step = layer_->carrier_next(t.id, t.work_left);
  switch (step.kind) {
    case CarrierStep::Kind::Work:
      t.work_left = step.work;
      t.burst = step.work / kSpeedUnit;
      if (e_.now < cpu.slice_end) return e_.schedule_run_end(c);
      return e_.requeue_stopped(c, t, StopReason::Expired, EnqueueReason::Expired, SliceEnd::Expired);
    case CarrierStep::Kind::Block:
      e_.slice(c, cpu.seg_start, e_.now, SliceKind::Run, t.id,
               step.phase.kind == PhaseKind::Io ? SliceEnd::Blocked : SliceEnd::Slept, step.phase.device);
      e_.stop_running(c, StopReason::Blocked);
      return e_.block(t, step.phase, c);
    case CarrierStep::Kind::Park:
      e_.slice(c, cpu.seg_start, e_.now, SliceKind::Run, t.id, SliceEnd::Slept);
      e_.stop_running(c, StopReason::Blocked);
      return e_.set_state(t, TaskState::Blocked, kParkedAux);
    case CarrierStep::Kind::Exit:
      e_.slice(c, cpu.seg_start, e_.now, SliceKind::Run, t.id, SliceEnd::Exited);
      e_.stop_running(c, StopReason::Exited);
      return e_.exit_task(t, c);
  }
}

void RuntimeBridge::check_stall() const {
  const std::string waits = layer_->channel_waits();
  if (!waits.empty())
    throw Deadlock("deadlock at " + format_duration(e_.now) + ": fibers wait on channels nobody will serve: " +
                   waits);
}

std::vector<RuntimeQueues> RuntimeBridge::queues() const {
  std::vector<RuntimeQueues> out;
  if (!layer_) return out;
  for (const auto& r : layer_->runtimes()) out.push_back(r->queues());
  return out;
}

void RuntimeBridge::finish() {
  for (const Cpu& cpu : e_.cpus)
    if (cpu.mode == CpuMode::Running && layer_->is_carrier(cpu.current)) layer_->carrier_off_cpu(cpu.current);
  for (RuntimeId r = 0; r < layer_->runtimes().size(); ++r)
    for (Observer* o : e_.observers) o->on_runtime(r, layer_->runtimes()[r]->counters());
}

// ---- FiberHost ------------------------------------------------------------------

Time RuntimeBridge::now() const { return e_.now; }
Rng& RuntimeBridge::rng() { return e_.rng; }
Task& RuntimeBridge::task(TaskId id) { return e_.tasks[id]; }

// A carrier that starts or wakes asks its runtime what to do once on a CPU:
// it becomes ready with no work, so its first step ends as it starts.
void RuntimeBridge::start_carrier(TaskId c) {
  --e_.dormant;
  --e_.done;
  e_.memory.admit(e_, c, /*force=*/true);  // its runtime cannot do without it
  e_.decision(DecisionKind::Arrive, kNoCpu, c);
  e_.enter_phase(c, EnqueueReason::Arrival);
}
void RuntimeBridge::wake_carrier(TaskId c) {
  e_.decision(DecisionKind::Wake, kNoCpu, c, kNoTask, -1);  // woken by its runtime
  e_.enter_phase(c, EnqueueReason::Wakeup);
}
void RuntimeBridge::exit_carrier(TaskId c) { e_.exit_task(e_.tasks[c], kNoCpu); }

// The monitor preempts the fiber on carrier c: end its step now if it is
// running, else as soon as it runs (schedule_run_end sees the cut).
void RuntimeBridge::cut_step(TaskId c) {
  layer_->request_cut(c);
  if (!layer_->step_cut(c)) return;
  Task& t = e_.tasks[c];
  if (t.cpu == kNoCpu) return;
  const Cpu& cpu = e_.cpus[t.cpu];
  if (cpu.mode == CpuMode::Running && cpu.current == c && cpu.stopped != c) {
    e_.sync(t, t.cpu);
    e_.push_cpu_end(t.cpu, e_.now);
  }
}

void RuntimeBridge::runtime_decision(DecisionKind kind, TaskId fiber, TaskId carrier, std::int64_t arg,
                                     std::int64_t arg2) {
  e_.decision(kind, carrier < e_.tasks.size() ? e_.tasks[carrier].cpu : kNoCpu, fiber, carrier, arg, arg2);
}

void RuntimeBridge::fiber_state(TaskId fiber, TaskState s, std::uint32_t aux) {
  e_.tasks[fiber].state = s;
  for (Observer* o : e_.observers) o->on_task_state(e_.now, fiber, s, aux);
}

// A fiber parks on pollable I/O or a timer: as Core::block, without the
// topology hearing of it.
void RuntimeBridge::park_fiber(TaskId fiber, const Phase& p) {
  if (p.kind == PhaseKind::Io) {
    fiber_state(fiber, TaskState::Blocked, p.device);
    e_.decision(DecisionKind::Block, kNoCpu, fiber, kNoTask, p.device);
    e_.devices.request(e_, fiber, p.device, p.duration);
  } else {
    fiber_state(fiber, TaskState::Sleeping, 0);
    e_.decision(DecisionKind::Block, kNoCpu, fiber, kNoTask, -1);
    e_.push_wake(e_.now + p.duration, EventKind::SleepDone, fiber, 0);
  }
}

void RuntimeBridge::exit_fiber(TaskId fiber) {
  e_.tasks[fiber].phase = e_.workload.tasks[fiber].phase_count;
  fiber_state(fiber, TaskState::Done, 0);
  e_.decision(DecisionKind::Exit, kNoCpu, fiber);
  e_.memory.release(e_, fiber);
  ++e_.done;
}

// (A fiber that gives up ends through the layer's fiber_done, as any fiber.)
bool RuntimeBridge::spawn_from_fiber(TaskId fiber) {
  Task& f = e_.tasks[fiber];
  const SpawnSpec& s = e_.workload.spawns[e_.phase_of(f).spawn];
  const CpuId cpu = f.last_cpu;  // its carrier's
  while (f.spawned < s.count)
    if (!e_.spawn_child(f, cpu, s)) {
      e_.abandon_rest(f);
      return false;
    }
  f.spawned = 0;
  return true;
}

void RuntimeBridge::fiber_slice(const FiberSlice& s) {
  for (Observer* o : e_.observers) o->on_fiber_slice(s);
}

}  // namespace timeslice::engine
