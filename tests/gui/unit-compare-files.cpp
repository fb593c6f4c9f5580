// Compare with another workload file (B runs it as written, stacked under A
// on one time axis): the C10k pair, thread- vs goroutine-per-connection.
// Window-free: the app and its panels drawn headless, and the options.
#include <catch2/catch.hpp>

#include "app_render.h"
#include "gui/ui/app.h"
#include "gui/ui/headless.h"
#include "gui/ui/options.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("compare files: threads vs goroutines on one axis", "[gui][compare]") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("c10k-threads.json");
  o.compare_file = workload_path("c10k-goroutines.json");
  o.tab = "compare";
  App app(o);
  REQUIRE(app.session.has_run());
  REQUIRE(app.compare.enabled);
  REQUIRE(app.compare.of_file());
  REQUIRE(app.compare.session.has_run());
  CHECK(app.compare.session.workload().name == "C10k: goroutine per connection");
  // The figures the side-by-side table shows (the CLI's, README's lesson 28).
  CHECK(app.session.results().memory.refused == 2964);
  CHECK(app.compare.session.results().memory.refused == 0);
  CHECK(app.compare.session.results().summary.completed == app.compare.session.results().summary.tasks);
  // One time axis: the later end of the two.
  const Time a_end = app.session.model().end(), b_end = app.compare.session.model().end();
  CHECK(a_end > b_end);
  CHECK(app.run_end() == a_end);
  CHECK(app.run_label(0) == "C10k: thread per connection  [cfs]");
  CHECK(app.run_label(1) == "C10k: goroutine per connection  [cfs]");
  for (Time t : {Time{0}, a_end / 2, a_end}) {
    app.playback.cursor = t;
    CHECK(render(app) > 2000);
  }
  // An edit to A leaves B's run alone.
  const std::uint64_t b_version = app.compare.session.version();
  Json doc = app.session.doc();
  doc["machine"]["overcommit"] = true;
  app.edited(doc);
  CHECK(app.session.results().memory.refused == 0);
  CHECK(app.compare.session.version() == b_version);
  // Both runs keep what the recording level says.
  app.set_record(RecordLevel::Slices);
  CHECK(app.compare.session.recorded() == RecordLevel::Slices);
  CHECK(app.compare.of_file());
  CHECK(render(app) > 2000);
  // Opening another A keeps B.
  app.open(workload_path("c10k-processes.json"));
  CHECK(app.compare.session.workload().name == "C10k: goroutine per connection");
  CHECK(app.run_label(0) == "C10k: a forking server  [cfs]");
  // Back to comparing schedulers: B is A's workload under another policy.
  app.compare_with_file("");
  CHECK_FALSE(app.compare.of_file());
  REQUIRE(app.compare.session.has_run());
  CHECK(app.compare.session.workload().name == "C10k: a forking server");
  CHECK(app.compare.session.workload().scheduler.policy == "rr");
  CHECK(app.run_label(1).rfind("rr", 0) == 0);
  CHECK(render(app) > 2000);
}

TEST_CASE("compare files: a missing or broken file says why, and B shows nothing stale", "[gui][compare]") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.compare_file = workload_path("c10k-goroutines.json");
  App app(o);
  REQUIRE(app.compare.session.has_run());
  app.compare_with_file(workload_path("no-such-file.json"));
  CHECK(app.compare.enabled);
  CHECK_FALSE(app.compare.session.has_run());
  CHECK(app.compare.session.error().find("no-such-file.json") != std::string::npos);
  CHECK(app.run_end() == app.session.model().end());
  app.request_tab(Tab::Compare);
  CHECK(render(app) > 2000);
}

TEST_CASE("options: --compare takes a policy or a workload file", "[gui][compare]") {
  const std::string file = workload_path("c10k-goroutines.json");
  const char* with_file[] = {"g", "--compare", file.c_str()};
  const GuiArgs f = parse_gui_args(3, with_file);
  CHECK(f.error.empty());
  CHECK(f.app.compare_file == file);
  CHECK(f.app.compare.empty());
  const char* missing[] = {"g", "--compare", "workloads/nothing.json"};
  const GuiArgs m = parse_gui_args(3, missing);
  CHECK(m.status == 1);
  CHECK(m.error == "--compare: no workload file workloads/nothing.json");
  const char* policy[] = {"g", "--compare", "srtf"};
  const GuiArgs p = parse_gui_args(3, policy);
  CHECK(p.error.empty());
  CHECK(p.app.compare == "srtf");
  CHECK(p.app.compare_file.empty());
  const char* neither[] = {"g", "--compare", "roundrobin"};
  CHECK(parse_gui_args(3, neither).error.find("or a workload FILE.json") != std::string::npos);
}
