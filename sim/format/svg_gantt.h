// A run as an SVG Gantt chart (`timeslice run --svg OUT.svg`), made to be
// dropped into lecture slides: a lane per CPU and per device channel, a colour
// per task (the same in every lane and every chart of the same workload), the
// task's name inside slices wide enough for it, overhead (context switches,
// migrations, scheduler decisions, interrupts) in dark, patterned fills that no
// task uses, a time axis in human units with 1-2-5 ticks, and a legend.
//
// Every slice of the trace is one <rect class="slice ..."> with a <title>
// (hover text: task, start, end, length, why it ended). Overhead slices
// narrower than a pixel are drawn one pixel wide so they stay visible; task
// slices are drawn to scale. The output is deterministic: fixed layout,
// coordinates rounded to hundredths of a pixel.
#pragma once

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
};

// Needs a trace recorded at RecordLevel::Slices or above.
std::string svg_gantt(const Workload& workload, const Results& results, const Trace& trace,
                      const SvgOptions& options = {});

// The fill of a task's slices: a colour-blind-friendly qualitative palette for
// the first tasks, then evenly spread hues. "#rrggbb".
std::string task_colour(TaskId task);

}  // namespace timeslice
