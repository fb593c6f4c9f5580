// The Examples menu's entries (gui/model/session.h describe_workload).
#include <catch2/catch.hpp>

#include "gui/model/session.h"

using namespace timeslice::gui;

TEST_CASE("examples: every shipped workload has a name and a description") {
  const auto paths = list_workloads(std::string(TIMESLICE_SOURCE_DIR) + "/workloads");
  REQUIRE(paths.size() >= 10);
  for (const std::string& p : paths) {
    INFO(p);
    const WorkloadInfo info = describe_workload(p);
    CHECK(info.path == p);
    CHECK_FALSE(info.name.empty());
    CHECK(info.description.size() > 40);
  }
  const WorkloadInfo textbook =
      describe_workload(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/textbook.json");
  CHECK(textbook.name == "Textbook: FCFS, SJF and RR on three jobs");
  CHECK(textbook.description.find("Silberschatz") != std::string::npos);
}

TEST_CASE("examples: an unreadable file gives an empty entry, not an error") {
  const WorkloadInfo none = describe_workload("/nonexistent/x.json");
  CHECK(none.name.empty());
  CHECK(none.description.empty());
}
