// Sessions (gui/model/session.h) and the program text form
// (gui/model/program_text.h): editing, re-running, bad input, saving.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "gui/model/program_text.h"
#include "gui/model/session.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {
std::string workload_path(const std::string& name) {
  return std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name;
}
}  // namespace

TEST_CASE("session: opens a shipped workload and runs it") {
  Session s;
  REQUIRE(s.open_file(workload_path("textbook.json")));
  CHECK(s.error().empty());
  REQUIRE(s.has_run());
  CHECK(s.results().summary.makespan == 30 * kMillisecond);
  CHECK(s.model().end() == 30 * kMillisecond);
  CHECK_FALSE(s.trace().decisions.empty());
  CHECK(scheduler_label(s.workload()) == "rr, quantum 4ms");
  CHECK_FALSE(s.dirty());
}

TEST_CASE("session: an edit re-runs at once") {
  Session s;
  REQUIRE(s.open_file(workload_path("textbook.json")));
  const auto v = s.version();
  Json doc = s.doc();
  doc["scheduler"]["quantum"] = "1ms";
  REQUIRE(s.apply(doc));
  CHECK(s.version() != v);
  CHECK(s.dirty());
  CHECK(scheduler_label(s.workload()) == "rr, quantum 1ms");
  CHECK(s.results().summary.context_switches > 5);
}

TEST_CASE("session: a bad edit keeps the last good run and says why") {
  Session s;
  REQUIRE(s.open_file(workload_path("textbook.json")));
  Json doc = s.doc();
  doc["tasks"][0]["brust"] = 3;
  CHECK_FALSE(s.apply(doc));
  CHECK(s.error().find("tasks[0].brust") != std::string::npos);
  CHECK(s.error().find("did you mean") != std::string::npos);
  REQUIRE(s.has_run());
  CHECK(s.results().summary.makespan == 30 * kMillisecond);
  CHECK(s.doc()["tasks"][0].contains("brust"));  // the document keeps the edit to fix
  // Fixing it clears the error.
  doc["tasks"][0].erase("brust");
  CHECK(s.apply(doc));
  CHECK(s.error().empty());
}

TEST_CASE("session: keeps what the recording level says") {
  Session s;
  CHECK(s.record() == RecordLevel::Decisions);  // the default: everything
  REQUIRE(s.open_file(workload_path("textbook.json")));
  CHECK(s.recorded() == RecordLevel::Decisions);
  CHECK_FALSE(s.trace().cpu_slices.empty());
  CHECK_FALSE(s.trace().task_states.empty());
  CHECK_FALSE(s.trace().decisions.empty());
  CHECK(s.has_timeline());
  CHECK(s.has_decisions());

  // Slices: the timeline without the decisions; the figures are the same.
  auto v = s.version();
  REQUIRE(s.set_record(RecordLevel::Slices));
  CHECK(s.version() != v);  // re-ran
  CHECK(s.record() == RecordLevel::Slices);
  CHECK(s.recorded() == RecordLevel::Slices);
  CHECK_FALSE(s.trace().cpu_slices.empty());
  CHECK_FALSE(s.trace().task_states.empty());
  CHECK(s.trace().decisions.empty());
  CHECK(s.has_timeline());
  CHECK_FALSE(s.has_decisions());
  CHECK(s.model().end() == 30 * kMillisecond);
  CHECK(s.results().summary.makespan == 30 * kMillisecond);
  CHECK(s.results().summary.context_switches > 0);

  // Metrics: no trace at all, the results whole.
  v = s.version();
  REQUIRE(s.set_record(RecordLevel::Metrics));
  CHECK(s.version() != v);
  CHECK(s.trace().cpu_slices.empty());
  CHECK(s.trace().device_slices.empty());
  CHECK(s.trace().task_states.empty());
  CHECK(s.trace().decisions.empty());
  CHECK_FALSE(s.has_timeline());
  CHECK(s.model().end() == 0);
  CHECK(s.results().summary.makespan == 30 * kMillisecond);
  CHECK(s.results().tasks.size() == 3);

  // The same level again does not re-run; back to Decisions does.
  v = s.version();
  CHECK(s.set_record(RecordLevel::Metrics));
  CHECK(s.version() == v);
  REQUIRE(s.set_record(RecordLevel::Decisions));
  CHECK(s.version() != v);
  CHECK_FALSE(s.trace().decisions.empty());
  CHECK(s.model().end() == 30 * kMillisecond);
}

TEST_CASE("session: the level set before opening applies to the first run and to edits") {
  Session s;
  CHECK_FALSE(s.set_record(RecordLevel::Slices));  // nothing to run yet
  REQUIRE(s.open_file(workload_path("textbook.json")));
  CHECK(s.recorded() == RecordLevel::Slices);
  CHECK(s.trace().decisions.empty());
  Json doc = s.doc();
  doc["scheduler"]["quantum"] = "1ms";
  REQUIRE(s.apply(doc));
  CHECK(s.recorded() == RecordLevel::Slices);
  CHECK(s.trace().decisions.empty());
  CHECK_FALSE(s.trace().cpu_slices.empty());
}

TEST_CASE("session: a level change on a broken document keeps the last good run") {
  Session s;
  REQUIRE(s.open_file(workload_path("textbook.json")));
  Json doc = s.doc();
  doc["tasks"][0]["brust"] = 3;
  CHECK_FALSE(s.apply(doc));
  const auto v = s.version();
  CHECK_FALSE(s.set_record(RecordLevel::Metrics));
  CHECK(s.record() == RecordLevel::Metrics);       // asked for
  CHECK(s.recorded() == RecordLevel::Decisions);   // what the shown run still has
  CHECK(s.version() == v);
  CHECK_FALSE(s.trace().decisions.empty());
  CHECK(s.error().find("brust") != std::string::npos);
  // Fixing the document runs it at the new level.
  doc["tasks"][0].erase("brust");
  REQUIRE(s.apply(doc));
  CHECK(s.recorded() == RecordLevel::Metrics);
  CHECK(s.trace().cpu_slices.empty());
}

TEST_CASE("session: recording level names") {
  for (RecordLevel l : {RecordLevel::Metrics, RecordLevel::Slices, RecordLevel::Decisions})
    CHECK(parse_record_level(record_level_name(l)) == l);
  CHECK(parse_record_level("slices") == RecordLevel::Slices);
  CHECK_FALSE(parse_record_level("Slices").has_value());
  CHECK_FALSE(parse_record_level("").has_value());
  CHECK_FALSE(parse_record_level("all").has_value());
}

TEST_CASE("session: unreadable, malformed and invalid files never crash") {
  Session s;
  CHECK_FALSE(s.open_file("/nonexistent/nothing.json"));
  CHECK(s.error().find("cannot read file") != std::string::npos);
  CHECK_FALSE(s.has_run());
  CHECK_FALSE(s.open_text("{ \"name\": ", "broken.json"));
  CHECK(s.error().find("broken.json") != std::string::npos);
  CHECK_FALSE(s.open_text(R"({"tasks": [{"name": "A", "burst": -3}]})", "neg.json"));
  CHECK(s.error().find("tasks[0].burst") != std::string::npos);
  CHECK_FALSE(s.apply_text("not json"));
  CHECK_FALSE(s.has_run());
  CHECK(s.apply_text(R"({"tasks": [{"name": "A", "burst": 3}]})"));
  CHECK(s.has_run());
}

TEST_CASE("session: deeply nested, oversized and runaway files are refused cleanly") {
  std::string deep = R"({"tasks": [{"name": "A", "burst": 1}], "description": )";
  for (int i = 0; i < 100000; ++i) deep += "[";
  deep += std::string(100000, ']') + "}";
  Session s;
  CHECK_FALSE(s.open_text(deep, "deep.json"));
  CHECK(s.error().find("deep.json: description[0][0]") != std::string::npos);
  CHECK(s.error().find("nested more than 64 deep (the limit)") != std::string::npos);
  CHECK_FALSE(s.has_run());
  REQUIRE(s.apply_text(R"({"tasks": [{"name": "A", "burst": 3}]})"));
  CHECK_FALSE(s.apply_text(deep));  // the last good run stays
  CHECK(s.has_run());
  CHECK(s.error().find("nested more than 64 deep") != std::string::npos);
  CHECK(s.doc().dump().size() < 100);
  // A run sure to take more than the event budget.
  CHECK_FALSE(s.apply_text(R"({"time_unit": "ns", "scheduler": {"policy": "rr", "quantum": 1},
                               "tasks": [{"name": "A", "burst": "5s"}]})"));
  CHECK(s.error().find("scheduler.quantum: a 1ns quantum over 5s of CPU work") != std::string::npos);
  CHECK(s.has_run());
  // Devices are not workload files.
  CHECK_FALSE(s.open_file("/dev/zero"));
  CHECK(s.error().find("not a regular file") != std::string::npos);
}

TEST_CASE("session: a run keeping more than the records budget stops, saying to record less") {
  // 100,100 slices of 1us: more than 5,000 records at slices and decisions.
  const std::string text = R"({"time_unit": "us", "scheduler": {"policy": "rr", "quantum": 1},
      "tasks": [{"name": "A", "burst": 100000}, {"name": "B", "burst": 100}]})";
  Session s;
  s.set_max_records(5000);
  CHECK_FALSE(s.open_text(text, "long.json"));
  CHECK(s.error().find("the run was stopped by the records budget (5,000 slices, state changes and decisions "
                       "kept) at ") != std::string::npos);
  CHECK(s.error().find("; record less (Record: slices keeps no decisions, metrics only the figures)") !=
        std::string::npos);
  CHECK_FALSE(s.has_run());
  CHECK_FALSE(s.set_record(RecordLevel::Slices));
  REQUIRE(s.set_record(RecordLevel::Metrics));  // keeps no records
  CHECK(s.results().summary.events > 100000);
  CHECK(s.error().empty());
}

TEST_CASE("session: saves the document and reads it back") {
  Session s;
  REQUIRE(s.open_file(workload_path("mlfq.json")));
  Json doc = s.doc();
  doc["scheduler"]["boost"] = "100ms";
  REQUIRE(s.apply(doc));
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("timeslice-gui-session-test-" + std::to_string(::getpid()) + ".json"))
          .string();
  REQUIRE(s.save(path));
  CHECK_FALSE(s.dirty());
  Session back;
  REQUIRE(back.open_file(path));
  CHECK(back.doc() == s.doc());
  CHECK(back.results().summary.makespan == s.results().summary.makespan);
  std::filesystem::remove(path);
  CHECK_FALSE(s.save("/nonexistent-dir/x.json"));
  CHECK_FALSE(s.save_error().empty());
}

TEST_CASE("session: comparing swaps the scheduler, keeping the rest") {
  Session a;
  REQUIRE(a.open_file(workload_path("textbook.json")));
  const Json sched = default_compare_scheduler(a.doc());
  CHECK(sched["policy"] == "fcfs");
  CHECK(sched["quantum"] == 4);
  Session b;
  REQUIRE(b.apply(with_scheduler(a.doc(), sched)));
  CHECK(b.workload().scheduler.policy == "fcfs");
  CHECK(b.workload().tasks.size() == 3);
  // FCFS: P2 waits 24ms, P3 27ms: mean waiting 17ms.
  CHECK(b.results().summary.waiting.mean == Approx(17e6));
}

TEST_CASE("session: lists the shipped workloads") {
  const auto files = list_workloads(std::string(TIMESLICE_SOURCE_DIR) + "/workloads");
  CHECK(files.size() >= 7);
  CHECK(std::is_sorted(files.begin(), files.end()));
  CHECK(list_workloads("/nonexistent").empty());
}

TEST_CASE("program text: round trip of every shape") {
  const Json task = Json::parse(R"({ "name": "w", "program": [
      { "cpu": 3 }, { "io": "net", "duration": 12 },
      { "repeat": 5, "program": [ { "cpu": "1.5ms" }, { "io": "disk", "duration": 0.5 } ] },
      { "sleep": 10 }, { "yield": true }, { "cpu": 2 } ] })");
  const auto text = program_to_text(task);
  REQUIRE(text);
  CHECK(*text == "cpu 3, io net 12, repeat 5 (cpu 1.5ms, io disk 0.5), sleep 10, yield, cpu 2");
  const ProgramParse back = parse_program_text(*text, "ms");
  REQUIRE(back.ok());
  CHECK(back.program == task["program"]);
  CHECK(program_to_text(Json::parse(R"({"burst": 24})")) == "cpu 24");
  CHECK(program_to_text(Json::parse(R"({"program": [{"lock": "m"}, {"unlock": "m"}]})")) == "lock m, unlock m");
  CHECK_FALSE(program_to_text(Json::parse(R"({"program": [{"cpu": 1, "sleep": 2}]})")));
}

TEST_CASE("program text: errors say where and what") {
  CHECK(parse_program_text("cpu", "ms").error == "at 4: expected a duration after 'cpu'");
  CHECK(parse_program_text("cpu 3 io disk 2", "ms").error.find("expected ','") !=
        std::string::npos);
  CHECK(parse_program_text("cpu 3, jump 2", "ms").error.find("unknown phase 'jump'") !=
        std::string::npos);
  CHECK(parse_program_text("repeat 2 (cpu 1", "ms").error.find("expected ',' or ')'") !=
        std::string::npos);
  CHECK(parse_program_text("cpu 3xs", "ms").error.find("bad duration '3xs'") != std::string::npos);
  CHECK(parse_program_text("", "ms").error.find("empty program") != std::string::npos);
  CHECK(parse_program_text("cpu 1; sleep 250us", "ms").ok());
}
