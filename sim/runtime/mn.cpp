// mn: Go's M:N scheduler (SPEC §9), after src/runtime/proc.go.
//
// `carriers` processors (Ps, GOMAXPROCS) each hold a local queue of
// `local_queue` fibers (runqput: 256, overflowing half to the global queue as
// runqputslow does) and a `runnext` slot. A carrier (M) runs fibers only while
// it holds a P. Where it looks for its next fiber (schedule, findRunnable):
// the global queue first on every `global_check_every`th pick (61) if it is
// not empty, then runnext, then the local queue, then a batch from the global
// queue (globrunqget: up to len/GOMAXPROCS + 1), then — with `steal` — half
// of another P's local queue, up to 4 passes over the Ps in a random order,
// the last pass taking a victim's runnext too (stealWork, runqsteal).
//
// Simplifications, each documented in the README:
// - An arriving fiber joins the tail of P0's local queue, as if the program's
//   main goroutine had created it there (without newproc's runnext, so that
//   fibers listed together start in file order).
// - A fiber woken by I/O or a timer, one that yields (Gosched), one the
//   monitor preempts, and one whose carrier comes back from a syscall without
//   a P go to the global queue (injectglist, goschedImpl, exitsyscall0). A
//   fiber woken by a channel operation goes to the waker's runnext (ready()).
// - wakep: a fiber becoming runnable starts one spinning carrier for an idle P
//   unless one is spinning already; a spinning carrier that finds work starts
//   the next (resetspinning). Idle carriers park and are reused, most recently
//   parked first (mput/mget); new ones are created up to the spares the
//   workload needs (Go's limit is 10,000).
// - Syscalls (entersyscall/exitsyscall): `handoff: none` leaves the P with the
//   blocked carrier; `immediate` hands it on at once (handoffp, as
//   entersyscallblock does); `sysmon` lets the monitor retake it. A carrier
//   back from a syscall keeps its P if it still has it, else takes its old P
//   or any idle one, else queues its fiber globally and parks.
// - The monitor (sysmon) costs no CPU: it looks every 20us, after 50 idle
//   looks doubles its sleep up to 10ms, and resets to 20us after a look that
//   retook a P; on each look (retake) it preempts a fiber that has run
//   `preempt_after` (forcePreemptNS, 10ms) since it first saw it on that
//   schedtick, and retakes a P in a syscall on its second look (at least
//   20us) unless the P has no work, another P is idle or spinning, and the
//   syscall is younger than 10ms. It sleeps while every P is idle and starts
//   again, from 20us, when one is busy.
#include <algorithm>
#include <deque>

#include "sim/runtime/carriers.h"

namespace timeslice {
namespace {

constexpr Time kMonitorFirst = 20 * kMicrosecond;     // sysmon's first delay
constexpr Time kMonitorMax = 10 * kMillisecond;       // and its longest
constexpr std::uint32_t kMonitorIdleLooks = 50;       // before it backs off
constexpr Time kSyscallRetakeAge = 10 * kMillisecond; // retake even with nothing queued
constexpr int kStealTries = 4;                        // stealWork's passes

class MN final : public Runtime {
 public:
  MN(const RuntimeSpec& spec, RuntimeHost& host)
      : Runtime(spec, host),
        ms_(spec, host, counters()),
        ps_(spec.carriers),
        p_of_(spec.carrier_slots, -1),
        last_p_(spec.carrier_slots, -1),
        spinning_(spec.carrier_slots, false) {
    // pidle is a stack: P0 on top.
    for (std::uint32_t p = spec.carriers; p-- > 0;) idle_ps_.push_back(p);
  }

  void ready(TaskId fiber, ReadyReason why, TaskId by) override {
    ++runnable_;
    if (why == ReadyReason::Arrival) {
      runqput(0, fiber, /*next=*/false);
    } else if (why == ReadyReason::Channel && by != kNoTask && p_of_[slot(by)] >= 0) {
      runqput(static_cast<std::uint32_t>(p_of_[slot(by)]), fiber, /*next=*/true);
    } else {
      global_.push_back(fiber);
    }
    wakep();
  }

  TaskId pick(TaskId c, FiberSource& from) override {
    const std::int32_t pi = p_of_[slot(c)];
    if (pi < 0) return kNoTask;
    Processor& p = ps_[static_cast<std::uint32_t>(pi)];
    TaskId f = kNoTask;
    bool inherit = false;
    if (!global_.empty() && p.schedtick % spec().global_check_every == 0) {
      f = pop_front(global_);
      from = FiberSource::Global;
    } else if (p.runnext != kNoTask) {
      f = p.runnext;
      p.runnext = kNoTask;
      from = FiberSource::RunNext;
      inherit = true;
    } else if (!p.local.empty()) {
      f = pop_front(p.local);
      from = FiberSource::Queue;
    } else if (!global_.empty()) {
      f = globrunqget(static_cast<std::uint32_t>(pi));
      from = FiberSource::Global;
    } else if (spec().steal) {
      f = steal(c, static_cast<std::uint32_t>(pi));
      from = FiberSource::Stolen;
    }
    if (f == kNoTask) return kNoTask;
    --runnable_;
    if (!inherit) ++p.schedtick;
    if (spinning_[slot(c)]) {  // resetspinning: the last spinner found work
      spinning_[slot(c)] = false;
      if (--spinning_count_ == 0) wakep();
    }
    return f;
  }

  bool carrier_parks(TaskId c) override {
    const std::uint32_t s = slot(c);
    if (spinning_[s]) {
      spinning_[s] = false;
      --spinning_count_;
    }
    const std::int32_t pi = p_of_[s];
    if (pi >= 0) release_p(static_cast<std::uint32_t>(pi));
    if (done_) {
      ms_.exit(c);
      return true;
    }
    ms_.park(c, pi);
    return false;
  }

  void syscall_enter(TaskId c, TaskId) override {
    const std::int32_t pi = p_of_[slot(c)];
    if (pi < 0) return;
    Processor& p = ps_[static_cast<std::uint32_t>(pi)];
    p.status = Status::Syscall;
    ++p.syscalltick;
    if (spec().handoff == Handoff::Immediate) handoffp(static_cast<std::uint32_t>(pi), /*monitor=*/false);
  }

  bool syscall_exit(TaskId c, TaskId) override {
    const std::uint32_t s = slot(c);
    if (p_of_[s] >= 0) {  // it kept its P
      Processor& p = ps_[static_cast<std::uint32_t>(p_of_[s])];
      p.status = Status::Running;
      ++p.syscalltick;
      return true;
    }
    // exitsyscallfast: the old P if it is idle, else any idle P.
    std::uint32_t pi = kNone;
    const auto old = std::find(idle_ps_.begin(), idle_ps_.end(), static_cast<std::uint32_t>(last_p_[s]));
    if (last_p_[s] >= 0 && old != idle_ps_.end()) {
      pi = *old;
      idle_ps_.erase(old);
    } else if (!idle_ps_.empty()) {
      pi = idle_ps_.back();
      idle_ps_.pop_back();
    }
    if (pi == kNone) return false;
    acquire(c, pi);
    return true;
  }

  void all_done() override {
    done_ = true;
    ms_.exit_parked();
    monitor_on_ = false;
  }

  Time next_timer() const override { return monitor_on_ ? monitor_at_ : kNever; }

  void on_timer() override {
    const std::uint32_t retaken = retake();
    idle_looks_ = retaken > 0 ? 0 : idle_looks_ + 1;
    if (idle_looks_ == 0) delay_ = kMonitorFirst;
    else if (idle_looks_ > kMonitorIdleLooks) delay_ = std::min(2 * delay_, kMonitorMax);
    if (idle_ps_.size() == ps_.size()) {
      monitor_on_ = false;  // every P idle: sysmon sleeps until one is busy
      return;
    }
    monitor_at_ = host().now() + delay_;
  }

  std::size_t queued() const override {
    std::size_t n = global_.size();
    for (const Processor& p : ps_) n += p.local.size() + (p.runnext != kNoTask);
    return n;
  }
  RuntimeQueues queues() const override {
    RuntimeQueues q;
    q.shared.push_back({"global queue", {global_.begin(), global_.end()}});
    for (const Processor& p : ps_)
      q.processors.push_back({p.m, p.status == Status::Syscall, p.runnext, {p.local.begin(), p.local.end()}});
    q.monitor_wake = next_timer();
    return q;
  }

 private:
  enum class Status : std::uint8_t { Idle, Running, Syscall };
  struct Processor {
    std::deque<TaskId> local;
    TaskId runnext = kNoTask;
    TaskId m = kNoTask;  // the carrier holding it
    Status status = Status::Idle;
    std::uint32_t schedtick = 0, syscalltick = 0;
    // What the monitor saw at its last look (sysmontick).
    std::uint32_t seen_schedtick = 0, seen_syscalltick = 0;
    Time schedwhen = 0, syscallwhen = 0;
  };
  static constexpr std::uint32_t kNone = 0xffffffffu;

  std::uint32_t slot(TaskId c) const { return carrier_index(c); }
  static TaskId pop_front(std::deque<TaskId>& q) {
    const TaskId f = q.front();
    q.pop_front();
    return f;
  }
  bool has_work(const Processor& p) const { return p.runnext != kNoTask || !p.local.empty(); }

  // runqput: into runnext (the old one goes to the tail), or the tail; a full
  // local queue sends half of itself and the fiber to the global queue.
  void runqput(std::uint32_t pi, TaskId f, bool next) {
    Processor& p = ps_[pi];
    if (next) std::swap(p.runnext, f);
    if (f == kNoTask) return;
    if (p.local.size() < spec().local_queue) {
      p.local.push_back(f);
      return;
    }
    const std::size_t half = p.local.size() / 2;
    for (std::size_t i = 0; i < half; ++i) global_.push_back(pop_front(p.local));
    global_.push_back(f);
  }

  // globrunqget: a fair share of the global queue into the local queue.
  TaskId globrunqget(std::uint32_t pi) {
    Processor& p = ps_[pi];
    std::size_t n = std::min(global_.size(), global_.size() / ps_.size() + 1);
    n = std::min<std::size_t>(n, spec().local_queue / 2 + 1);
    const TaskId f = pop_front(global_);
    for (std::size_t i = 1; i < n; ++i) p.local.push_back(pop_front(global_));
    return f;
  }

  // stealWork: half of a busy P's local queue, into ours; run the last one.
  TaskId steal(TaskId c, std::uint32_t self) {
    // Every runnable fiber is in the global queue (empty here) or some P: if
    // none is, there is nothing to steal (and no random draw is made).
    if (runnable_ == global_.size()) return kNoTask;
    const std::size_t n = ps_.size();
    for (int attempt = 0; attempt < kStealTries; ++attempt) {
      const bool take_runnext = attempt == kStealTries - 1;
      const std::size_t start = n > 1 ? host().rng().below(n) : 0;
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t v = static_cast<std::uint32_t>((start + k) % n);
        Processor& victim = ps_[v];
        if (v == self || victim.status == Status::Idle) continue;
        if (victim.local.empty() && (!take_runnext || victim.runnext == kNoTask)) continue;
        std::vector<TaskId> grabbed;
        const std::size_t take = victim.local.size() - victim.local.size() / 2;
        for (std::size_t i = 0; i < take; ++i) grabbed.push_back(pop_front(victim.local));
        if (grabbed.empty() && take_runnext && victim.runnext != kNoTask) {
          grabbed.push_back(victim.runnext);
          victim.runnext = kNoTask;
        }
        if (grabbed.empty()) continue;
        const TaskId run = grabbed.back();
        grabbed.pop_back();
        for (TaskId f : grabbed) ps_[self].local.push_back(f);
        ++counters().steals;
        counters().stolen += grabbed.size() + 1;
        host().runtime_decision(DecisionKind::FiberSteal, run, c, static_cast<std::int64_t>(grabbed.size() + 1), v);
        return run;
      }
    }
    return kNoTask;
  }

  // wakep: start a spinning carrier for an idle P, unless one spins already.
  void wakep() {
    if (spinning_count_ > 0 || idle_ps_.empty() || done_) return;
    // Prefer an idle P that holds fibers (P0 after arrivals), else the top of pidle.
    auto it = std::find_if(idle_ps_.rbegin(), idle_ps_.rend(), [&](std::uint32_t p) { return has_work(ps_[p]); });
    const std::uint32_t pi = it != idle_ps_.rend() ? *it : idle_ps_.back();
    idle_ps_.erase(std::find(idle_ps_.begin(), idle_ps_.end(), pi));
    if (startm(pi, /*spinning=*/true) == kNoTask) idle_ps_.push_back(pi);
  }

  // startm: an idle carrier (or a new one) takes P pi and wakes.
  TaskId startm(std::uint32_t pi, bool spinning) {
    TaskId m = ms_.wake_parked(pi);
    if (m == kNoTask) m = ms_.start_next(pi);
    if (m == kNoTask) return kNoTask;  // no spare carrier left
    acquire(m, pi);
    if (spinning) {
      spinning_[slot(m)] = true;
      ++spinning_count_;
    }
    return m;
  }

  void acquire(TaskId m, std::uint32_t pi) {
    Processor& p = ps_[pi];
    p.m = m;
    p.status = Status::Running;
    p_of_[slot(m)] = static_cast<std::int32_t>(pi);
    last_p_[slot(m)] = static_cast<std::int32_t>(pi);
    start_monitor();
  }

  void release_p(std::uint32_t pi) {
    Processor& p = ps_[pi];
    if (p.m != kNoTask) p_of_[slot(p.m)] = -1;
    p.m = kNoTask;
    p.status = Status::Idle;
    idle_ps_.push_back(pi);
  }

  // handoffp: P pi leaves its carrier, blocked in a syscall.
  void handoffp(std::uint32_t pi, bool monitor) {
    Processor& p = ps_[pi];
    const TaskId old = p.m;
    if (old != kNoTask) p_of_[slot(old)] = -1;
    p.m = kNoTask;
    p.status = Status::Idle;
    ++counters().handoffs;
    TaskId next = kNoTask;
    if (has_work(p) || !global_.empty()) {
      next = startm(pi, /*spinning=*/false);
    } else if (spinning_count_ + idle_ps_.size() == 0) {
      next = startm(pi, /*spinning=*/true);  // no one else would look for work
    }
    if (next == kNoTask) idle_ps_.push_back(pi);
    host().runtime_decision(DecisionKind::Handoff, next, old, pi, monitor);
  }

  void start_monitor() {
    const bool needed = spec().preempt_after > 0 || spec().handoff == Handoff::Sysmon;
    if (monitor_on_ || !needed || done_) return;
    monitor_on_ = true;
    idle_looks_ = 0;
    delay_ = kMonitorFirst;
    monitor_at_ = host().now() + delay_;
  }

  // retake: one look of the monitor at every P. Returns the Ps retaken from syscalls.
  std::uint32_t retake() {
    const Time now = host().now();
    std::uint32_t retaken = 0;
    for (std::uint32_t pi = 0; pi < ps_.size(); ++pi) {
      Processor& p = ps_[pi];
      if (p.status == Status::Idle) continue;
      bool sysretake = false;
      if (p.seen_schedtick != p.schedtick) {
        p.seen_schedtick = p.schedtick;
        p.schedwhen = now;
      } else if (spec().preempt_after > 0 && p.schedwhen + spec().preempt_after <= now) {
        if (p.status == Status::Running && p.m != kNoTask) host().cut_step(p.m);  // preemptone
        sysretake = true;
      }
      if (p.status != Status::Syscall || spec().handoff != Handoff::Sysmon) continue;
      if (!sysretake && p.seen_syscalltick != p.syscalltick) {
        p.seen_syscalltick = p.syscalltick;
        p.syscallwhen = now;
        continue;
      }
      if (!has_work(p) && global_.empty() && spinning_count_ + idle_ps_.size() > 0 &&
          p.syscallwhen + kSyscallRetakeAge > now)
        continue;
      ++p.syscalltick;
      handoffp(pi, /*monitor=*/true);
      ++retaken;
    }
    return retaken;
  }

  CarrierSet ms_;
  std::vector<Processor> ps_;
  std::deque<TaskId> global_;
  std::vector<std::uint32_t> idle_ps_;  // pidle, a stack
  std::vector<std::int32_t> p_of_;      // per carrier slot: its P, or -1
  std::vector<std::int32_t> last_p_;    // per carrier slot: the P it held last
  std::vector<bool> spinning_;
  std::uint32_t spinning_count_ = 0;
  std::size_t runnable_ = 0;  // fibers in the global queue and the Ps' queues
  bool done_ = false;
  // The monitor.
  bool monitor_on_ = false;
  Time monitor_at_ = kNever;
  Time delay_ = kMonitorFirst;
  std::uint32_t idle_looks_ = 0;
};

}  // namespace

std::unique_ptr<Runtime> make_mn_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  return std::make_unique<MN>(spec, host);
}

}  // namespace timeslice
