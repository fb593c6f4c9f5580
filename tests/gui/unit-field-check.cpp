// Every edit the workload editor refuses has a reason (gui/model/field_check.h).
#include <catch2/catch.hpp>

#include "gui/model/field_check.h"

using namespace timeslice::gui;

TEST_CASE("field check: durations") {
  CHECK(duration_error("4", "ms").empty());
  CHECK(duration_error(" 250us ", "ms").empty());
  CHECK(duration_error("1.5", "s").empty());
  CHECK(duration_error("0", "ms").empty());  // a valid duration; the workload check says if 0 is allowed
  CHECK(duration_error("abc", "ms") ==
        "\"abc\" is not a duration: write a number (in ms) or one with a unit, e.g. 250us, 2ms, 1s");
  CHECK(duration_error("42x", "us").find("(in us)") != std::string::npos);
  CHECK(duration_error("", "ms") == "empty: write a duration, e.g. 4 (in ms) or 250us");
  CHECK_FALSE(duration_error("-3", "ms").empty());
  CHECK_FALSE(duration_error("4ms5", "ms").empty());
}

TEST_CASE("field check: duration lists name the bad item") {
  CHECK(duration_list_error("10, 20, 40", "ms").empty());
  CHECK(duration_list_error("10, 2ms", "ms").empty());
  CHECK(duration_list_error("10, x, 40", "ms").find("item 2: \"x\" is not a duration") == 0);
  CHECK(duration_list_error(" , ", "ms").find("empty") == 0);
}

TEST_CASE("field check: integer ranges") {
  CHECK(int_range_error("cpus", 1, 1, 1024).empty());
  CHECK(int_range_error("cpus", 0, 1, 1024) == "cpus must be at least 1 (got 0)");
  CHECK(int_range_error("cpus", 2000, 1, 1024) == "cpus must be at most 1024 (got 2000)");
}
