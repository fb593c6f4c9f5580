// Layout at small screens (a classroom projector, a laptop): at 1280x720 and
// 1366x768 every panel is inside the window and no panel's content runs past
// its right edge (the legend wraps, the toolbar leaves out what does not fit,
// tables scroll inside themselves). Also: a newly opened workload starts
// scrolled to the top. Drawn headless, measured with ImGui's own window
// records.
#include <catch2/catch.hpp>

#include <string>

#include <imgui_internal.h>

#include "gui/ui/app.h"
#include "gui/ui/headless.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

std::string workload_path(const std::string& name) {
  return std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name;
}

void render(App& app, int frames = 3) {
  for (int i = 0; i < frames; ++i) {
    ImGui::NewFrame();
    app.frame(1.0f / 60.0f);
    ImGui::Render();
  }
}

// Every top-level panel: inside the display, content no wider than the panel.
void check_fits(float width, float height) {
  const ImGuiContext& g = *GImGui;
  int panels = 0;
  for (const ImGuiWindow* win : g.Windows) {
    if (!win->Active || (win->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip |
                                       ImGuiWindowFlags_Popup)))
      continue;
    if (std::string(win->Name) == "Debug##Default") continue;
    INFO("panel " << win->Name);
    ++panels;
    CHECK(win->Pos.x >= 0);
    CHECK(win->Pos.y >= 0);
    CHECK(win->Pos.x + win->Size.x <= width + 0.5f);
    CHECK(win->Pos.y + win->Size.y <= height + 0.5f);
    // Content wider than the panel is cut off (no panel scrolls sideways).
    CHECK(win->ContentSize.x + 2 * win->WindowPadding.x <= win->Size.x + 1);
  }
  CHECK(panels >= 6);
}

}  // namespace

TEST_CASE("layout: nothing is cut at 1280x720 and 1366x768") {
  for (const auto& [w, h] : {std::pair{1280.0f, 720.0f}, std::pair{1366.0f, 768.0f}}) {
    HeadlessImGui imgui(w, h);
    for (const char* file : {"mars-pathfinder.json", "big-little.json", "smp-balance.json",
                             "textbook.json", "web-threads.json"}) {
      INFO(w << "x" << h << " " << file);
      AppOptions o;
      o.file = workload_path(file);
      o.task_lanes = true;
      App app(o);
      app.playback.cursor = app.run_end() / 2;
      render(app);
      check_fits(w, h);
      app.view.textbook = true;
      render(app);
      check_fits(w, h);
      app.set_compare(true);
      render(app);
      check_fits(w, h);
    }
  }
}

TEST_CASE("layout: a newly opened workload starts at the top") {
  HeadlessImGui imgui(1280, 720);
  AppOptions o;
  o.file = workload_path("web-threads.json");
  o.task_lanes = true;
  App app(o);
  render(app);
  // Scroll the lanes down, as a user would on a long workload.
  ImGuiWindow* lanes = nullptr;
  for (ImGuiWindow* win : GImGui->Windows)
    if (std::string(win->Name).find("/lanes_") != std::string::npos) lanes = win;
  REQUIRE(lanes != nullptr);
  REQUIRE(lanes->ScrollMax.y > 0);  // more lanes than fit
  lanes->Scroll.y = lanes->ScrollMax.y;
  render(app, 1);
  CHECK(lanes->Scroll.y > 0);
  app.open(workload_path("smp-balance.json"));
  render(app);
  CHECK(lanes->Scroll.y == 0);
}
