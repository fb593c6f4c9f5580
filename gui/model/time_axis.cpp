#include "gui/model/time_axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace timeslice::gui {

namespace {

struct Unit {
  Time ns;
  const char* suffix;
};
constexpr Unit kUnits[] = {{kSecond, "s"}, {kMillisecond, "ms"}, {kMicrosecond, "us"}, {1, "ns"}};

// The largest unit of which `step` is more than a tenth (so ticks need at
// most one decimal more than the step shows) and a multiple of a thousandth.
Unit unit_for(Time step) {
  for (const Unit& u : kUnits)
    if (u.ns == 1 || (step * 10 > u.ns && step % (u.ns / 1000) == 0)) return u;
  return kUnits[3];
}

// |t| in `u` with up to 3 decimals, trailing zeros (and the point) dropped.
std::string in_unit(Time t, Unit u) {
  const bool negative = t < 0;
  const Time a = negative ? -t : t;
  const Time whole = a / u.ns;
  const Time frac_ns = a % u.ns;
  std::string s = (negative ? "-" : "") + std::to_string(whole);
  if (frac_ns != 0) {
    // thousandths of the unit; unit_for guarantees exactness for ticks.
    const Time thousandths = frac_ns * 1000 / u.ns;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%03lld", static_cast<long long>(thousandths));
    std::string f = buf;
    while (!f.empty() && f.back() == '0') f.pop_back();
    if (!f.empty()) s += "." + f;
  }
  return s + u.suffix;
}

}  // namespace

Time nice_step(double ns_per_px, double min_px) {
  const double want = std::max(1.0, ns_per_px * min_px);
  Time decade = 1;
  while (static_cast<double>(decade) * 10 <= want && decade < Time{100'000'000'000'000'000})
    decade *= 10;
  for (Time m : {1, 2, 5, 10}) {
    if (static_cast<double>(decade * m) >= want) return decade * m;
  }
  return decade * 10;
}

std::string tick_label(Time t, Time step) {
  if (t == 0) return "0";
  return in_unit(t, unit_for(step > 0 ? step : 1));
}

std::string exact_duration(Time t) {
  if (t == 0) return "0";
  const Time a = t < 0 ? -t : t;
  for (const Unit& u : kUnits)
    if (u.ns == 1 || (a >= u.ns && a % (u.ns / 1000) == 0)) return in_unit(t, u);
  return std::to_string(t) + "ns";
}

AxisTicks make_ticks(double t0, double ns_per_px, double width_px, double min_label_px) {
  AxisTicks axis;
  if (ns_per_px <= 0 || width_px <= 0) return axis;
  axis.step = nice_step(ns_per_px, min_label_px);
  const Time step = axis.step;
  const double t1 = t0 + width_px * ns_per_px;
  const Time first =
      std::max<Time>(0, static_cast<Time>(std::ceil(t0 / static_cast<double>(step))) * step);

  // Labels longer than ~6 significant digits are hard to read: go relative,
  // with the origin on a round multiple of 1000 steps below the first tick.
  const double last_value = std::max(0.0, t1);
  axis.relative = last_value / static_cast<double>(step) >= 100000.0;
  if (axis.relative) {
    const Time big = step * 1000;
    axis.origin = first / big * big;
    axis.origin_label = exact_duration(axis.origin);
  }

  // Minor ticks: 5 per major for 1 and 5 steps, 4 for 2 steps.
  Time mantissa = step;
  while (mantissa % 10 == 0) mantissa /= 10;
  const Time minor_step = step / (mantissa == 2 ? 4 : 5);

  for (Time t = first; static_cast<double>(t) <= t1; t += step) {
    std::string label =
        axis.relative ? "+" + tick_label(t - axis.origin, step) : tick_label(t, step);
    if (axis.relative && t == axis.origin) label = axis.origin_label;
    axis.major.push_back({t, std::move(label)});
  }
  if (minor_step > 0) {
    const Time mfirst = std::max<Time>(
        0, static_cast<Time>(std::ceil(t0 / static_cast<double>(minor_step))) * minor_step);
    for (Time t = mfirst; static_cast<double>(t) <= t1; t += minor_step)
      if (t % step != 0) axis.minor.push_back(t);
  }
  return axis;
}

std::vector<std::optional<double>> place_tick_labels(const std::vector<double>& tick_x,
                                                     const std::vector<double>& label_w,
                                                     double width, double pad, double gap) {
  std::vector<std::optional<double>> left(tick_x.size());
  double free_from = -1e300;  // right edge of the last label placed, plus the gap
  for (std::size_t i = 0; i < tick_x.size(); ++i) {
    const double x = std::min(tick_x[i] + pad, width - label_w[i] - 1);
    if (x < free_from || x < 0) continue;
    left[i] = x;
    free_from = x + label_w[i] + gap;
  }
  return left;
}

}  // namespace timeslice::gui
