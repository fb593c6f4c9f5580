// The decision log: every scheduling decision with its explanation, synced
// to the cursor (the entries at the cursor time are highlighted and kept in
// view, later ones are dimmed); click an entry to move the cursor there.
#include <algorithm>
#include <string>
#include <vector>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

struct LogView {
  std::uint64_t version = ~0ull;
  bool only_selected = false;
  bool hide_idle = true;
  TaskId filter_task = kNoTask;
  std::vector<std::uint32_t> rows;  // indices into Trace::decisions
  Time last_cursor = -1;
};

void rebuild(LogView& v, const Session& s, TaskId selected) {
  v.rows.clear();
  const auto& d = s.trace().decisions;
  for (std::uint32_t i = 0; i < d.size(); ++i) {
    if (v.hide_idle && d[i].kind == DecisionKind::Idle) continue;
    if (v.only_selected && selected != kNoTask && d[i].task != selected && d[i].other != selected)
      continue;
    v.rows.push_back(i);
  }
  v.version = s.version();
  v.filter_task = selected;
}

// The resolution a row's time needs to read apart from the nearest rows
// above and below with another time (rows at one instant share a label).
// Rows are in time order: binary searches, however many share an instant.
Time row_resolution(const LogView& v, const TraceLog<Decision>& d, int row) {
  const Time t = d[v.rows[static_cast<std::size_t>(row)]].time;
  const auto first = std::partition_point(v.rows.begin(), v.rows.end(),
                                          [&](std::uint32_t i) { return d[i].time < t; });
  const auto last = std::partition_point(first, v.rows.end(),
                                         [&](std::uint32_t i) { return d[i].time <= t; });
  const Time before = first == v.rows.begin() ? kNever : d[*(first - 1)].time;
  const Time after = last == v.rows.end() ? kNever : d[*last].time;
  return resolution_between(before, t, after);
}

}  // namespace

void draw_log(App& app) {
  if (!app.session.has_run()) return;
  if (draw_not_recorded(app, RecordLevel::Decisions,
                        "every scheduling decision, explained, in step with the cursor"))
    return;
  static LogView v;
  Session& s = app.session;
  bool changed = v.version != s.version() || (v.only_selected && v.filter_task != app.selected);
  changed |= ImGui::Checkbox("Only the selected task", &v.only_selected);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Hide idle", &v.hide_idle);
  if (changed) rebuild(v, s, app.selected);
  ImGui::SameLine();
  ImGui::TextDisabled("%zu entries", v.rows.size());

  const auto& d = s.trace().decisions;
  const Time cursor = app.playback.cursor;
  // The last entry at or before the cursor: where the log "is".
  const std::size_t upto = s.model().decisions_until(cursor);
  auto row_of = [&](std::size_t decision) {
    return static_cast<int>(std::upper_bound(v.rows.begin(), v.rows.end(), decision) -
                            v.rows.begin());
  };
  const int current_row = upto == 0 ? -1 : row_of(upto - 1) - 1;
  const Time current_time = upto == 0 ? -1 : d[upto - 1].time;
  const bool cursor_moved = cursor != v.last_cursor;
  v.last_cursor = cursor;

  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("log", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  float cpu_w = ImGui::CalcTextSize("CPU").x;
  for (const CpuSpec& c : s.workload().machine.cpus)
    cpu_w = std::max(cpu_w, ImGui::CalcTextSize(c.name.c_str()).x);
  ImGui::TableSetupColumn("Time", 0, 80);
  ImGui::TableSetupColumn("CPU", 0, cpu_w);
  ImGui::TableSetupColumn("What happened", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  if (cursor_moved && current_row >= 0) {
    // Keep the entry at the cursor in view, a third of the way down.
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    const float target = row_h * static_cast<float>(current_row) - ImGui::GetWindowHeight() * 0.35f;
    ImGui::SetScrollY(std::max(0.0f, target));
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(v.rows.size()));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const Decision& e = d[v.rows[static_cast<std::size_t>(r)]];
      ImGui::TableNextRow();
      const bool at_cursor = e.time == current_time;
      const bool future = e.time > cursor;
      if (at_cursor) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(120, 100, 30, 110));
      if (future) ImGui::PushStyleColor(ImGuiCol_Text, colors::kMutedText);
      ImGui::TableNextColumn();
      ImGui::PushID(r);
      if (ImGui::Selectable(fmt_time(e.time, row_resolution(v, d, r)).c_str(), false,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        app.playback.playing = false;
        app.playback.cursor = e.time;
        if (e.task != kNoTask) app.select(e.task);
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      // CPUs by the names the lanes use (big0, little0, cpu1...).
      if (e.cpu != kNoCpu && e.cpu < s.workload().machine.cpus.size())
        ImGui::TextUnformatted(s.workload().machine.cpus[e.cpu].name.c_str());
      ImGui::TableNextColumn();
      if (e.task != kNoTask && e.task < s.workload().tasks.size()) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float fh = ImGui::GetFontSize();
        ImGui::GetWindowDrawList()->AddRectFilled(
            ImVec2(p.x, p.y + 3), ImVec2(p.x + 4, p.y + fh - 1), task_color(e.task));
        ImGui::SetCursorScreenPos(ImVec2(p.x + 8, p.y));
      }
      const std::string text = explain(e, s.workload());
      ImGui::TextUnformatted(text.c_str());
      if (ImGui::IsItemHovered() &&
          ImGui::CalcTextSize(text.c_str()).x > ImGui::GetContentRegionAvail().x)
        ImGui::SetTooltip("%s", text.c_str());
      if (future) ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace timeslice::gui
