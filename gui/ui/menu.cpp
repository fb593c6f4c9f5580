// The menu bar (File, Examples, View, Help) and the Open / Save-as dialogs,
// which take a path: Dear ImGui has no file browser, and typing a path
// works the same on every desktop.
#include <filesystem>
#include <string>

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

void draw_file_popups(App& app) {
  static std::string open_path, save_path;
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
  const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Open workload", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Path of a workload JSON file:");
    ImGui::SetNextItemWidth(520);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##path", &open_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!app.shipped.empty()) {
      ImGui::TextDisabled("Or a shipped example:");
      for (const std::string& p : app.shipped)
        if (ImGui::Selectable(p.c_str())) open_path = p;
    }
    if (ImGui::Button("Open") || enter) {
      app.open(open_path);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Save workload as", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Save the workload to:");
    ImGui::SetNextItemWidth(520);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##path", &save_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Save") || enter) {
      app.message = app.session.save(save_path) ? "Saved " + save_path : app.session.save_error();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace timeslice::gui
