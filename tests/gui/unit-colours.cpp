// One colour per task, the same in the visualizer and in every SVG export.
#include <catch2/catch.hpp>

#include <cstdio>

#include "gui/ui/theme.h"
#include "sim/format/svg_gantt.h"

using namespace timeslice;

TEST_CASE("colours: a task has the same colour in the visualizer and the SVG") {
  for (TaskId t = 0; t < 200; ++t) {
    unsigned r = 0, g = 0, b = 0;
    REQUIRE(std::sscanf(task_colour(t).c_str(), "#%02x%02x%02x", &r, &g, &b) == 3);
    INFO("task " << t << " " << task_colour(t));
    CHECK(gui::task_color(t) == IM_COL32(r, g, b, 255));
    CHECK(gui::task_color(t, 0.5f) == IM_COL32(r, g, b, 128));
  }
  CHECK(task_colour(0) == "#4e79a7");  // the first task is blue in both
  CHECK(task_colour(1) == "#f28e2b");
}
