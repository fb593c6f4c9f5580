#include "gui/model/palette.h"

#include <cmath>

namespace timeslice::gui {

namespace {

// HSV (all in [0, 1]) to 8-bit RGB.
Rgb from_hsv(double h, double s, double v) {
  const double i = std::floor(h * 6);
  const double f = h * 6 - i;
  const double p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
  double r = v, g = t, b = p;
  switch (static_cast<int>(i) % 6) {
    case 0: r = v, g = t, b = p; break;
    case 1: r = q, g = v, b = p; break;
    case 2: r = p, g = v, b = t; break;
    case 3: r = p, g = q, b = v; break;
    case 4: r = t, g = p, b = v; break;
    default: r = v, g = p, b = q; break;
  }
  auto byte = [](double x) { return static_cast<std::uint8_t>(std::lround(x * 255)); };
  return {byte(r), byte(g), byte(b)};
}

double linear(std::uint8_t c) {
  const double x = c / 255.0;
  return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
}

double lab_f(double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; }

}  // namespace

Rgb task_rgb(TaskId task) {
  const double h = std::fmod(0.08 + static_cast<double>(task) * 0.618034, 1.0);
  const double sat = (task / 7) % 2 == 0 ? 0.62 : 0.53;
  const double val = (task / 3) % 2 == 0 ? 0.88 : 0.74;
  return from_hsv(h, sat, val);
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
