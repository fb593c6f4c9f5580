// Time-axis ticks and labels (gui/model/time_axis.h) and the zoom/pan
// mapping (gui/model/time_view.h).
#include <catch2/catch.hpp>

#include <random>

#include "gui/model/time_axis.h"
#include "gui/model/time_view.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("axis: steps follow 1-2-5 and keep labels apart") {
  CHECK(nice_step(1, 100) == 100);
  CHECK(nice_step(1.5, 100) == 200);
  CHECK(nice_step(3, 100) == 500);
  CHECK(nice_step(6, 100) == 1000);
  CHECK(nice_step(1000, 100) == 100'000);
  CHECK(nice_step(0.001, 100) == 1);  // never below 1 ns
  CHECK(nice_step(1e7, 80) == 1'000'000'000);
}

TEST_CASE("axis: labels use the step's unit, exact, without trailing zeros") {
  CHECK(tick_label(0, 5) == "0");
  CHECK(tick_label(1'500'000, 500'000) == "1.5ms");
  CHECK(tick_label(14'000'000, 2'000'000) == "14ms");
  CHECK(tick_label(2 * kSecond, kSecond) == "2s");
  CHECK(tick_label(250'000, 50'000) == "250us");
  CHECK(tick_label(250, 50) == "250ns");
  CHECK(tick_label(12'000'200, 200) == "12000.2us");
  CHECK(tick_label(1'200'000'000, 200'000'000) == "1.2s");
}

TEST_CASE("axis: ticks cover the range with labelled majors and minors") {
  // 0..100ms over 1000 px, labels at least 80 px apart: every 10ms.
  const AxisTicks a = make_ticks(0, 100'000, 1000, 80);
  CHECK(a.step == 10'000'000);
  REQUIRE(a.major.size() == 11);
  CHECK(a.major.front().label == "0");
  CHECK(a.major[1].label == "10ms");
  CHECK(a.major.back().label == "100ms");
  CHECK_FALSE(a.relative);
  CHECK(a.minor.size() == 40);  // 4 between each pair of majors (step mantissa 1: 5 parts)
  for (Time m : a.minor) CHECK(m % a.step != 0);
}

TEST_CASE("axis: no ticks before 0, none for an empty view") {
  const AxisTicks a = make_ticks(-50'000'000, 100'000, 1000, 80);
  REQUIRE_FALSE(a.major.empty());
  CHECK(a.major.front().t == 0);
  CHECK(make_ticks(0, 1, 0, 80).major.empty());
}

TEST_CASE("axis: deep zoom far from 0 labels offsets from an origin") {
  const AxisTicks a = make_ticks(1e9, 1.0, 1000, 100);  // 1s + 1000 ns
  CHECK(a.step == 100);
  REQUIRE(a.relative);
  CHECK(a.origin == kSecond);
  CHECK(a.origin_label == "1s");
  CHECK(a.major.front().label == "1s");
  CHECK(a.major[1].label == "+100ns");
}

TEST_CASE("axis: exact durations parse back to the same value") {
  CHECK(exact_duration(0) == "0");
  CHECK(exact_duration(4'000'000) == "4ms");
  CHECK(exact_duration(1'234'567) == "1234.567us");
  CHECK(exact_duration(1'500) == "1.5us");
  CHECK(exact_duration(7) == "7ns");
  CHECK(exact_duration(2'500'000'000) == "2.5s");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    const Time t = static_cast<Time>(rng() % 10'000'000'000'000ULL) / (Time{1} << (rng() % 40));
    REQUIRE(parse_duration(exact_duration(t), TimeUnit::Milliseconds) == t);
  }
}

TEST_CASE("view: zooming keeps the time under the mouse in place") {
  TimeView v;
  v.fit(0, 30'000'000, 1000);
  CHECK(v.time_at(0) < 0);
  CHECK(v.time_at(1000) > 30'000'000);
  const double under = v.time_at(300);
  v.zoom_at(300, 4, 30'000'000, 1000);
  CHECK(v.time_at(300) == Approx(under));
  CHECK(v.ns_per_px < 30'000.0);
  // Zooming out stops at 8x the run.
  for (int i = 0; i < 100; ++i) v.zoom_at(300, 0.5, 30'000'000, 1000);
  CHECK(v.ns_per_px == Approx(30'000'000.0 * 8 / 1000));
  // Zooming in stops at 20 px per ns.
  for (int i = 0; i < 100; ++i) v.zoom_at(300, 2, 30'000'000, 1000);
  CHECK(v.ns_per_px == Approx(TimeView::kMinNsPerPx));
}

TEST_CASE("view: pan, follow and clamp") {
  TimeView v{0, 1000};
  v.pan_px(100);  // drag right: earlier times
  CHECK(v.t0 == Approx(-100'000));
  v.follow(2'000'000, 1000, 50);  // x = 2100 px: scroll so it sits 50 px from the right
  CHECK(v.x_of(2'000'000) == Approx(950));
  v.follow(0, 1000, 50);
  CHECK(v.x_of(0) == Approx(50));
  v.t0 = 1e12;
  v.clamp(1'000'000, 1000);
  CHECK(v.t0 <= 1'000'000);
  v.t0 = -1e12;
  v.clamp(1'000'000, 1000);
  CHECK(v.t0 == Approx(-100'000));
}

TEST_CASE("time axis: labels are never cut at the right end, nor overlap") {
  // Ticks every 100 px on a 400 px axis, labels 40 px wide.
  const std::vector<double> x{0, 100, 200, 300, 400};
  const std::vector<double> w(5, 40);
  const auto left = place_tick_labels(x, w, 400);
  REQUIRE(left.size() == 5);
  CHECK(*left[0] == 3);
  CHECK(*left[3] == 303);
  // The end label would start at 403, past the edge: it is moved left to
  // end inside the axis, still clear of the label before it.
  REQUIRE(left[4]);
  CHECK(*left[4] == 359);
  // Pulled further left it would overlap 300's label: then 400's goes.
  const auto tight = place_tick_labels({0, 100, 200, 300, 330}, w, 370);
  CHECK(tight[3]);
  CHECK_FALSE(tight[4]);
  for (std::size_t i = 0; i + 1 < left.size(); ++i)
    if (left[i] && left[i + 1]) CHECK(*left[i] + w[i] <= *left[i + 1]);
}

TEST_CASE("time axis: crowded labels are dropped, not drawn over each other") {
  const std::vector<double> x{0, 20, 40, 60, 80};
  const std::vector<double> w(5, 50);
  const auto left = place_tick_labels(x, w, 1000);
  CHECK(left[0]);
  CHECK_FALSE(left[1]);
  CHECK(left[3]);  // 63 >= 3 + 50 + 6
}
