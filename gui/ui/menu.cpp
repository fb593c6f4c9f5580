// The menu bar (File, Examples, Compare, View, Help) and the Open, Save-as
// and Compare-with-file dialogs,
// which take a path: Dear ImGui has no file browser, and typing a path
// works the same on every desktop.
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

void draw_menu_bar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...")) app.open_requested = true;
    if (ImGui::MenuItem("Save", "Ctrl+S", false, !app.session.path().empty()))
      app.message = app.session.save(app.session.path()) ? "Saved " + app.session.path()
                                                         : app.session.save_error();
    if (ImGui::MenuItem("Save as...")) app.save_as_requested = true;
    if (ImGui::MenuItem("Reload from disk", nullptr, false, !app.session.path().empty()))
      app.open(app.session.path());
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) app.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Examples")) {
    if (app.shipped.empty())
      ImGui::TextDisabled("No workloads found in %s", app.workloads_dir.c_str());
    // Each example by its name, its file on the right, its description
    // (what it teaches, what to try) when the pointer rests on it.
    for (const WorkloadInfo& e : app.examples) {
      const std::string file = std::filesystem::path(e.path).filename().string();
      if (ImGui::MenuItem(e.name.empty() ? file.c_str() : e.name.c_str(), file.c_str()))
        app.open(e.path);
      if (ImGui::IsItemHovered() && !e.description.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(e.description.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Compare")) {
    if (ImGui::MenuItem("With another scheduler", nullptr, app.compare.enabled && !app.compare.of_file())) {
      app.compare_with_file("");
      app.request_tab(Tab::Compare);
    }
    if (ImGui::MenuItem("With another workload file...", nullptr, app.compare.enabled && app.compare.of_file()))
      app.compare_file_requested = true;
    if (ImGui::BeginMenu("With a shipped example")) {
      for (const WorkloadInfo& e : app.examples) {
        const std::string file = std::filesystem::path(e.path).filename().string();
        if (ImGui::MenuItem(file.c_str(), nullptr, app.compare.enabled && app.compare.file == e.path)) {
          app.compare_with_file(e.path);
          app.request_tab(Tab::Compare);
        }
        if (ImGui::IsItemHovered() && !e.name.empty()) ImGui::SetTooltip("%s", e.name.c_str());
      }
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Stop comparing", nullptr, false, app.compare.enabled)) app.set_compare(false);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Textbook view", nullptr, &app.view.textbook);
    ImGui::MenuItem("Task lanes", nullptr, &app.view.task_lanes);
    ImGui::MenuItem("Shade the future", nullptr, &app.view.dim_future);
    ImGui::MenuItem("Follow the cursor while playing", nullptr, &app.view.follow_cursor);
    if (ImGui::MenuItem("Fit the whole run", "F")) app.fit();
    ImGui::Separator();
    record_menu(app);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keys and mouse")) app.request_tab(Tab::Help);
    ImGui::EndMenu();
  }
  // Where we are, on the right of the bar.
  std::string where = app.session.path().empty() ? "(unsaved workload)" : app.session.path();
  if (app.session.dirty()) where += "  (edited)";
  const float w = ImGui::CalcTextSize(where.c_str()).x;
  ImGui::SameLine(ImGui::GetWindowWidth() - w - 16);
  ImGui::TextDisabled("%s", where.c_str());
  ImGui::EndMainMenuBar();
}

namespace {

// A modal asking for a path (a shipped example can be picked when
// `examples` is given); true when `button` (or Enter) took it.
bool path_dialog(const char* title, const char* prompt, const char* button, std::string& path,
                 const std::vector<std::string>* examples) {
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return false;
  ImGui::TextUnformatted(prompt);
  ImGui::SetNextItemWidth(520);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputText("##path", &path, ImGuiInputTextFlags_EnterReturnsTrue);
  if (examples && !examples->empty()) {
    ImGui::TextDisabled("Or a shipped example:");
    for (const std::string& p : *examples)
      if (ImGui::Selectable(p.c_str())) path = p;
  }
  const bool chosen = ImGui::Button(button) || enter;
  if (chosen) ImGui::CloseCurrentPopup();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace

void draw_file_popups(App& app) {
  static std::string open_path, save_path, compare_path;
  if (app.compare_file_requested) {
    app.compare_file_requested = false;
    compare_path = app.compare.of_file() ? app.compare.file : app.session.path();
    ImGui::OpenPopup("Compare with a workload file");
  }
  if (app.open_requested) {
    app.open_requested = false;
    open_path = app.session.path();
    ImGui::OpenPopup("Open workload");
  }
  if (app.save_as_requested) {
    app.save_as_requested = false;
    save_path = app.session.path().empty() ? "workload.json" : app.session.path();
    ImGui::OpenPopup("Save workload as");
  }
  if (path_dialog("Open workload", "Path of a workload JSON file:", "Open", open_path, &app.shipped))
    app.open(open_path);
  if (path_dialog("Compare with a workload file", "Run this workload as B, stacked under A on the same time axis:",
                  "Compare", compare_path, &app.shipped)) {
    app.compare_with_file(compare_path);
    app.request_tab(Tab::Compare);
  }
  if (path_dialog("Save workload as", "Save the workload to:", "Save", save_path, nullptr))
    app.message = app.session.save(save_path) ? "Saved " + save_path : app.session.save_error();
}

}  // namespace timeslice::gui
