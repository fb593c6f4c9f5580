#include "gui/ui/theme.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "gui/model/data_dir.h"
#include "sim/format/svg_gantt.h"

namespace timeslice::gui {

void apply_theme() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0;
  s.FrameRounding = 3;
  s.GrabRounding = 3;
  s.TabRounding = 3;
  s.WindowBorderSize = 1;
  s.WindowPadding = ImVec2(8, 6);
  s.FramePadding = ImVec2(6, 3);
  s.ItemSpacing = ImVec2(7, 4);
  s.CellPadding = ImVec2(5, 2);
  s.ScrollbarSize = 12;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.115f, 0.135f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.115f, 0.135f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.17f, 0.19f, 0.24f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.22f, 0.30f, 0.45f, 0.75f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.17f, 0.18f, 0.22f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);

  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed, nothing to remember
  const std::filesystem::path font = font_file();  // installed with timeslice
  if (!font.empty())
    io.Fonts->AddFontFromFileTTF(font.c_str(), 15.0f);
  else
    io.Fonts->AddFontDefault();
}

ImU32 task_color(TaskId task, float alpha) {
  // The same colour as in the SVG Gantt chart and the other exports.
  const std::uint32_t rgb = task_rgb(task);
  return IM_COL32(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, static_cast<int>(std::lround(alpha * 255)));
}

ImU32 task_text_color(TaskId task) {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(task_color(task));
  const float luma = 0.299f * c.x + 0.587f * c.y + 0.114f * c.z;
  return luma > 0.55f ? IM_COL32(15, 15, 20, 255) : IM_COL32(250, 250, 250, 255);
}

ImU32 overhead_color(SliceKind kind) {
  switch (kind) {
    case SliceKind::Switch:
      return IM_COL32(235, 64, 64, 255);  // red
    case SliceKind::Scheduler:
      return IM_COL32(205, 208, 216, 255);  // light grey
    case SliceKind::Migration:
      return IM_COL32(176, 96, 240, 255);  // violet
    case SliceKind::Interrupt:
      return IM_COL32(255, 170, 30, 255);  // amber
    default:
      return IM_COL32(128, 128, 128, 255);
  }
}
ImU32 blocked_color() { return IM_COL32(176, 120, 72, 255); }
ImU32 sleeping_color() { return IM_COL32(92, 112, 150, 255); }
ImU32 folded_color() { return IM_COL32(120, 126, 140, 255); }

const char* state_name(TaskState s) {
  switch (s) {
    case TaskState::NotArrived:
      return "not arrived";
    case TaskState::Ready:
      return "ready";
    case TaskState::Running:
      return "running";
    case TaskState::Blocked:
      return "blocked";
    case TaskState::Sleeping:
      return "sleeping";
    case TaskState::Done:
      return "done";
  }
  return "?";
}

const char* slice_kind_name(SliceKind k) {
  switch (k) {
    case SliceKind::Run:
      return "run";
    case SliceKind::Scheduler:
      return "scheduler";
    case SliceKind::Switch:
      return "context switch";
    case SliceKind::Migration:
      return "migration";
    case SliceKind::Interrupt:
      return "interrupt";
  }
  return "?";
}

std::string task_name(const Workload& w, TaskId t) {
  return t < w.tasks.size() ? w.tasks[t].name : std::string("?");
}

std::string fmt_time(Time t) {
  // format_duration marks a value it cut with '~'; round it instead.
  std::string s = format_duration(t);
  return s.empty() || s[0] != '~' ? s : fmt_mean(static_cast<double>(t));
}

std::string fmt_mean(double ns) {
  const double a = ns < 0 ? -ns : ns;
  const char* unit = "ns";
  double v = ns;
  if (a >= 1e9)
    v = ns / 1e9, unit = "s";
  else if (a >= 1e6)
    v = ns / 1e6, unit = "ms";
  else if (a >= 1e3)
    v = ns / 1e3, unit = "us";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s + unit;
}

std::string slice_end_text(const CpuSlice& s, const Workload& w) {
  switch (s.reason) {
    case SliceEnd::Exited:
      return "finished";
    case SliceEnd::Blocked:
      return "blocked on " +
             (s.aux < w.devices.size() ? w.devices[s.aux].name : std::string("I/O"));
    case SliceEnd::Slept:
      return "went to sleep";
    case SliceEnd::Yielded:
      return "yielded the CPU";
    case SliceEnd::Expired:
      return "quantum expired";
    case SliceEnd::Preempted:
      return "preempted by " + task_name(w, s.aux);
    case SliceEnd::Interrupted:
      return "interrupted (an I/O completion was handled)";
    case SliceEnd::Continued:
      return "quantum expired; nobody else to run, so it continued";
    case SliceEnd::Horizon:
      return "the run stopped here";
    default:
      return "job done";
  }
}

std::string overhead_text(const CpuSlice& s, const Workload& w) {
  switch (s.kind) {
    case SliceKind::Scheduler:
      return "scheduler decision: picked " + task_name(w, s.task);
    case SliceKind::Switch:
      return "context switch to " + task_name(w, s.task);
    case SliceKind::Migration:
      return "migration cost of " + task_name(w, s.task);
    case SliceKind::Interrupt:
      return "interrupt: I/O completion for " + task_name(w, s.task);
    default:
      return task_name(w, s.task);
  }
}

bool task_chip(const Workload& w, TaskId task, bool selected) {
  const std::string name = task_name(w, task);
  const ImVec2 pad(6, 2);
  const ImVec2 size = ImGui::CalcTextSize(name.c_str());
  const ImVec2 box(size.x + 2 * pad.x, size.y + 2 * pad.y);
  ImGui::PushID(static_cast<int>(task));
  const bool clicked = ImGui::InvisibleButton("chip", box);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, b, task_color(task), 3.0f);
  if (selected)
    dl->AddRect(a, b, colors::kHighlight, 3.0f, 0, 2.0f);
  else if (ImGui::IsItemHovered())
    dl->AddRect(a, b, IM_COL32(255, 255, 255, 140), 3.0f);
  dl->AddText(ImVec2(a.x + pad.x, a.y + pad.y), task_text_color(task), name.c_str());
  ImGui::PopID();
  return clicked;
}

void section_title(const std::string& title) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.72f, 0.80f, 1.0f, 1.0f));
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
}

void help_marker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void text_colored(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void text_wrapped_colored(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace timeslice::gui
