// Help: how to read the screen, and every key and mouse action.
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {
void key_row(const char* key, const char* what) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextColored(ImVec4(1.0f, 0.84f, 0.25f, 1.0f), "%s", key);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(what);
}
}  // namespace

void draw_help(App&) {
  ImGui::BeginChild("help");
  ImGui::TextWrapped(
      "The timeline shows one lane per CPU: coloured blocks are tasks running (one colour per "
      "task), short red/grey/violet/amber bars are overhead (context switch, scheduler, "
      "migration, interrupt), gaps are idle. Lanes per I/O device show whose request is being "
      "served. The yellow line is the cursor: the queues, task table, summary and log show the "
      "state at that instant; what lies right of it has not happened yet.");
  ImGui::Spacing();
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    key_row("Space", "play / pause");
    key_row("Right / Left", "next / previous event (anything happens)");
    key_row("Shift+Right / Left", "next / previous scheduling decision");
    key_row("Home / End", "restart / jump to the end");
    key_row("Up / Down", "play faster / slower");
    key_row("F, + / -", "fit the whole run, zoom in / out");
    key_row("Esc", "clear the task selection");
    key_row("A / B, X", "put marker A / B at the cursor (the time between shows); clear them");
    key_row("Ctrl+S", "save the workload");
    key_row("Wheel", "zoom at the mouse (Shift+wheel scrolls the lanes)");
    key_row("Drag", "pan; right-drag zooms to the range");
    key_row("Click", "a slice selects its task; the time axis moves the cursor");
    key_row("Double-click", "move the cursor there");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextWrapped(
      "Record (toolbar, or View > Recording) sets what a run keeps: decisions (everything), "
      "slices (the timeline, no decision log) or metrics (the summary and task table only). "
      "Lower levels run huge workloads faster and in less memory.");
  ImGui::Spacing();
  ImGui::TextWrapped(
      "Try: open Examples > textbook.json, press Home then Right a few times to watch round "
      "robin hand the CPU from P1 to P2 to P3 every quantum. Change the quantum in the editor: "
      "the run updates at once. Tick Compare and pick fcfs to see the convoy the quantum avoids.");
  ImGui::EndChild();
}

}  // namespace timeslice::gui
