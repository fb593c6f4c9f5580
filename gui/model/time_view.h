// The timeline's horizontal mapping between time and pixels, and the zoom and
// pan operations on it. Pure; unit-tested.
#pragma once

#include "gui/model/lod.h"
#include "sim/core/time.h"

namespace timeslice::gui {

struct TimeView {
  double t0 = 0;         // time at pixel 0 of the lanes
  double ns_per_px = 1;  // zoom

  // Zoom limits: at most 20 px per ns, at least the whole run in 1/8 of the width.
  static constexpr double kMinNsPerPx = 0.05;

  double x_of(double t) const { return (t - t0) / ns_per_px; }
  double time_at(double x) const { return t0 + x * ns_per_px; }
  VisibleRange range(double width_px) const { return {t0, ns_per_px, width_px}; }

  // Show [a, b] across width_px, with a small margin on either side.
  void fit(Time a, Time b, double width_px);
  // Zoom by `factor` (> 1 zooms in) keeping the time under pixel x in place;
  // `run_end` bounds how far out one can zoom.
  void zoom_at(double x, double factor, Time run_end, double width_px);
  // Move the view by dx pixels (drag right shows earlier times).
  void pan_px(double dx);
  // Keep t visible: if outside [margin, width - margin] px, scroll so it sits
  // at that margin. Used to follow the playback cursor.
  void follow(double t, double width_px, double margin_px);
  // Keep the view within the run: not before -10% of the width, not past the end.
  void clamp(Time run_end, double width_px);
};

}  // namespace timeslice::gui
