// What the run queues panel knows beyond the queues. A task waiting for a
// lock shows the lock and its holder, in the queue snapshot (QueueProbe) and
// on the timeline (RunModel's lock lanes); on Mars Pathfinder meteo holds
// "bus" from 1ms to 26ms, bus_manager waits for it from 3ms. And each task's
// place in its policy (Engine::policy_state), e.g. its MLFQ level.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "gui/model/session.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

std::string mars_with_a_disk() {
  std::ifstream in(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/mars-pathfinder.json");
  std::stringstream text;
  text << in.rdbuf();
  Json doc = Json::parse(text.str());
  // A device, so a lock waiter could be mistaken for a task blocked on it.
  doc["devices"] = Json::array({Json{{"name", "disk"}}});
  return doc.dump();
}

}  // namespace

TEST_CASE("lock view: the queue snapshot names the lock, its holder and its waiters") {
  Session s;
  REQUIRE(s.open_text(mars_with_a_disk(), "mars.json"));
  const QueueSnapshot& q = s.probe().at(5 * kMillisecond);
  REQUIRE(q.lock_holder.size() == 1);
  CHECK(q.lock_holder[0] == 0);  // meteo
  REQUIRE(q.lock_waiters.size() == 1);
  CHECK(q.lock_waiters[0] == std::vector<TaskId>{1});  // bus_manager
  REQUIRE(q.blocked.size() == 1);
  CHECK(q.blocked[0].empty());  // not "blocked on disk"

  const QueueSnapshot& before = s.probe().at(0);  // going back replays from 0
  CHECK(before.lock_holder[0] == kNoTask);
  CHECK(before.lock_waiters[0].empty());

  const QueueSnapshot& after = s.probe().at(27 * kMillisecond);
  CHECK(after.lock_waiters[0].empty());
  CHECK(after.lock_holder[0] != 0);  // meteo let go at 26ms
}

TEST_CASE("lock view: the run model knows who held a lock when") {
  Session s;
  REQUIRE(s.open_text(mars_with_a_disk(), "mars.json"));
  const RunModel& m = s.model();
  REQUIRE(m.lock_lanes().size() == 1);
  CHECK(m.lock_holder_at(0, 0) == kNoTask);
  CHECK(m.lock_holder_at(0, 1 * kMillisecond) == 0);
  CHECK(m.lock_holder_at(0, 25 * kMillisecond) == 0);
  CHECK(m.lock_holder_at(0, 26 * kMillisecond) == 1);  // handed to bus_manager
  CHECK(m.lock_holder_at(0, 5 * kMillisecond) == 0);
  // bus_manager's lane says what it waits for.
  const TaskAt at = m.task_at(1, 5 * kMillisecond);
  CHECK(at.state == TaskState::Blocked);
  CHECK(blocked_on_lock(at.aux));
  CHECK(at.aux - kLockAux == 0);
}

TEST_CASE("policy state: the queue snapshot says where each task stands in its policy") {
  Session s;
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/mlfq.json"));
  // 50.5ms: interactive runs; batch, used up two allotments, waits at level 2.
  const QueueSnapshot& q = s.probe().at(50'500'000);
  REQUIRE(q.policy_state.count(0));
  CHECK(q.policy_state.at(0).rfind("level 2", 0) == 0);
  REQUIRE(q.policy_state.count(2));
  CHECK(q.policy_state.at(2).rfind("level 0", 0) == 0);

  Session rr;  // rr has nothing to say beyond the queue order
  REQUIRE(rr.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/textbook.json"));
  CHECK(rr.probe().at(5 * kMillisecond).policy_state.empty());
}
