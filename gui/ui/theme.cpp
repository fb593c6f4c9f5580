#include "gui/ui/theme.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "gui/model/data_dir.h"

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

namespace {
ImU32 to_u32(Rgb c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::lround(alpha * 255.0f)));
}
}  // namespace

// The same colour as in the SVG Gantt chart and the other exports (palette.h).
ImU32 task_color(TaskId task, float alpha) { return to_u32(task_rgb(task), alpha); }

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
    case SliceKind::Spawn:
      return IM_COL32(40, 170, 160, 255);  // teal: creating tasks
    case SliceKind::Spin:
      return IM_COL32(230, 40, 160, 255);  // magenta: CPU burnt busy-polling
    case SliceKind::Poll:
      return IM_COL32(190, 120, 50, 255);  // brown: the poller's wakeups
    default:
      return IM_COL32(128, 128, 128, 255);
  }
}
ImU32 fiber_switch_color() { return IM_COL32(200, 235, 80, 255); }  // lime
ImU32 blocked_color() { return to_u32(palette::kBlocked); }
ImU32 sleeping_color() { return to_u32(palette::kSleeping); }
ImU32 folded_color() { return to_u32(palette::kFolded); }

void draw_state_pattern(ImDrawList* dl, ImVec2 a, ImVec2 b, StatePattern pattern, float alpha) {
  const ImU32 base = pattern == StatePattern::Sleeping ? sleeping_color() : blocked_color();
  dl->AddRectFilled(a, b, (base & ~IM_COL32_A_MASK) | to_u32({}, alpha), 2.0f);
  const ImU32 ink = pattern == StatePattern::Sleeping ? IM_COL32(150, 152, 162, 255)
                                                      : IM_COL32(96, 96, 104, 255);
  const ImU32 line = (ink & ~IM_COL32_A_MASK) | to_u32({}, alpha);
  dl->PushClipRect(a, b, true);
  const float h = b.y - a.y;
  if (pattern == StatePattern::Sleeping) {
    // Dots: a timer, nothing to wait for but time.
    for (float y = a.y + 3; y < b.y - 1; y += 5)
      for (float x = a.x + 3 + (static_cast<int>(y) % 2 ? 2.5f : 0); x < b.x - 1; x += 5)
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 1.5f, y + 1.5f), line);
  } else {
    // Diagonal hatching; a lock adds the other diagonal (cross-hatched).
    const float step = 6;
    for (float x = a.x - h; x < b.x; x += step)
      dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), line, 1.2f);
    if (pattern == StatePattern::Lock)
      for (float x = a.x - h; x < b.x; x += step)
        dl->AddLine(ImVec2(x, a.y), ImVec2(x + h, b.y), line, 1.2f);
  }
  dl->PopClipRect();
}

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
    case SliceKind::Spawn:
      return "creating tasks";
    case SliceKind::Spin:
      return "spinning on I/O";
    case SliceKind::Poll:
      return "poller";
  }
  return "?";
}

std::string task_name(const Workload& w, TaskId t) {
  return t < w.tasks.size() ? w.tasks[t].name : std::string("?");
}

std::string fmt_time(Time t, Time resolution) { return human_time(t, resolution); }

std::string fmt_mean(double ns) { return human_mean(ns); }

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
    case SliceEnd::JobDone:
      return "job done";
    case SliceEnd::LockWait:
      return "blocked on lock " + (s.aux < w.locks.size() ? w.locks[s.aux].name : std::string("?"));
    case SliceEnd::Changed:
      return "went on to other work (creating tasks, spinning or polling)";
    default:
      return "?";
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
    case SliceKind::Spawn:
      return task_name(w, s.task) + " creating a task (fork, exec or thread creation)";
    case SliceKind::Spin:
      return task_name(w, s.task) + " spinning: busy-polling its I/O, doing no work";
    case SliceKind::Poll:
      return task_name(w, s.task) + "'s poller: the cost of a select/poll/epoll wakeup";
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

std::string fit_text(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  const float dots = ImGui::CalcTextSize("...").x;
  std::size_t lo = 0, hi = text.size();  // the longest prefix that fits with "..."
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize(text.c_str(), text.c_str() + mid).x + dots <= width)
      lo = mid;
    else
      hi = mid - 1;
  }
  std::size_t cut = text.rfind(' ', lo);
  if (cut == std::string::npos || cut < lo / 2) cut = lo;
  while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ';' || text[cut - 1] == ','))
    --cut;
  return text.substr(0, cut) + "...";
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
