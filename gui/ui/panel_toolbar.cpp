// The playback strip: restart, step back/forward by event or decision,
// play/pause, jump to the end, speed, the cursor time, view toggles, the
// recording level. Without a timeline (metrics): the level and Compare.
#include <cmath>

#include "gui/model/time_axis.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

bool button(const char* label, const char* tip, bool enabled = true) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  if (tip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return pressed && enabled;
}

// Speed as simulated time per real second, on a log slider.
void speed_slider(Playback& p) {
  float log_speed = static_cast<float>(std::log10(p.speed));
  const std::string label = fmt_time(static_cast<Time>(p.speed)) + " per second";
  ImGui::SetNextItemWidth(140);
  if (ImGui::SliderFloat("##speed", &log_speed, 2.0f, 11.0f, label.c_str()))
    p.speed = std::pow(10.0, static_cast<double>(log_speed));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Playback speed: simulated time per real second (Up/Down)");
  ImGui::SameLine();
}

void compare_checkbox(App& app) {
  bool cmp = app.compare.enabled;
  if (ImGui::Checkbox("Compare", &cmp)) {
    app.set_compare(cmp);
    if (cmp) app.request_tab(Tab::Compare);
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A second run stacked below on the same time axis: this workload under another\n"
                      "scheduler, or another workload file (the Compare tab and menu)");
}

// "[rr, quantum 4ms]   textbook": the scheduler first, as a long name may
// run past the window's edge (the tooltip has it all).
void run_label(App& app, bool only_if_whole = false) {
  const std::string what =
      "[" + scheduler_label(app.session.workload()) + "]   " + app.session.workload().name;
  if (only_if_whole && ImGui::CalcTextSize(what.c_str()).x > ImGui::GetContentRegionAvail().x) {
    ImGui::NewLine();
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", what.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what.c_str());
}

}  // namespace

void draw_toolbar(App& app) {
  const bool ok = app.session.has_run();
  Playback& p = app.playback;
  const Time end = app.run_end();
  if (ok && !app.session.has_timeline()) {
    // Metrics: no trace, so no time to step through; say so where the
    // playback controls would be.
    record_combo(app);
    ImGui::SameLine();
    compare_checkbox(app);
    ImGui::SameLine(0, 12);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(colors::kMutedText,
                       "No timeline recorded: playback and stepping need slices or decisions.");
    ImGui::SameLine(0, 12);
    run_label(app);
  } else if (ok) {
    const RunModel& m = app.session.model();
    // Without recorded decisions there is nothing to step by decision to.
    const bool decisions = app.session.has_decisions();
    const char* no_decisions = "Decisions were not recorded: choose Record \"decisions\"";
    if (button("Restart", "Back to time 0 (Home)")) p.restart();
    if (button("< Decision",
               decisions ? "Back to the previous scheduling decision (Shift+Left)" : no_decisions,
               decisions))
      p.back_decision(m);
    if (button("< Event", "Back one event (Left)")) p.back_event(m);
    ImGui::PushStyleColor(ImGuiCol_Button, p.playing ? ImVec4(0.55f, 0.35f, 0.15f, 1)
                                                     : ImVec4(0.2f, 0.45f, 0.25f, 1));
    if (button(p.playing ? " Pause " : " Play  ", "Play or pause (Space)")) {
      if (p.cursor >= end) p.restart();
      p.playing = !p.playing;
    }
    ImGui::PopStyleColor();
    if (button("Event >", "Forward one event: the next time anything happens (Right)"))
      p.step_event(m);
    if (button("Decision >",
               decisions ? "Forward to the next scheduling decision (Shift+Right)" : no_decisions,
               decisions))
      p.step_decision(m);
    if (button("End", "Jump to the end of the run (End)")) p.to_end(end);
    speed_slider(p);

    ImGui::AlignTextToFramePadding();
    const std::string now = "t = " + app.cursor_text() + "  of  " + fmt_time(end);
    ImGui::TextColored(ImVec4(1.0f, 0.84f, 0.25f, 1.0f), "%s", now.c_str());
    ImGui::SameLine(0, 12);
    if (button("Fit", "Show the whole run (F)")) app.fit();
    ImGui::Checkbox("Task lanes", &app.view.task_lanes);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A lane per task, coloured by its state");
    ImGui::SameLine();
    compare_checkbox(app);
    ImGui::SameLine(0, 12);
    record_combo(app);
    // The workload and scheduler are in the timeline's title; here only
    // where there is room for them whole.
    ImGui::SameLine(0, 12);
    run_label(app, true);
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(
        "No run yet. Open a workload from the Examples menu, or fix the one below.");
  }
  if (!app.session.error().empty()) {
    const std::string msg = (ok ? "The workload has an error (showing the last good run): "
                                : "The workload has an error: ") +
                            app.session.error();
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kError);
    ImGui::TextWrapped("%s", msg.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace timeslice::gui
