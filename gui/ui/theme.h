// Colours, fonts and small widgets shared by the panels. Every task has one
// stable colour everywhere (timeline, queues, tables, charts); overhead has
// its own colours that no task gets.
#pragma once

#include <string>

#include <imgui.h>

#include "gui/model/human_time.h"
#include "gui/model/palette.h"
#include "sim/core/observer.h"
#include "sim/core/workload.h"

namespace timeslice::gui {

// Dark style, rounded frames, and DejaVu Sans when installed (ImGui's
// built-in font otherwise). Call before the renderer builds the font atlas.
void apply_theme();

// Width of the label column left of the timeline's lanes; the charts use the
// same so their time axis lines up with the timeline's.
constexpr float kLaneGutter = 118;

ImU32 task_color(TaskId task, float alpha = 1.0f);
ImU32 task_text_color(TaskId task);  // black or white, readable on task_color
ImU32 overhead_color(SliceKind kind);
// A carrier switching fibers (runtime overhead, SPEC §9): its own colour,
// apart from the kernel's context switch.
ImU32 fiber_switch_color();
// States are neutral greys with a pattern (gui/model/palette.h): they can
// never be mistaken for a task's colour.
ImU32 blocked_color();
ImU32 sleeping_color();
ImU32 folded_color();
enum class StatePattern { Blocked, Lock, Sleeping };  // hatched, cross-hatched, dotted
void draw_state_pattern(ImDrawList* dl, ImVec2 a, ImVec2 b, StatePattern pattern,
                        float alpha = 1.0f);

namespace colors {
constexpr ImU32 kLaneBg = IM_COL32(34, 36, 42, 255);
constexpr ImU32 kLaneBgAlt = IM_COL32(40, 42, 49, 255);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kAxisText = IM_COL32(200, 204, 214, 255);
constexpr ImU32 kCursor = IM_COL32(255, 214, 64, 255);
constexpr ImU32 kFuture = IM_COL32(12, 13, 16, 150);
constexpr ImU32 kSelection = IM_COL32(90, 150, 255, 60);
constexpr ImU32 kHighlight = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kDimmed = IM_COL32(20, 21, 25, 170);
constexpr ImU32 kLabel = IM_COL32(215, 218, 226, 255);
constexpr ImU32 kMuted = IM_COL32(140, 145, 158, 255);
constexpr ImU32 kPreempted = IM_COL32(255, 80, 80, 255);   // a slice ended by preemption
constexpr ImU32 kWakeup = IM_COL32(120, 220, 255, 230);    // wakeup arrows
constexpr ImU32 kMarkerA = IM_COL32(110, 200, 255, 255);   // the A marker
constexpr ImU32 kMarkerB = IM_COL32(255, 120, 220, 255);   // the B marker
constexpr ImU32 kHandoff = IM_COL32(255, 190, 60, 255);    // a processor handed off (mn)
inline const ImVec4 kError = ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
inline const ImVec4 kOk = ImVec4(0.55f, 0.85f, 0.55f, 1.0f);
inline const ImVec4 kMutedText = ImVec4(0.6f, 0.62f, 0.68f, 1.0f);
}  // namespace colors

const char* state_name(TaskState s);
const char* slice_kind_name(SliceKind k);
// Why a Run slice ended, in words: "quantum expired", "blocked on disk",
// "preempted by P3", "finished".
std::string slice_end_text(const CpuSlice& s, const Workload& w);
// What an overhead slice was for: "context switch to P2".
std::string overhead_text(const CpuSlice& s, const Workload& w);
std::string task_name(const Workload& w, TaskId t);
// Times and durations in human units (gui/model/human_time.h): 12.5us, 3ms;
// finer when `resolution` asks for it.
std::string fmt_time(Time t, Time resolution = kNever);
// A mean (fractional ns) with 3 decimals at most: 15.667ms.
std::string fmt_mean(double ns);

// A task's name on its colour; returns true when clicked. `selected` draws a
// white frame.
bool task_chip(const Workload& w, TaskId task, bool selected);
// `text` cut at a word and ended with "..." so it fits in `width` pixels
// (unchanged when it fits).
std::string fit_text(const std::string& text, float width);
// A heading followed by a rule.
void section_title(const std::string& title);
// A grey "(?)" with a tooltip.
void help_marker(const char* text);
// Text in a colour, from a std::string.
void text_colored(const ImVec4& color, const std::string& text);
void text_wrapped_colored(const ImVec4& color, const std::string& text);

}  // namespace timeslice::gui
