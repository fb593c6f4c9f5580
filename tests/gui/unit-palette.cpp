// Task colours and state colours are never confusable (gui/model/palette.h).
#include <catch2/catch.hpp>

#include "gui/model/palette.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("palette: Lab and delta E on known colours") {
  CHECK(to_lab({255, 255, 255}).l == Approx(100).margin(0.1));
  CHECK(to_lab({0, 0, 0}).l == Approx(0).margin(0.1));
  CHECK(chroma({128, 128, 128}) < 0.5);
  CHECK(to_lab({255, 0, 0}).a == Approx(80.1).margin(0.5));  // sRGB red: a* ~ 80
  CHECK(delta_e({10, 20, 30}, {10, 20, 30}) == 0);
  CHECK(delta_e({0, 0, 0}, {255, 255, 255}) == Approx(100).margin(0.1));
}

TEST_CASE("palette: tasks are hues, states are neutral, never within reach") {
  for (const Rgb& s : palette::kStates) CHECK(chroma(s) <= palette::kMaxStateChroma);
  for (TaskId t = 0; t < 256; ++t) {
    INFO("task " << t);
    const Rgb c = task_rgb(t);
    CHECK(chroma(c) >= palette::kMinTaskChroma);
    for (const Rgb& s : palette::kStates) CHECK(delta_e(c, s) >= palette::kMinStateDistance);
  }
}

TEST_CASE("palette: the old blocked brown was a task colour") {
  // The defect this rule fixes: blocked drawn in (176, 120, 72) read as the
  // first task running (mars-pathfinder, --task-lanes).
  const Rgb old_blocked{176, 120, 72};
  double nearest = 1e9;
  for (TaskId t = 0; t < 64; ++t) nearest = std::min(nearest, delta_e(task_rgb(t), old_blocked));
  CHECK(nearest < palette::kMinStateDistance);
  CHECK(chroma(old_blocked) > palette::kMaxStateChroma);
}

TEST_CASE("palette: the neutral states differ from each other by lightness") {
  CHECK(delta_e(palette::kBlocked, palette::kSleeping) >= 10);
  CHECK(delta_e(palette::kBlocked, palette::kFolded) >= 10);
  CHECK(delta_e(palette::kSleeping, palette::kFolded) >= 10);
}

TEST_CASE("palette: neighbouring tasks get different colours") {
  for (TaskId t = 0; t + 1 < 64; ++t) {
    INFO("tasks " << t << " and " << t + 1);
    CHECK(delta_e(task_rgb(t), task_rgb(t + 1)) >= 15);
  }
}
