// Time-axis ticks in human units for any zoom: a 1-2-5 step so labels are at
// least `min_label_px` apart, labels exact in the step's unit ("1.5ms",
// "250us"). Deep zooms far from 0 would need long labels ("1.00000025s"), so
// there the axis is relative: one origin label ("1.2s") and offsets
// ("+250ns"). Pure; unit-tested.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace timeslice::gui {

struct AxisTick {
  Time t = 0;
  std::string label;  // empty for minor ticks
};

struct AxisTicks {
  Time step = 0;                // between major (labelled) ticks
  std::vector<AxisTick> major;  // labelled
  std::vector<Time> minor;      // unlabelled, between the majors
  bool relative = false;        // labels are offsets from origin
  Time origin = 0;
  std::string origin_label;  // set when relative
};

// The smallest 1-2-5 x 10^k ns step (at least 1 ns) that spans min_px pixels.
Time nice_step(double ns_per_px, double min_px);

// `t` as a label with the precision `step` needs: unit chosen from the step
// (at most 3 decimals), trailing zeros dropped. tick_label(1500000, 500000)
// == "1.5ms"; tick_label(0, x) == "0".
std::string tick_label(Time t, Time step);

// Ticks for the visible range [t0, t0 + width_px * ns_per_px]; negative
// times are skipped (a run starts at 0).
AxisTicks make_ticks(double t0, double ns_per_px, double width_px, double min_label_px);

// Where to draw tick labels along an axis `width` px wide: each label's left
// edge, normally `pad` px right of its tick, moved left where it would run
// past the right end (so the last label is never cut), and nullopt for a
// label that would then overlap the one before it (by less than `gap` px).
// `tick_x` ascending, `label_w` the labels' widths.
std::vector<std::optional<double>> place_tick_labels(const std::vector<double>& tick_x,
                                                     const std::vector<double>& label_w,
                                                     double width, double pad = 3,
                                                     double gap = 6);

// A duration written exactly, in the largest unit that needs at most 3
// decimals: 4000000 -> "4ms", 1234567 -> "1234.567us", 0 -> "0". The result
// parses back to the same value with timeslice::parse_duration.
std::string exact_duration(Time t);

}  // namespace timeslice::gui
