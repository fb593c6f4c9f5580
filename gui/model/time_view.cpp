#include "gui/model/time_view.h"

#include <algorithm>

namespace timeslice::gui {

namespace {
double max_ns_per_px(Time run_end, double width_px) {
  return std::max(1.0, static_cast<double>(run_end)) * 8.0 / std::max(1.0, width_px);
}
}  // namespace

void TimeView::fit(Time a, Time b, double width_px) {
  if (width_px <= 0) return;
  const double span = std::max(1.0, static_cast<double>(b - a));
  const double margin = span * 0.02;
  ns_per_px = std::max(kMinNsPerPx, (span + 2 * margin) / width_px);
  t0 = static_cast<double>(a) - margin;
}

void TimeView::zoom_at(double x, double factor, Time run_end, double width_px) {
  if (factor <= 0) return;
  const double anchor = time_at(x);
  ns_per_px = std::clamp(ns_per_px / factor, kMinNsPerPx, max_ns_per_px(run_end, width_px));
  t0 = anchor - x * ns_per_px;
}

void TimeView::pan_px(double dx) { t0 -= dx * ns_per_px; }

void TimeView::follow(double t, double width_px, double margin_px) {
  const double x = x_of(t);
  if (x > width_px - margin_px)
    t0 = t - (width_px - margin_px) * ns_per_px;
  else if (x < margin_px)
    t0 = t - margin_px * ns_per_px;
}

void TimeView::clamp(Time run_end, double width_px) {
  const double span = width_px * ns_per_px;
  const double lo = -0.1 * span;
  const double hi = std::max(lo, static_cast<double>(run_end) - 0.9 * span);
  t0 = std::clamp(t0, lo, hi);
}

}  // namespace timeslice::gui
