// Every panel drawn headless (an ImGui context, no window, no renderer) on
// every shipped workload, with and without task lanes and a comparison, at
// several cursor times: nothing throws, every frame draws something, and
// the app reacts to options and edits. Also the command-line options.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <imgui_internal.h>

#include "app_render.h"
#include "gui/ui/app.h"
#include "gui/ui/headless.h"
#include "gui/ui/options.h"
#include "gui/ui/panels.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("panels: every shipped workload renders every panel headless") {
  HeadlessImGui imgui;
  for (const auto& path : list_workloads(std::string(TIMESLICE_SOURCE_DIR) + "/workloads")) {
    INFO(path);
    AppOptions o;
    o.file = path;
    o.task_lanes = true;
    o.compare = "fcfs";
    App app(o);
    REQUIRE(app.session.has_run());
    REQUIRE(app.compare.session.has_run());
    app.select(0);
    for (Tab tab : {Tab::Editor, Tab::Compare, Tab::Json, Tab::Help}) {
      app.request_tab(tab);
      const Time end = app.run_end();
      for (Time t : {Time{0}, end / 3, end}) {
        app.playback.cursor = t;
        CHECK(render(app) > 2000);
      }
    }
  }
}

TEST_CASE("panels: options select, compare and move the cursor") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.cursor = 12 * kMillisecond;
  o.select = "P2";
  o.compare = "sjf";
  App app(o);
  CHECK(app.playback.cursor == 12 * kMillisecond);
  CHECK(app.selected == 1);
  CHECK(app.details_open);
  CHECK(app.compare.enabled);
  CHECK(app.compare.session.workload().scheduler.policy == "sjf");
  render(app);
  CHECK(app.view.lanes_width > 100);
  // The first frame fitted the whole run into the lanes.
  CHECK(app.view.time.t0 <= 0);
  CHECK(app.view.time.time_at(app.view.lanes_width) >= 30 * kMillisecond);
}

TEST_CASE("panels: playing advances the cursor and stops at the end") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.play = true;
  App app(o);
  render(app, 10);
  CHECK(app.playback.cursor > 0);
  for (int i = 0; i < 2000 && app.playback.playing; ++i) render(app, 1);
  CHECK(app.playback.cursor == 30 * kMillisecond);
  CHECK_FALSE(app.playback.playing);
}

TEST_CASE("panels: an edit re-runs A and B; a bad file shows an error, not a crash") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.compare = "fcfs";
  App app(o);
  Json doc = app.session.doc();
  doc["scheduler"]["quantum"] = 1;
  app.edited(doc);
  CHECK(app.session.workload().scheduler.policy == "rr");
  CHECK(app.compare.session.workload().tasks.size() == 3);
  doc["tasks"][1]["burst"] = 10;
  app.edited(doc);
  CHECK(app.compare.session.results().summary.makespan == 37 * kMillisecond);
  render(app);

  const auto bad = std::filesystem::temp_directory_path() /
                   ("timeslice-gui-bad-" + std::to_string(::getpid()) + ".json");
  { std::ofstream(bad) << R"({"tasks": [{"name": "A", "brust": 3}]})"; }
  app.open(bad.string());
  CHECK_FALSE(app.session.error().empty());
  CHECK(render(app) > 500);
  App fresh(AppOptions{bad.string()});
  CHECK_FALSE(fresh.session.has_run());
  CHECK(render(fresh) > 100);
  std::filesystem::remove(bad);
  App missing(AppOptions{"/nonexistent/x.json"});
  CHECK(missing.session.error().find("cannot read file") != std::string::npos);
  render(missing);
}

TEST_CASE("options: parsing the command line") {
  const char* argv[] = {
      "timeslice-gui", "w.json", "--screenshot", "x.png",  "--frames",     "7",
      "--cursor",      "12ms",   "--select",     "P1",     "--task-lanes", "--compare",
      "fcfs",          "--tab",  "editor",       "--size", "1280x800"};
  const GuiArgs a = parse_gui_args(17, argv);
  CHECK(a.error.empty());
  CHECK(a.app.file == "w.json");
  CHECK(a.screenshot == "x.png");
  CHECK(a.frames == 7);
  CHECK(a.app.cursor == 12 * kMillisecond);
  CHECK(a.app.select == "P1");
  CHECK(a.app.task_lanes);
  CHECK(a.app.compare == "fcfs");
  CHECK(a.app.tab == "editor");
  CHECK(a.width == 1280);
  CHECK(a.height == 800);
  const char* bad1[] = {"g", "--frames"};
  CHECK(parse_gui_args(2, bad1).error == "--frames needs a value");
  const char* bad2[] = {"g", "--cursor", "soon"};
  CHECK(parse_gui_args(3, bad2).error.find("--cursor") == 0);
  const char* bad3[] = {"g", "--tab", "nope"};
  CHECK_FALSE(parse_gui_args(3, bad3).error.empty());
  const char* bad4[] = {"g", "--wat"};
  CHECK(parse_gui_args(2, bad4).error == "unknown option --wat");
  CHECK(parse_gui_args(2, bad4).status == 2);  // usage error
  CHECK(parse_gui_args(3, bad2).status == 1);  // bad value
}

TEST_CASE("options: --record picks what runs keep") {
  const char* none[] = {"g", "w.json"};
  CHECK(parse_gui_args(2, none).app.record == RecordLevel::Decisions);
  for (const char* level : {"metrics", "slices", "decisions"}) {
    const char* argv[] = {"g", "--record", level, "w.json"};
    const GuiArgs a = parse_gui_args(4, argv);
    CHECK(a.error.empty());
    CHECK(a.app.record == *parse_record_level(level));
    CHECK(a.app.file == "w.json");
  }
  const char* bad[] = {"g", "--record", "everything"};
  const GuiArgs a = parse_gui_args(3, bad);
  CHECK(a.error == "--record: expected metrics, slices or decisions (got everything)");
  CHECK(a.status == 1);
  const char* missing[] = {"g", "--record"};
  CHECK(parse_gui_args(2, missing).error == "--record needs a value");
  CHECK(std::string(gui_usage()).find("--record") != std::string::npos);
}

namespace {

// One frame with a key held (headless: map the ImGui key to a slot first).
void press(App& app, ImGuiKey key, bool shift = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[key] = 100 + key;
  io.KeysDown[100 + key] = true;
  io.KeyShift = shift;
  render(app, 1);
  io.KeysDown[100 + key] = false;
  io.KeyShift = false;
  render(app, 1);
}

}  // namespace

TEST_CASE("panels: keys step, play, restart and jump to the end") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  App app(o);
  render(app);
  press(app, ImGuiKey_RightArrow);
  CHECK(app.playback.cursor == 4 * kMillisecond);  // next event: P1's quantum ends
  press(app, ImGuiKey_RightArrow, true);
  CHECK(app.playback.cursor == 7 * kMillisecond);  // next decision: P3 dispatched
  press(app, ImGuiKey_LeftArrow);
  CHECK(app.playback.cursor == 4 * kMillisecond);
  press(app, ImGuiKey_End);
  CHECK(app.playback.cursor == 30 * kMillisecond);
  press(app, ImGuiKey_Home);
  CHECK(app.playback.cursor == 0);
  const double speed = app.playback.speed;
  press(app, ImGuiKey_UpArrow);
  CHECK(app.playback.speed == speed * 2);
  press(app, ImGuiKey_Space);
  CHECK(app.playback.playing);
  press(app, ImGuiKey_Space);
  CHECK_FALSE(app.playback.playing);
}

TEST_CASE("panels: the wheel zooms at the mouse, a drag pans") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  App app(o);
  render(app);
  ImGuiIO& io = ImGui::GetIO();
  const float x = static_cast<float>(app.view.lanes_x + app.view.lanes_width / 2);
  io.MousePos = ImVec2(x, 200);
  render(app, 1);
  const double before = app.view.time.ns_per_px;
  const double under = app.view.time.time_at(x - app.view.lanes_x);
  io.MouseWheel = 2;
  render(app, 1);
  io.MouseWheel = 0;
  CHECK(app.view.time.ns_per_px < before);
  CHECK(app.view.time.time_at(x - app.view.lanes_x) == Approx(under).margin(1));
  const double t0 = app.view.time.t0;
  io.MouseDown[0] = true;
  render(app, 1);
  for (int i = 1; i <= 10; ++i) {
    io.MousePos = ImVec2(x - 10.0f * static_cast<float>(i), 200);
    render(app, 1);
  }
  io.MouseDown[0] = false;
  render(app, 1);
  CHECK(app.view.time.t0 > t0);  // dragged left: later times come into view
}

TEST_CASE("panels: hovering a slice shows a tooltip, clicking selects its task") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  App app(o);
  render(app);
  // P2 runs 4-7ms on cpu0, the first lane.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(static_cast<float>(app.view.lanes_x + app.view.time.x_of(5.5e6)),
                       static_cast<float>(app.view.lanes_top + 8));
  render(app, 2);
  ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
  REQUIRE(tip != nullptr);
  CHECK(tip->Active);
  io.MouseDown[0] = true;
  render(app, 1);
  io.MouseDown[0] = false;
  render(app, 1);
  CHECK(app.selected == 1);
  CHECK(app.details_open);
  ImGuiWindow* details = ImGui::FindWindowByName("Task P2###details");
  REQUIRE(details != nullptr);
  CHECK(details->Active);
}

namespace {

// Whether `needed` is missing from the app's run: the notice a panel shows.
bool notice(App& app, RecordLevel needed) {
  ImGui::NewFrame();
  ImGui::Begin("probe");
  const bool shown = draw_not_recorded(app, needed, "it");
  ImGui::End();
  ImGui::Render();
  return shown;
}

}  // namespace

TEST_CASE("panels: every level renders every workload, and says what it did not keep") {
  HeadlessImGui imgui;
  for (const auto& path : list_workloads(std::string(TIMESLICE_SOURCE_DIR) + "/workloads")) {
    INFO(path);
    for (RecordLevel level : {RecordLevel::Metrics, RecordLevel::Slices}) {
      AppOptions o;
      o.file = path;
      o.compare = "fcfs";
      o.record = level;
      App app(o);
      REQUIRE(app.session.has_run());
      CHECK(app.session.recorded() == level);
      CHECK(app.compare.session.recorded() == level);
      app.select(0);
      const Time end = app.run_end();
      for (Time t : {Time{0}, end / 2, end}) {
        app.playback.cursor = t;
        CHECK(render(app) > 1000);
      }
      CHECK(notice(app, RecordLevel::Decisions));
      CHECK(notice(app, RecordLevel::Slices) == (level == RecordLevel::Metrics));
    }
  }
}

TEST_CASE("panels: at metrics level there is no time to play or step through") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.record = RecordLevel::Metrics;
  o.play = true;
  App app(o);
  CHECK(app.run_end() == 0);
  render(app, 5);
  CHECK(app.playback.cursor == 0);
  press(app, ImGuiKey_RightArrow);
  press(app, ImGuiKey_End);
  CHECK(app.playback.cursor == 0);

  // Back to decisions: the timeline, the view and the keys return.
  app.set_record(RecordLevel::Decisions);
  CHECK(app.session.recorded() == RecordLevel::Decisions);
  CHECK(app.run_end() == 30 * kMillisecond);
  CHECK_FALSE(notice(app, RecordLevel::Decisions));
  render(app);
  CHECK(app.view.time.time_at(app.view.lanes_width) >= 30 * kMillisecond);  // refitted
  press(app, ImGuiKey_Home);
  press(app, ImGuiKey_RightArrow);
  CHECK(app.playback.cursor == 4 * kMillisecond);

  // Down to metrics while playing: playback stops.
  app.playback.playing = true;
  app.set_record(RecordLevel::Metrics);
  CHECK_FALSE(app.playback.playing);
  CHECK(app.playback.cursor == 0);
  CHECK(render(app) > 500);
}

TEST_CASE("panels: at slices level, stepping by decision does nothing; by event works") {
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.record = RecordLevel::Slices;
  App app(o);
  render(app);
  press(app, ImGuiKey_RightArrow, true);
  CHECK(app.playback.cursor == 0);  // would jump to the end without decisions
  press(app, ImGuiKey_RightArrow);
  CHECK(app.playback.cursor == 4 * kMillisecond);
  // A comparison turned on later runs at the same level.
  app.set_compare(true);
  CHECK(app.compare.session.recorded() == RecordLevel::Slices);
  app.set_record(RecordLevel::Decisions);
  CHECK(app.compare.session.recorded() == RecordLevel::Decisions);
  CHECK_FALSE(app.compare.session.trace().decisions.empty());
}

TEST_CASE("options: a bad --compare, --tab or --select is refused with a message") {
  const char* compare[] = {"g", "--compare", "roundrobin"};
  const GuiArgs c = parse_gui_args(3, compare);
  CHECK(c.status == 1);
  CHECK(c.error.find("--compare: no policy \"roundrobin\" (policies: ") == 0);
  CHECK(c.error.find("rr") != std::string::npos);
  const char* good[] = {"g", "--compare", "srtf"};
  CHECK(parse_gui_args(3, good).error.empty());

  const char* tab[] = {"g", "--tab", "log"};
  const GuiArgs t = parse_gui_args(3, tab);
  CHECK(t.status == 1);
  CHECK(t.error == "--tab: expected editor, compare, json or help (got log)");

  // --select needs the workload: the app says so, and main exits with 1.
  HeadlessImGui imgui;
  AppOptions o;
  o.file = workload_path("textbook.json");
  o.select = "P9";
  App app(o);
  CHECK(app.selected == kNoTask);
  CHECK(app.startup_error.find("--select: no task named \"P9\"") == 0);
  CHECK(app.startup_error.find("(tasks: P1, P2") != std::string::npos);
  o.select = "P2";
  App ok(o);
  CHECK(ok.startup_error.empty());
  CHECK(ok.selected == 1);
}
