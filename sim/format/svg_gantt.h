// A run as an SVG Gantt chart (`timeslice run --svg OUT.svg`), made to be
// dropped into lecture slides: a lane per CPU and per device channel, a colour
// per task (the same in every lane and every chart of the same workload), the
// task's name inside slices wide enough for it, overhead (context switches,
// migrations, scheduler decisions, interrupts) in dark, patterned fills that no
// task uses, a time axis in human units with 1-2-5 ticks, and a legend.
//
// A slice is one <rect class="slice ..."> with a <title> (hover text: task,
// start, end, length, why it ended). The picture scales with pixels, not
// slices: neighbouring slices in a lane that are each narrower than a pixel
// fold into one grey <rect class="slice folded"> (its title says how many),
// as the visualizer folds them; neighbouring overhead slices narrower than a
// pixel fold into one marker in the style of the overhead that took longest,
// and an overhead marker is at least a pixel wide so it stays visible; task
// slices are drawn to scale. The legend names at most 40 tasks, those with a slice drawn, and
// counts the rest. The output is deterministic: fixed layout, coordinates
// rounded to hundredths of a pixel.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

struct SvgOptions {
  int width = 1200;         // pixels, the whole picture
  std::string title;        // empty: the workload's name
  // Below the CPUs and devices, a lane per task showing its states: running
  // (its colour), ready -- waiting for a CPU -- (its colour, pale), blocked on
  // I/O and sleeping (thin grey bars). One <rect class="state ..."> per stretch.
  bool task_lanes = false;
  // The window drawn, [from, to): the run is the same, the picture shows
  // only this stretch (kNever: to the end).
  Time from = 0, to = kNever;
};

// Needs a trace recorded at RecordLevel::Slices or above.
std::string svg_gantt(const Workload& workload, const Results& results, const Trace& trace,
                      const SvgOptions& options = {});

// The colour of a task everywhere it is drawn -- these charts and the
// visualizer alike: a colour-blind-friendly qualitative palette (Tableau 10
// without grey) for the first tasks, then evenly spread hues. 0xRRGGBB.
std::uint32_t task_rgb(TaskId task);
// task_rgb() as "#rrggbb".
std::string task_colour(TaskId task);

}  // namespace timeslice
