// How long the GUI takes to build a frame's draw data for a big trace.
//
//   bench_gui_frame [tasks [fibers [spawns]]]
//
// Three runs, measured the same way in one process so their figures compare:
//   cpu:    a generated workload on 16 CPUs with switch and scheduler costs
//           (about a million CPU slices with the default 40,000 tasks);
//   fibers: a million fibers (default) of a Go-like runtime ("mn", 16
//           processors) on the same machine, with 1us fiber switches: about
//           two million fiber slices on 16 carrier lanes;
//   spawns: C10k's thread-per-connection server (c10k-threads.json) taking
//           100,000 connections (default): 100,000 spawns, tens of thousands
//           refused, so the timeline's spawn links and refusal marks and the
//           memory chart have thousands to fold.
// At several zoom levels it measures the CPU time per frame of
//   fold:      fold_lane() over every lane plus the axis ticks (the pure part);
//   timeline:  the whole timeline panel drawn into ImGui draw lists, headless;
//   naive:     one rectangle per visible slice, no folding (for comparison).
// Target (issue): under 5 ms of CPU time per frame, for both runs (a
// million fibers draw in the budget of a million CPU slices).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gui/model/lod.h"
#include "gui/model/time_axis.h"
#include "gui/ui/app.h"
#include "gui/ui/headless.h"
#include "gui/ui/panels.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string workload_json(int tasks) {
  return R"({ "name": "bench: )" + std::to_string(tasks) + R"( tasks on 16 CPUs",
    "machine": { "cpus": 16, "costs": { "process_switch": "2us", "scheduler": "1us" } },
    "scheduler": { "policy": "rr", "quantum": "1ms" },
    "devices": [ { "name": "disk", "channels": 8 } ],
    "tasks": [],
    "generate": [ { "count": )" +
         std::to_string(tasks) + R"(, "name": "job",
      "arrival": { "dist": "exponential", "mean": "25us" },
      "burst": { "dist": "uniform", "min": 1, "max": 20 },
      "io": { "device": "disk", "every": 5, "duration": "200us" } } ] })";
}

// A million short fibers arriving over about 30s on 16 processors.
std::string fibers_json(int fibers) {
  return R"({ "name": "bench: )" + std::to_string(fibers) + R"( fibers on 16 carriers",
    "time_unit": "us",
    "machine": { "cpus": 16 },
    "scheduler": { "policy": "rr", "quantum": "4ms" },
    "runtimes": [ { "name": "go", "model": "mn", "carriers": 16, "costs": { "fiber_switch": 1 } } ],
    "tasks": [],
    "generate": [ { "count": )" +
         std::to_string(fibers) + R"(, "name": "g", "runtime": "go",
      "arrival": { "dist": "exponential", "mean": 30 },
      "burst": { "dist": "uniform", "min": 100, "max": 700 } } ] })";
}

// An accept loop creating a thread per connection, one every 100us, each
// open 200ms, in 8GiB of 8MiB stacks (c10k-threads.json, longer).
std::string spawns_json(int connections) {
  return R"({ "name": "bench: )" + std::to_string(connections) + R"( connections, a thread each",
    "machine": { "cpus": 4, "memory": "8GiB", "overcommit": false,
                 "costs": { "thread_create": "30us", "process_switch": "5us", "thread_switch": "3us" } },
    "scheduler": { "policy": "cfs" },
    "devices": [ { "name": "clients", "channels": 1 } ],
    "templates": [ { "name": "handler", "program": [ { "cpu": "50us" }, { "sleep": 200 }, { "cpu": "50us" } ] } ],
    "tasks": [ { "name": "accept", "process": "server", "program": [ { "repeat": )" +
         std::to_string(connections) + R"(, "program": [
      { "io": "clients", "duration": 0.1 }, { "spawn": "handler", "as": "thread" } ] } ] } ] })";
}

constexpr float kWidth = 1600, kHeight = 1000;

struct Timing {
  double ms = 0;
  int frames = 0;
};

template <class F>
Timing per_frame(F&& f) {
  Timing t;
  const double start = cpu_seconds();
  do {
    f();
    ++t.frames;
  } while (cpu_seconds() - start < 0.3 && t.frames < 2000);
  t.ms = (cpu_seconds() - start) * 1000.0 / t.frames;
  return t;
}

int bench(const std::string& label, const std::string& json) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "timeslice-bench-gui.json").string();
  // Start on a one-task workload, then open the big one under the raised budget.
  std::ofstream(path) << R"({ "name": "start", "machine": { "cpus": 1 }, "tasks": [ { "name": "A", "burst": 1 } ] })";
  AppOptions options;
  options.file = path;
  App app(options);
  std::ofstream(path) << json;
  // The fibers run keeps more than the visualizer's records budget at the
  // decisions level: the bench measures drawing, so it allows the CLI's.
  app.session.set_max_records(kDefaultMaxRecords);
  const double t_sim = cpu_seconds();
  app.open(path);
  if (!app.session.has_run() || !app.session.error().empty()) {
    std::fprintf(stderr, "bench_gui_frame: %s\n", app.session.error().c_str());
    return 1;
  }
  const RunModel& m = app.session.model();
  const Trace& trace = app.session.trace();
  std::printf("== %s: %s\n%zu CPU slices, %zu device slices, %zu fiber slices on %zu carrier lanes, %s simulated\n",
              label.c_str(), app.session.workload().name.c_str(), trace.cpu_slices.size(),
              trace.device_slices.size(), trace.fiber_slices.size(), m.carrier_lanes().size(),
              format_duration(m.end()).c_str());
  std::printf("simulate + build view model: %.2f s CPU\n", cpu_seconds() - t_sim);
  if (m.memory().shown())
    std::printf("%zu memory changes, %zu refused spawns\n", m.memory().times().size(),
                m.memory().refusal_times().size());
  std::printf("\n");

  // One frame first so the layout knows the lanes' width.
  ImGui::NewFrame();
  app.frame(0);
  ImGui::Render();
  const double lanes_w = app.view.lanes_width;
  const double end = static_cast<double>(m.end());

  std::printf("%-22s %9s %9s %12s %12s %10s\n", "zoom (visible span)", "blocks", "fold ms",
              "timeline ms", "vertices", "naive ms");
  for (double fraction : {1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-6}) {
    const double span = end * fraction;
    app.view.time.t0 = end * 0.37 - span / 2;
    if (fraction == 1.0) app.view.time.t0 = 0;
    app.view.time.ns_per_px = span / lanes_w;
    const VisibleRange range = app.view.time.range(lanes_w);

    std::vector<DrawBlock> blocks;
    std::size_t nblocks = 0;
    const Timing fold = per_frame([&] {
      blocks.clear();
      for (const Lane& lane : m.cpu_lanes())
        fold_lane(lane.starts(), lane.ends(), range, 3, blocks);
      for (const DeviceLane& d : m.device_lanes())
        fold_lane(d.lane.starts(), d.lane.ends(), range, 3, blocks);
      for (const CarrierLane& c : m.carrier_lanes()) {
        fold_lane(c.fibers.starts(), c.fibers.ends(), range, 3, blocks);
        const Lane& states = m.task_lanes()[c.carrier].lane;
        fold_lane(states.starts(), states.ends(), range, 3, blocks);
      }
      const AxisTicks ticks = make_ticks(range.t0, range.ns_per_px, range.width_px, 90);
      nblocks = blocks.size() + ticks.major.size() * 0;
    });

    int vertices = 0;
    const Timing timeline = per_frame([&] {
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      // Tall enough that every lane of both runs is drawn (none scrolled out).
      ImGui::SetNextWindowSize(ImVec2(kWidth * 0.655f, kHeight));
      ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoSavedSettings);
      draw_timeline(app);
      ImGui::End();
      ImGui::Render();
      vertices = HeadlessImGui::vertices();
    });

    // Naive: every visible slice (CPU and fiber) as a rectangle, nothing folded.
    ImDrawList naive(ImGui::GetDrawListSharedData());
    std::vector<const Lane*> lanes;
    for (const Lane& lane : m.cpu_lanes()) lanes.push_back(&lane);
    for (const CarrierLane& c : m.carrier_lanes()) lanes.push_back(&c.fibers);
    const Timing naive_t = per_frame([&] {
      naive._ResetForNewFrame();
      naive.PushClipRectFullScreen();
      for (const Lane* lp : lanes) {
        const Lane& lane = *lp;
        const IndexRange r = visible_items(lane.starts(), lane.ends(), range.t0, range.t1());
        for (std::uint32_t i = r.first; i < r.last; ++i) {
          const float x0 =
              static_cast<float>((static_cast<double>(lane.start[i]) - range.t0) / range.ns_per_px);
          const float x1 =
              static_cast<float>((static_cast<double>(lane.end[i]) - range.t0) / range.ns_per_px);
          naive.AddRectFilled(ImVec2(x0, 0), ImVec2(std::max(x1, x0 + 1), 20),
                              IM_COL32(200, 100, 50, 255));
        }
      }
    });

    char label[64];
    std::snprintf(label, sizeof label, "1/%g (%s)", 1 / fraction,
                  format_duration(static_cast<Time>(span)).c_str());
    std::printf("%-22s %9zu %9.3f %12.3f %12d %10.3f\n", label, nblocks, fold.ms, timeline.ms,
                vertices, naive_t.ms);
  }

  // The whole window (every panel) at fit-all, for reference.
  app.fit();
  const Timing whole = per_frame([&] {
    ImGui::NewFrame();
    app.frame(0);
    ImGui::Render();
  });
  std::printf("\nwhole window, every panel, fit all: %.3f ms CPU per frame (%d vertices)\n\n",
              whole.ms, HeadlessImGui::vertices());
  std::filesystem::remove(path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int tasks = argc > 1 ? std::atoi(argv[1]) : 40000;
  const int fibers = argc > 2 ? std::atoi(argv[2]) : 1000000;
  const int spawns = argc > 3 ? std::atoi(argv[3]) : 100000;
  HeadlessImGui imgui(kWidth, kHeight);
  if (bench("cpu", workload_json(tasks)) != 0) return 1;
  if (bench("fibers", fibers_json(fibers)) != 0) return 1;
  return bench("spawns", spawns_json(spawns));
}
