// The recording level (Session::record): the picker in the toolbar and the
// View menu, and the notice a panel shows instead of its contents when the
// run it would draw did not keep what it needs.
#include <string>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

constexpr RecordLevel kLevels[] = {RecordLevel::Decisions, RecordLevel::Slices,
                                   RecordLevel::Metrics};

const char* level_help(RecordLevel level) {
  switch (level) {
    case RecordLevel::Decisions:
      return "the timeline and every scheduling decision (the decision log, stepping by decision)";
    case RecordLevel::Slices:
      return "the timeline (CPU and device slices, task states), no decision log";
    case RecordLevel::Metrics:
      return "the whole-run figures only (summary, task table): no timeline, cheapest";
  }
  return "";
}

}  // namespace

void record_combo(App& app) {
  const RecordLevel now = app.session.record();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Record");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("decisions").x + ImGui::GetFrameHeight() + 12);
  if (ImGui::BeginCombo("##record", record_level_name(now))) {
    for (RecordLevel level : kLevels) {
      if (ImGui::Selectable(record_level_name(level), level == now) && level != now)
        app.set_record(level);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep %s", level_help(level));
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "What a run keeps. decisions: %s.\nslices: %s.\nmetrics: %s.\n"
        "Lower levels make huge workloads faster and smaller. Changing it re-runs.",
        level_help(RecordLevel::Decisions), level_help(RecordLevel::Slices),
        level_help(RecordLevel::Metrics));
}

void record_menu(App& app) {
  if (!ImGui::BeginMenu("Recording")) return;
  for (RecordLevel level : kLevels) {
    if (ImGui::MenuItem(record_level_name(level), nullptr, app.session.record() == level))
      app.set_record(level);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep %s", level_help(level));
  }
  ImGui::EndMenu();
}

bool draw_not_recorded(App& app, RecordLevel needed, const char* what) {
  const Session& s = app.session;
  if (!s.has_run() || s.recorded() >= needed) return false;
  const char* kept = record_level_name(s.recorded());
  std::string text =
      s.recorded() == RecordLevel::Metrics
          ? std::string("No timeline: this run was recorded at the \"metrics\" level, which "
                        "keeps only the whole-run figures (Summary, task table).")
          : std::string("Decisions were not recorded: this run was recorded at the \"") + kept +
                "\" level, which keeps the timeline but not the scheduler's decisions.";
  if (s.record() >= needed)  // the level was raised but the re-run failed
    text += std::string(" Fix the workload's error to re-run at \"") +
            record_level_name(s.record()) + "\".";
  else
    text += std::string(" Record \"") + record_level_name(needed) + "\"" +
            (needed == RecordLevel::Slices ? " or \"decisions\"" : "") +
            " (toolbar, or View > Recording) to see " + what + ".";
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kMutedText);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  if (s.record() < needed) {
    for (RecordLevel level : {RecordLevel::Slices, RecordLevel::Decisions}) {  // cheaper first
      if (level < needed) continue;
      const std::string label = std::string("Record ") + record_level_name(level);
      if (ImGui::SmallButton(label.c_str())) app.set_record(level);
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  return true;
}

}  // namespace timeslice::gui
