// Engine throughput: events per second on a large generated workload, next to
// a bare event-queue loop doing the same number of pushes and pops, so the
// engine's overhead is a ratio measured in one run (machines here are noisy;
// absolute times are not comparable between runs).
//
// Then "recording levels": the memory a run keeps, from a count of the bytes
// the program has on the heap (every operator new, by malloc_usable_size), for
// the same workload: the engine and statistics per task (RecordLevel::Metrics,
// what a --summary run keeps) and the trace per record at Slices and Decisions.
//
//   bench_engine [tasks] [cpus] [policy] [repeats] [global|per_cpu] [--engine-only]
//   (default 100000 16 rr 3 global; --engine-only skips the recording levels,
//   for profiling the engine alone under callgrind or perf)
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/event_queue.h"
#include "sim/core/results.h"
#include "sim/core/rng.h"
#include "sim/core/run.h"

using namespace timeslice;
using Clock = std::chrono::steady_clock;

// Heap accounting: bytes currently allocated through operator new (usable
// size, so malloc's rounding counts) and the peak since the last reset. The
// program is single-threaded.
namespace heap {
std::size_t live = 0, peak = 0;
void reset_peak() { peak = live; }
}  // namespace heap

void* operator new(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  heap::live += malloc_usable_size(p);
  heap::peak = std::max(heap::peak, heap::live);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  heap::live -= malloc_usable_size(p);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace {

// 100k-style workload: Poisson arrivals keeping the CPUs busy, bursts of
// 1-20ms, every third task doing disk I/O between CPU chunks.
Workload make_workload(std::size_t tasks, std::size_t cpus, const std::string& policy, QueueLayout queues) {
  Workload w;
  w.name = "bench";
  w.scheduler.policy = policy;
  w.scheduler.queues = queues;
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
// Not inlined, so that profilers (callgrind) can count it apart from the engine.
[[gnu::noinline]] double bare_loop_seconds(std::uint64_t events, std::size_t pending) {
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

// A trace log's size in bytes: its records plus the deque's block map, roughly
// (libstdc++ blocks hold 512 bytes of records; the last block is partly used).
template <class T>
std::size_t log_bytes(const TraceLog<T>& log) {
  const std::size_t per_block = sizeof(T) < 512 ? 512 / sizeof(T) : 1;
  const std::size_t blocks = log.size() / per_block + 1;
  return blocks * per_block * sizeof(T) + (blocks + 8) * sizeof(T*);
}

double per(double bytes, std::size_t count) { return count ? bytes / static_cast<double>(count) : 0.0; }

void recording_levels(const Workload& w) {
  const std::size_t tasks = w.tasks.size();
  std::printf("\nrecording levels (heap in use, counted at every operator new; B = bytes):\n");

  // What a --summary run keeps: the engine and the statistics collector.
  {
    const std::size_t before = heap::live;
    heap::reset_peak();
    Engine engine(w);
    StatsCollector stats(w);
    engine.add_observer(&stats);
    const std::size_t built = heap::live - before;
    engine.run();
    const std::size_t peak = heap::peak - before;
    std::printf("engine + stats:       %6.1f B/task when built, %6.1f B/task at peak "
                "(%.1f MiB for %zu tasks)\n",
                per(built, tasks), per(peak, tasks), peak / 1048576.0, tasks);
  }

  RunOptions options;
  options.task_rows = false;
  std::size_t metrics_kept = 0;
  for (const RecordLevel level : {RecordLevel::Metrics, RecordLevel::Slices, RecordLevel::Decisions}) {
    options.record = level;
    const std::size_t before = heap::live;
    heap::reset_peak();
    const RunOutput out = simulate(w, options);
    const std::size_t kept = heap::live - before;  // results + trace, returned
    const std::size_t peak = heap::peak - before;
    const Trace& t = out.trace;
    if (level == RecordLevel::Metrics) {
      metrics_kept = kept;
      std::printf("simulate, metrics:   peak %6.1f MiB (%6.1f B/task); returns %zu B of results, no trace\n",
                  peak / 1048576.0, per(peak, tasks), kept);
      continue;
    }
    // The trace's share of what the run keeps: measured, and from the logs' sizes.
    const double trace_bytes = static_cast<double>(kept) - static_cast<double>(metrics_kept);
    const std::size_t estimate = log_bytes(t.cpu_slices) + log_bytes(t.device_slices) +
                                 log_bytes(t.task_states) + log_bytes(t.decisions);
    const std::size_t records =
        t.cpu_slices.size() + t.device_slices.size() + t.task_states.size() + t.decisions.size();
    std::printf("simulate, %-10s peak %6.1f MiB (%6.1f B/task); returns a %.1f MiB trace (logs' sizes: %.1f MiB)\n",
                level == RecordLevel::Slices ? "slices:" : "decisions:", peak / 1048576.0, per(peak, tasks),
                trace_bytes / 1048576.0, estimate / 1048576.0);
    std::printf("  %zu CPU slices, %zu device slices, %zu task state changes, %zu decisions\n",
                t.cpu_slices.size(), t.device_slices.size(), t.task_states.size(), t.decisions.size());
    std::printf("  %.1f B per CPU slice (all trace bytes / CPU slices), %.1f B per record, %.1f B per task\n",
                per(trace_bytes, t.cpu_slices.size()), per(trace_bytes, records), per(trace_bytes, tasks));
    if (level == RecordLevel::Decisions) {
      const double decision_bytes = per(static_cast<double>(log_bytes(t.decisions)), t.decisions.size());
      std::printf("  %.1f B per decision (log size / decisions)\n", decision_bytes);
    }
  }
  std::printf("record sizes: CpuSlice %zu B, DeviceSlice %zu B, TaskStateChange %zu B, Decision %zu B\n",
              sizeof(CpuSlice), sizeof(DeviceSlice), sizeof(TaskStateChange), sizeof(Decision));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto engine_only = std::find(args.begin(), args.end(), "--engine-only");
  const bool levels = engine_only == args.end();
  if (!levels) args.erase(engine_only);
  const std::size_t tasks = args.size() > 0 ? std::strtoull(args[0].c_str(), nullptr, 10) : 100'000;
  const std::size_t cpus = args.size() > 1 ? std::strtoull(args[1].c_str(), nullptr, 10) : 16;
  const std::string policy = args.size() > 2 ? args[2] : "rr";
  const int repeats = args.size() > 3 ? std::atoi(args[3].c_str()) : 3;
  const std::string layout = args.size() > 4 ? args[4] : "global";
  if (tasks == 0 || cpus == 0 || repeats < 1 || (layout != "global" && layout != "per_cpu")) {
    std::fprintf(stderr, "usage: bench_engine [tasks] [cpus] [policy] [repeats] [global|per_cpu] [--engine-only]\n");
    return 2;
  }
  const QueueLayout queues = layout == "per_cpu" ? QueueLayout::PerCpu : QueueLayout::Global;

  const std::size_t heap_before_workload = heap::live;
  const Workload w = make_workload(tasks, cpus, policy, queues);
  const std::size_t workload_bytes = heap::live - heap_before_workload;
  // The event loop (Engine::run) is timed apart from building the engine and
  // the statistics (per-task arrays: allocation and first-touch page faults),
  // which is paid once per run, not per event.
  double best_engine = 1e30, best_bare = 1e30, best_setup = 1e30;
  std::uint64_t events = 0;
  Time makespan = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    Engine engine(w);
    StatsCollector stats(w);
    engine.add_observer(&stats);
    const auto built = Clock::now();
    engine.run();
    best_setup = std::min(best_setup, std::chrono::duration<double>(built - start).count());
    best_engine = std::min(best_engine, std::chrono::duration<double>(Clock::now() - built).count());
    events = engine.events();
    makespan = stats.results().summary.makespan;
    // The engine keeps about one event per CPU, per busy device channel and
    // the next arrival pending; use the same for the bare loop.
    best_bare = std::min(best_bare, bare_loop_seconds(events, cpus + 8 + 1));
  }
  std::printf("workload: %zu tasks, %zu CPUs, %s, %s queue%s, %s simulated\n", tasks, cpus, policy.c_str(),
              layout.c_str(), queues == QueueLayout::Global ? "" : "s", format_duration(makespan).c_str());
  std::printf("setup:     engine and statistics built in %.3f s (%.2f us per task)\n", best_setup,
              best_setup * 1e6 / static_cast<double>(tasks));
  std::printf("engine:    %12llu events in %8.3f s = %6.2f M events/s\n",
              static_cast<unsigned long long>(events), best_engine, events / best_engine / 1e6);
  std::printf("bare heap: %12llu events in %8.3f s = %6.2f M events/s\n",
              static_cast<unsigned long long>(events), best_bare, events / best_bare / 1e6);
  std::printf("engine / bare loop time ratio: %.2fx (best of %d)\n", best_engine / best_bare, repeats);

  if (levels) recording_levels(w);
  std::printf("workload in memory: %.1f B/task (the TaskSpec, name and phases; not counted above)\n",
              static_cast<double>(workload_bytes) / static_cast<double>(tasks));
  return 0;
}
