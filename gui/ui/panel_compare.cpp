// Compare: the same workload under a second scheduler (another policy, or
// the same one with other parameters). Its lanes are stacked under the
// first run's on one time axis, the summary shows both, and this panel
// picks the scheduler and compares the tasks one by one.
#include <string>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"
#include "gui/ui/widgets.h"

namespace timeslice::gui {

namespace {

void per_task_table(App& app) {
  const Results& a = app.session.results();
  const Results& b = app.compare.session.results();
  const std::size_t n = std::min(a.tasks.size(), b.tasks.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("per-task", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Task");
  ImGui::TableSetupColumn("Waiting A");
  ImGui::TableSetupColumn("Waiting B");
  ImGui::TableSetupColumn("Response A");
  ImGui::TableSetupColumn("Response B");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TaskResult& x = a.tasks[static_cast<std::size_t>(i)];
      const TaskResult& y = b.tasks[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(x.name.c_str(), app.selected == static_cast<TaskId>(i),
                            ImGuiSelectableFlags_SpanAllColumns))
        app.select(static_cast<TaskId>(i));
      ImGui::PopID();
      auto cell = [](Time mine, Time other) {
        ImGui::TableNextColumn();
        const ImVec4 col = mine < other   ? colors::kOk
                           : mine > other ? colors::kError
                                          : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        text_colored(col, fmt_time(mine));
      };
      cell(x.waiting, y.waiting);
      cell(y.waiting, x.waiting);
      const Time ra = x.response.value_or(0), rb = y.response.value_or(0);
      cell(ra, rb);
      cell(rb, ra);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_compare(App& app) {
  bool on = app.compare.enabled;
  if (ImGui::Checkbox("Compare with a second scheduler", &on)) app.set_compare(on);
  ImGui::SameLine();
  help_marker(
      "Runs the same workload again under the scheduler chosen here. Its lanes appear "
      "below the first run's, on the same time axis; the summary shows both (green: B is "
      "better, red: worse). Change a parameter to compare the same policy with itself.");
  if (!app.compare.enabled) {
    ImGui::TextWrapped(
        "Tip: tick the box, then pick a policy. For the textbook workload, compare rr "
        "with fcfs and sjf and watch the average waiting time.");
    return;
  }
  if (!app.compare.scheduler.is_object())
    app.compare.scheduler = default_compare_scheduler(app.session.doc());
  section_title("Scheduler B");
  if (edit_scheduler(app.compare.scheduler, app.session.time_unit())) app.refresh_compare();
  if (ImGui::Button("Use A's scheduler")) {
    Json doc = app.session.doc();
    app.compare.scheduler = doc.contains("scheduler") ? doc["scheduler"] : Json::object();
    app.refresh_compare();
  }
  ImGui::SameLine();
  if (ImGui::Button("Swap: make B the main run")) {
    const Json b = app.compare.scheduler;
    Json doc = app.session.doc();
    app.compare.scheduler = doc.contains("scheduler") ? doc["scheduler"] : Json::object();
    doc["scheduler"] = b;
    app.edited(std::move(doc));
  }
  if (!app.compare.session.error().empty())
    text_wrapped_colored(colors::kError, app.compare.session.error());
  if (!app.compare.session.has_run() || !app.session.has_run()) return;
  section_title("Per task: A vs B");
  per_task_table(app);
}

}  // namespace timeslice::gui
