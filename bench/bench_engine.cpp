// Engine throughput: events per second on a large generated workload, next to
// a bare event-queue loop doing the same number of pushes and pops, so the
// engine's overhead is a ratio measured in one run (machines here are noisy;
// absolute times are not comparable between runs).
//
//   bench_engine [tasks] [cpus] [policy] [repeats]    (default 100000 16 rr 3)
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/core/engine.h"
#include "sim/core/event_queue.h"
#include "sim/core/results.h"
#include "sim/core/rng.h"

using namespace timeslice;
using Clock = std::chrono::steady_clock;

namespace {

// 100k-style workload: Poisson arrivals keeping the CPUs busy, bursts of
// 1-20ms, every third task doing disk I/O between CPU chunks.
Workload make_workload(std::size_t tasks, std::size_t cpus, const std::string& policy) {
  Workload w;
  w.name = "bench";
  w.scheduler.policy = policy;
  w.scheduler.params["quantum"] = Time{4 * kMillisecond};
  for (std::size_t c = 0; c < cpus; ++c) w.machine.cpus.push_back({"cpu" + std::to_string(c), kSpeedUnit, ""});
  w.machine.costs.process_switch = 2 * kMicrosecond;
  w.machine.costs.scheduler = 1 * kMicrosecond;
  w.devices.push_back({"disk", 8});
  Rng rng(42);
  Time arrival = 0;
  // Mean burst ~10.5ms; arrivals every 10.5ms / cpus * 1.1 keep utilisation ~90%.
  const double mean_gap = 10.5e6 / static_cast<double>(cpus) * 1.1;
  for (std::size_t i = 0; i < tasks; ++i) {
    TaskSpec t;
    t.name = "t" + std::to_string(i);
    arrival += static_cast<Time>(-mean_gap * std::log(1.0 - rng.uniform01()));
    t.arrival = arrival;
    t.process = static_cast<ProcessId>(i);
    w.processes.push_back(t.name);
    t.first_phase = static_cast<std::uint32_t>(w.phases.size());
    Time burst = static_cast<Time>((1 + rng.below(20)) * kMillisecond);
    if (i % 3 == 0) {
      while (burst > 0) {
        const Time chunk = std::min<Time>(burst, 3 * kMillisecond);
        w.phases.push_back({PhaseKind::Cpu, 0, chunk});
        burst -= chunk;
        if (burst > 0) w.phases.push_back({PhaseKind::Io, 0, 2 * kMillisecond});
      }
    } else {
      w.phases.push_back({PhaseKind::Cpu, 0, burst});
    }
    t.phase_count = static_cast<std::uint32_t>(w.phases.size()) - t.first_phase;
    w.tasks.push_back(std::move(t));
  }
  return w;
}

struct BareEvent {  // same size and key layout as the engine's events
  Time time;
  std::uint64_t key;
  std::uint32_t id, gen;
  std::uint8_t kind;
};
struct BareLess {
  bool operator()(const BareEvent& a, const BareEvent& b) const {
    return a.time != b.time ? a.time < b.time : a.key < b.key;
  }
};

// `events` pops and as many pushes, with `pending` events outstanding.
double bare_loop_seconds(std::uint64_t events, std::size_t pending) {
  QuaternaryHeap<BareEvent, BareLess> heap;
  Rng rng(7);
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < pending; ++i)
    heap.push({static_cast<Time>(rng.below(10'000'000)), ++seq, 0, 0, 0});
  const auto start = Clock::now();
  std::uint64_t checksum = 0;
  for (std::uint64_t i = 0; i < events; ++i) {
    const BareEvent e = heap.top();
    heap.pop();
    checksum += e.id;
    heap.push({e.time + 1 + static_cast<Time>(rng.below(10'000'000)), ++seq,
               static_cast<std::uint32_t>(i), 0, 0});
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (checksum == 42) std::puts("");  // keep the loop from being optimised away
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t tasks = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  const std::size_t cpus = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 16;
  const std::string policy = argc > 3 ? argv[3] : "rr";
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;

  const Workload w = make_workload(tasks, cpus, policy);
  double best_engine = 1e30, best_bare = 1e30;
  std::uint64_t events = 0;
  Time makespan = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    Engine engine(w);
    StatsCollector stats(w);
    engine.add_observer(&stats);
    engine.run();
    best_engine = std::min(best_engine, std::chrono::duration<double>(Clock::now() - start).count());
    events = engine.events();
    makespan = stats.results().summary.makespan;
    // The engine keeps about one event per CPU, per busy device channel and
    // the next arrival pending; use the same for the bare loop.
    best_bare = std::min(best_bare, bare_loop_seconds(events, cpus + 8 + 1));
  }
  std::printf("workload: %zu tasks, %zu CPUs, %s, %s simulated\n", tasks, cpus, policy.c_str(),
              format_duration(makespan).c_str());
  std::printf("engine:    %12llu events in %8.3f s = %6.2f M events/s\n",
              static_cast<unsigned long long>(events), best_engine, events / best_engine / 1e6);
  std::printf("bare heap: %12llu events in %8.3f s = %6.2f M events/s\n",
              static_cast<unsigned long long>(events), best_bare, events / best_bare / 1e6);
  std::printf("engine / bare loop time ratio: %.2fx (best of %d)\n", best_engine / best_bare, repeats);
  return 0;
}
