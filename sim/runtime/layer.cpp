// The runtime layer: fiber programs, channels and carrier steps (layer.h).
#include "sim/runtime/layer.h"

#include <algorithm>

namespace timeslice {

RuntimeLayer::RuntimeLayer(const Workload& workload, FiberHost& host) : workload_(workload), host_(host) {
  if (workload.runtimes.empty()) return;
  live_fibers_.assign(workload.runtimes.size(), 0);
  for (const RuntimeSpec& r : workload.runtimes) runtimes_.push_back(make_runtime(r, host));
  first_carrier_ = workload.runtimes.front().first_carrier;
  const RuntimeSpec& last = workload.runtimes.back();
  end_carrier_ = last.first_carrier + last.carrier_slots;
  carriers_.resize(end_carrier_ - first_carrier_);
  for (RuntimeId r = 0; r < workload.runtimes.size(); ++r)
    for (std::uint32_t i = 0; i < workload.runtimes[r].carrier_slots; ++i)
      carriers_[workload.runtimes[r].first_carrier + i - first_carrier_].runtime = r;
  first_fiber_ = static_cast<TaskId>(workload.tasks.size());
  for (TaskId id = 0; id < workload.tasks.size(); ++id)
    if (workload.tasks[id].role == TaskRole::Fiber) {
      ++live_fibers_[workload.tasks[id].runtime];
      first_fiber_ = std::min(first_fiber_, id);
    }
  created_.assign(first_carrier_ - std::min(first_fiber_, first_carrier_), false);
  for (const ChannelSpec& c : workload.channels) channels_.push_back(Channel{c.capacity, 0, {}, {}});
}

RuntimeLayer::~RuntimeLayer() = default;

// ---- fiber programs ---------------------------------------------------------

const Phase& RuntimeLayer::phase_of(const Task& t) const {
  return workload_.phases[workload_.tasks[t.id].first_phase + t.phase];
}
bool RuntimeLayer::at_end(const Task& t) const { return t.phase >= workload_.tasks[t.id].phase_count; }

// Move to the fiber's next phase; a CPU phase starts with all its work left.
void RuntimeLayer::advance(Task& f) {
  ++f.phase;
  if (!at_end(f) && phase_of(f).kind == PhaseKind::Cpu) {
    f.burst = phase_of(f).duration;
    f.work_left = f.burst * kSpeedUnit;
  }
}

void RuntimeLayer::fiber_arrive(TaskId id) {
  Task& f = host_.task(id);
  f.phase = 0;
  if (!at_end(f) && phase_of(f).kind == PhaseKind::Cpu) {
    f.burst = phase_of(f).duration;
    f.work_left = f.burst * kSpeedUnit;
  }
  enter(id, ReadyReason::Arrival, kNoTask);
}

void RuntimeLayer::fiber_wake(TaskId id, bool timer) {
  advance(host_.task(id));
  enter(id, timer ? ReadyReason::Timer : ReadyReason::Wakeup, kNoTask);
}

// The fiber, off every carrier, reached its current phase: it exits, or
// becomes runnable — whatever it does next (compute, start I/O or a timer, a
// syscall, a channel operation) it does running on a carrier.
void RuntimeLayer::enter(TaskId id, ReadyReason why, TaskId by) {
  Task& f = host_.task(id);
  Runtime& model = model_of(id);
  for (;;) {
    if (at_end(f)) return fiber_done(id);
    const Phase& p = phase_of(f);
    switch (p.kind) {
      case PhaseKind::Io:
      case PhaseKind::Sleep:
      case PhaseKind::Cpu:
      case PhaseKind::Syscall:
      case PhaseKind::Send:
      case PhaseKind::Recv:
      case PhaseKind::Spawn:
        host_.fiber_state(id, TaskState::Ready);
        f.ready_since = host_.now();
        return model.ready(id, why, by);
      case PhaseKind::Yield:
        advance(f);
        break;
      case PhaseKind::Lock:
      case PhaseKind::Unlock:
        advance(f);  // the parser refuses locks in fibers
        break;
    }
  }
}

void RuntimeLayer::fiber_done(TaskId id) {
  host_.exit_fiber(id);
  fiber_abandoned(id);
}

void RuntimeLayer::fiber_abandoned(TaskId id) {
  const RuntimeId r = workload_.tasks[id].runtime;
  if (--live_fibers_[r] == 0) runtimes_[r]->all_done();
}

// ---- channels -----------------------------------------------------------------

// Fiber `id` on carrier `c` sends on channel `ch`. Returns true if the send
// completed at once (a receiver was waiting, or the buffer had room); false
// if the fiber parked.
bool RuntimeLayer::send(TaskId id, TaskId c, std::uint32_t ch) {
  Channel& chan = channels_[ch];
  if (!chan.receivers.empty()) {
    const TaskId r = chan.receivers.front();
    chan.receivers.pop_front();
    advance(host_.task(r));
    enter(r, ReadyReason::Channel, c);
    return true;
  }
  if (chan.buffered < chan.capacity) {
    ++chan.buffered;
    return true;
  }
  chan.senders.push_back(id);
  host_.fiber_state(id, TaskState::Blocked, kChannelAux + ch);
  host_.runtime_decision(DecisionKind::FiberPark, id, c, static_cast<std::int64_t>(ch) + 1);
  return false;
}

bool RuntimeLayer::recv(TaskId id, TaskId c, std::uint32_t ch) {
  Channel& chan = channels_[ch];
  if (chan.buffered > 0) {
    --chan.buffered;
    if (!chan.senders.empty()) {  // a parked sender's value takes the freed place
      const TaskId s = chan.senders.front();
      chan.senders.pop_front();
      ++chan.buffered;
      advance(host_.task(s));
      enter(s, ReadyReason::Channel, c);
    }
    return true;
  }
  if (!chan.senders.empty()) {  // rendezvous
    const TaskId s = chan.senders.front();
    chan.senders.pop_front();
    advance(host_.task(s));
    enter(s, ReadyReason::Channel, c);
    return true;
  }
  chan.receivers.push_back(id);
  host_.fiber_state(id, TaskState::Blocked, kChannelAux + ch);
  host_.runtime_decision(DecisionKind::FiberPark, id, c, -(static_cast<std::int64_t>(ch) + 1));
  return false;
}

std::string RuntimeLayer::channel_waits() const {
  std::string out;
  for (std::size_t ch = 0; ch < channels_.size(); ++ch) {
    const auto list = [&](const std::deque<TaskId>& fibers, const char* verb) {
      for (TaskId f : fibers) {
        if (!out.empty()) out += "; ";
        if (out.size() > 300) return;
        out += workload_.tasks[f].name + verb + workload_.channels[ch].name;
      }
    };
    list(channels_[ch].senders, " waits to send on ");
    list(channels_[ch].receivers, " waits to receive from ");
  }
  return out;
}

// ---- carriers -------------------------------------------------------------------

void RuntimeLayer::close_segment(TaskId c, Carrier& k) {
  if (!k.on_cpu) return;
  const Time now = host_.now();
  if (now > k.seg_start && k.fiber != kNoTask && (k.step == Step::Run || k.step == Step::Switch))
    host_.fiber_slice({k.seg_start, now, c, k.fiber, k.cpu,
                       k.step == Step::Run ? FiberSliceKind::Run : FiberSliceKind::Switch});
  k.seg_start = now;
}

void RuntimeLayer::carrier_on_cpu(TaskId c, CpuId cpu) {
  Carrier& k = carriers_[c - first_carrier_];
  k.on_cpu = true;
  k.cpu = cpu;
  k.seg_start = host_.now();
  if (k.step == Step::Run) {
    Task& f = host_.task(k.fiber);
    f.last_cpu = cpu;
    if (f.state != TaskState::Running) host_.fiber_state(k.fiber, TaskState::Running);
  }
}

void RuntimeLayer::carrier_off_cpu(TaskId c) {
  Carrier& k = carriers_[c - first_carrier_];
  if (!k.on_cpu) return;
  close_segment(c, k);
  k.on_cpu = false;
  // Its fiber waits for the kernel to run the carrier again.
  if (k.step == Step::Run && host_.task(k.fiber).state == TaskState::Running)
    host_.fiber_state(k.fiber, TaskState::Ready);
}

void RuntimeLayer::request_cut(TaskId c) {
  Carrier& k = carriers_[c - first_carrier_];
  if (k.step == Step::Run) k.cut = true;
}

void RuntimeLayer::carrier_unblocked(TaskId c) {
  Carrier& k = carriers_[c - first_carrier_];
  (void)k;  // the fiber stays attached; carrier_next decides once on a CPU
}

CarrierStep RuntimeLayer::carrier_next(TaskId c, std::int64_t left) {
  Carrier& k = carriers_[c - first_carrier_];
  Runtime& model = *runtimes_[k.runtime];
  close_segment(c, k);
  CarrierStep out;
  switch (k.step) {
    case Step::Run: {
      Task& f = host_.task(k.fiber);
      f.work_left = left;
      if (k.cut) {
        k.cut = false;
        if (left > 0) {
          const TaskId id = k.fiber;
          k.fiber = kNoTask;
          ++model.counters().preemptions;
          host_.runtime_decision(DecisionKind::MonitorPreempt, id, c, host_.now() - f.run_since);
          host_.fiber_state(id, TaskState::Ready);
          f.ready_since = host_.now();
          model.ready(id, ReadyReason::Preempted, c);
          return pick(c, k);
        }
      }
      advance(f);  // its CPU phase is done
      if (walk(c, k, out)) return out;
      return pick(c, k);
    }
    case Step::Switch:
      if (walk(c, k, out)) return out;
      return pick(c, k);
    case Step::Block: {
      const TaskId id = k.fiber;
      Task& f = host_.task(id);
      advance(f);
      host_.fiber_state(id, TaskState::Ready);
      f.ready_since = host_.now();
      if (model.syscall_exit(c, id)) {
        host_.runtime_decision(DecisionKind::SyscallExit, id, c, 1);
        if (walk(c, k, out)) return out;
        return pick(c, k);
      }
      host_.runtime_decision(DecisionKind::SyscallExit, id, c, 0);
      k.fiber = kNoTask;
      k.step = Step::None;
      enter(id, ReadyReason::Syscall, kNoTask);
      return pick(c, k);
    }
    case Step::Park:
    case Step::None:
      break;
  }
  return pick(c, k);
}

// The carrier holds fiber k.fiber at its current phase: carry out phases
// until one needs the CPU (out = Work), blocks the carrier (out = Block), or
// the fiber leaves the carrier (returns false: the carrier picks another).
bool RuntimeLayer::walk(TaskId c, Carrier& k, CarrierStep& out) {
  const TaskId id = k.fiber;
  Task& f = host_.task(id);
  Runtime& model = *runtimes_[k.runtime];
  for (;;) {
    if (at_end(f)) {
      k.fiber = kNoTask;
      k.step = Step::None;
      fiber_done(id);
      return false;
    }
    const Phase& p = phase_of(f);
    switch (p.kind) {
      case PhaseKind::Cpu:
        k.step = Step::Run;
        f.run_since = host_.now();
        f.last_cpu = k.cpu;
        if (k.on_cpu && f.state != TaskState::Running) host_.fiber_state(id, TaskState::Running);
        out = {CarrierStep::Kind::Work, f.work_left, {}};
        return true;
      case PhaseKind::Io:
      case PhaseKind::Sleep:
        if (model.pollable()) {
          k.fiber = kNoTask;
          k.step = Step::None;
          host_.park_fiber(id, p);
          return false;
        }
        [[fallthrough]];
      case PhaseKind::Syscall: {
        // The carrier itself blocks, holding the fiber.
        k.step = Step::Block;
        ++model.counters().syscalls;
        host_.fiber_state(id, TaskState::Blocked, kSyscallAux);
        host_.runtime_decision(DecisionKind::SyscallEnter, id, c, p.duration);
        model.syscall_enter(c, id);
        out.kind = CarrierStep::Kind::Block;
        out.phase = p;
        if (p.kind == PhaseKind::Syscall) out.phase.kind = PhaseKind::Sleep;
        return true;
      }
      case PhaseKind::Send:
        if (!send(id, c, p.channel)) {
          k.fiber = kNoTask;
          k.step = Step::None;
          return false;
        }
        advance(f);
        break;
      case PhaseKind::Recv:
        if (!recv(id, c, p.channel)) {
          k.fiber = kNoTask;
          k.step = Step::None;
          return false;
        }
        advance(f);
        break;
      case PhaseKind::Yield:
        advance(f);
        k.fiber = kNoTask;
        k.step = Step::None;
        host_.fiber_state(id, TaskState::Ready);
        f.ready_since = host_.now();
        model.ready(id, ReadyReason::Yielded, c);
        return false;
      case PhaseKind::Spawn:
        if (!host_.spawn_from_fiber(id)) {
          k.fiber = kNoTask;
          k.step = Step::None;
          fiber_done(id);
          return false;
        }
        advance(f);
        break;
      case PhaseKind::Lock:
      case PhaseKind::Unlock:
        advance(f);
        break;
    }
  }
}

// The carrier has no fiber: take the next one (paying a fiber switch if it is
// not the one it ran last), or park, or exit.
CarrierStep RuntimeLayer::pick(TaskId c, Carrier& k) {
  Runtime& model = *runtimes_[k.runtime];
  CarrierStep out;
  for (;;) {
    FiberSource from = FiberSource::Queue;
    const TaskId id = model.pick(c, from);
    if (id == kNoTask) {
      k.fiber = kNoTask;
      if (model.carrier_parks(c)) {
        k.step = Step::None;
        out.kind = CarrierStep::Kind::Exit;
        return out;
      }
      k.step = Step::Park;
      out.kind = CarrierStep::Kind::Park;
      return out;
    }
    k.fiber = id;
    const bool switched = k.last_fiber != kNoTask && k.last_fiber != id;
    k.last_fiber = id;
    if (switched) ++model.counters().fiber_switches;
    host_.runtime_decision(DecisionKind::FiberRun, id, c, static_cast<std::int64_t>(from), switched);
    // A fiber's first run pays for its creation too (until spawn phases
    // exist, SPEC §10, every fiber is created by the runtime when it arrives).
    const bool first = !created_[id - first_fiber_];
    created_[id - first_fiber_] = true;
    const Time cost = (switched ? model.spec().fiber_switch : 0) + (first ? model.spec().fiber_create : 0);
    if (cost > 0) {
      k.step = Step::Switch;
      out = {CarrierStep::Kind::Work, cost * kSpeedUnit, {}};
      return out;
    }
    if (walk(c, k, out)) return out;
  }
}

Time RuntimeLayer::next_timer() const {
  Time t = kNever;
  for (const auto& r : runtimes_) t = std::min(t, r->next_timer());
  return t;
}

void RuntimeLayer::on_timer() {
  const Time now = host_.now();
  for (const auto& r : runtimes_)
    if (r->next_timer() <= now) r->on_timer();
}

}  // namespace timeslice
