// The timeline's colours as plain RGB, so their distances can be tested.
//
// Tasks are hues: every task gets a colour of its own, the one the exports
// use too (sim/format/svg_gantt.h: Tableau 10, then golden-angle hues). States are
// not: blocked, sleeping and "many tiny slices" are neutral greys (told
// apart from each other by lightness and, on screen, by their patterns), so
// a blocked bar can never read as some task running. The rule, checked in
// tests/gui/unit-palette.cpp: every task colour has CIELAB chroma of at least
// kMinTaskChroma, every state colour at most kMaxStateChroma, and every task
// colour is at least kMinStateDistance (CIE76 delta E) from every state
// colour. Pure: no ImGui.
#pragma once

#include <cstdint>

#include "sim/core/workload.h"

namespace timeslice::gui {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

// A task's colour, as in the SVG Gantt chart and the other exports.
Rgb task_rgb(TaskId task);

namespace palette {
constexpr Rgb kBlocked{160, 160, 165};   // waiting for a device or a lock (hatched)
constexpr Rgb kSleeping{88, 90, 100};    // waiting for a timer (dotted)
constexpr Rgb kFolded{124, 126, 134};    // many slices too small to draw apart
constexpr Rgb kStates[] = {kBlocked, kSleeping, kFolded};

constexpr double kMinTaskChroma = 20;
constexpr double kMaxStateChroma = 8;
constexpr double kMinStateDistance = 20;
}  // namespace palette

// CIELAB (D65) of an sRGB colour, and the distances the rule uses.
struct Lab {
  double l = 0, a = 0, b = 0;
};
Lab to_lab(Rgb c);
double chroma(Rgb c);               // sqrt(a^2 + b^2): 0 for greys
double delta_e(Rgb x, Rgb y);       // CIE76: Euclidean distance in Lab

}  // namespace timeslice::gui
