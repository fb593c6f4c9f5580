// Who woke whom (gui/model/wakeups.h), on hand-checked runs.
#include <catch2/catch.hpp>

#include "gui/model/session.h"
#include "gui/model/wakeups.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("wakeups: a device's completion wakes the task, which runs at once under mlfq") {
  Session s;
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/mlfq.json"));
  const auto w = find_wakeups(s.trace(), s.model());
  REQUIRE_FALSE(w.empty());
  // interactive (task 2) computes 50-51ms, waits 5ms on tty, wakes at 56ms
  // and preempts batch at once.
  const Wakeup& first = w.front();
  CHECK(first.woken == 56 * kMillisecond);
  CHECK(first.task == 2);
  CHECK(first.from == Wakeup::From::Device);
  CHECK(s.model().device_lanes()[first.from_lane].device == 0);
  CHECK(first.cpu == 0);
  CHECK(first.ran == 56 * kMillisecond);
  for (std::size_t i = 1; i < w.size(); ++i) CHECK(w[i - 1].woken <= w[i].woken);
}

TEST_CASE("wakeups: a lock handed over wakes its waiter") {
  Session s;
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/mars-pathfinder.json"));
  const auto w = find_wakeups(s.trace(), s.model());
  REQUIRE(w.size() == 1);
  // meteo releases "bus" on cpu0 at 26ms; bus_manager (more urgent) runs at once.
  CHECK(w[0].from == Wakeup::From::Lock);
  CHECK(w[0].from_lane == 0);
  CHECK(w[0].task == 1);
  CHECK(w[0].woken == 26 * kMillisecond);
  CHECK(w[0].ran >= w[0].woken);
}

TEST_CASE("wakeups: none without recorded decisions") {
  Session s;
  s.set_record(RecordLevel::Slices);
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/mlfq.json"));
  CHECK(find_wakeups(s.trace(), s.model()).empty());
}
