// The "now" line (gui/model/now_line.h), on the textbook's rr run:
// P1 0-4, P2 4-7, P3 7-10, P1 10-30 (quantum 4ms).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "gui/model/now_line.h"
#include "gui/model/session.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("now line: what just happened at the cursor, in the log's words") {
  Session s;
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/textbook.json"));
  auto line = [&](Time t) { return now_line(s.workload(), s.trace(), s.model(), t); };
  CHECK(line(0) ==
        "At 0: P1 arrives; P2 arrives; P3 arrives; and 1 more.");
  CHECK(line(7 * kMillisecond) ==
        "At 7ms: P2 finished; P3 dispatched (chosen from 2 ready tasks), process switch.");
  CHECK(line(8 * kMillisecond) ==
        "Last, at 7ms: P2 finished; P3 dispatched (chosen from 2 ready tasks), process switch.");
  // The final "idle" is skipped: the line says what the run did.
  CHECK(line(30 * kMillisecond) == "At 30ms: P1 finished.");
}

TEST_CASE("now line: empty without decisions") {
  Session s;
  s.set_record(RecordLevel::Slices);
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/textbook.json"));
  CHECK(now_line(s.workload(), s.trace(), s.model(), 7 * kMillisecond).empty());
}
