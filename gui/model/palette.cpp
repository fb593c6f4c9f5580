#include "gui/model/palette.h"

#include <cmath>

#include "sim/format/svg_gantt.h"

namespace timeslice::gui {

namespace {

double linear(std::uint8_t c) {
  const double x = c / 255.0;
  return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
}

double lab_f(double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; }

}  // namespace

Rgb task_rgb(TaskId task) {
  const std::uint32_t rgb = timeslice::task_rgb(task);  // the exports' colours
  return {static_cast<std::uint8_t>(rgb >> 16 & 0xff), static_cast<std::uint8_t>(rgb >> 8 & 0xff),
          static_cast<std::uint8_t>(rgb & 0xff)};
}

Lab to_lab(Rgb c) {
  const double r = linear(c.r), g = linear(c.g), b = linear(c.b);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  return {116 * lab_f(y) - 16, 500 * (lab_f(x) - lab_f(y)), 200 * (lab_f(y) - lab_f(z))};
}

double chroma(Rgb c) {
  const Lab l = to_lab(c);
  return std::hypot(l.a, l.b);
}

double delta_e(Rgb x, Rgb y) {
  const Lab a = to_lab(x), b = to_lab(y);
  return std::sqrt((a.l - b.l) * (a.l - b.l) + (a.a - b.a) * (a.a - b.a) +
                   (a.b - b.b) * (a.b - b.b));
}

}  // namespace timeslice::gui
