#include "sim/format/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/core/time.h"
#include "sim/format/export_common.h"
#include "sim/format/svg_gantt.h"

namespace timeslice {

namespace {

constexpr const char* kFont = "Helvetica, Arial, sans-serif";
constexpr const char* kTextFill = "#222222";
constexpr const char* kMutedFill = "#555555";
constexpr const char* kGridStroke = "#d9d9d9";
constexpr double kMargin = 16;
constexpr double kCharWidth = 6.6;  // average advance of 11px sans-serif text

std::string text(double x, double y, const std::string& content, const std::string& attributes = {}) {
  return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\"" + attributes + ">" +
         xml_escape(content) + "</text>\n";
}

// A value axis from 0 (or the smallest value, if negative) to a 1-2-5 round
// top above the largest value.
struct Axis {
  double low = 0, high = 1, step = 0.2;
  bool time = false;

  static Axis fit(double smallest, double largest, bool time) {
    Axis a;
    a.time = time;
    a.low = std::min(0.0, smallest);
    const double span = std::max(largest - a.low, time ? 1.0 : 1e-9);
    const double raw = span / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    a.step = magnitude * 10;
    for (double f : {1.0, 2.0, 5.0, 10.0})
      if (f * magnitude >= raw) {
        a.step = f * magnitude;
        break;
      }
    if (time) a.step = std::max(1.0, std::round(a.step));
    a.low = std::floor(a.low / a.step) * a.step;
    a.high = std::max(a.low + a.step, std::ceil(std::max(largest, a.low) / a.step) * a.step);
    return a;
  }
  std::string label(double v) const {
    if (time) return readable(static_cast<Time>(std::llround(v)));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", std::fabs(v) < step * 1e-6 ? 0.0 : v);
    return buf;
  }
  // Where v falls between `bottom` and `top` pixels.
  double y(double v, double bottom, double top) const { return bottom - (v - low) / (high - low) * (bottom - top); }
};

std::pair<double, double> extent(const std::vector<ChartSeries>& series) {
  double lo = 0, hi = 0;
  bool any = false;
  for (const ChartSeries& s : series)
    for (const auto& v : s.values)
      if (v && std::isfinite(*v)) {
        lo = any ? std::min(lo, *v) : *v;
        hi = any ? std::max(hi, *v) : *v;
        any = true;
      }
  return {lo, hi};
}

std::string header(double width, double height, const std::string& title, const std::string& subtitle) {
  const std::string w = svg_number(width), h = svg_number(std::ceil(height));
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " +
         w + " " + h + "\" font-family=\"" + kFont + "\">\n" +
         "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" +
         text(kMargin, kMargin + 16, title, " font-size=\"17\" font-weight=\"bold\" fill=\"" + std::string(kTextFill) + "\"") +
         (subtitle.empty() ? std::string()
                           : text(kMargin, kMargin + 35, subtitle, " font-size=\"12\" fill=\"" + std::string(kMutedFill) + "\""));
}

// Horizontal grid lines and their labels at the left of [left, right].
std::string value_axis(const Axis& axis, double left, double right, double bottom, double top,
                       const std::string& label) {
  std::string out = "<g class=\"y-axis\">\n";
  const int steps = static_cast<int>(std::llround((axis.high - axis.low) / axis.step));
  for (int i = 0; i <= steps; ++i) {
    const double v = axis.low + axis.step * i;
    const double y = axis.y(v, bottom, top);
    out += "<line x1=\"" + svg_number(left) + "\" y1=\"" + svg_number(y) + "\" x2=\"" + svg_number(right) +
           "\" y2=\"" + svg_number(y) + "\" stroke=\"" + (v == 0 ? "#888888" : kGridStroke) + "\"/>\n";
    out += text(left - 6, y + 4, axis.label(v), " font-size=\"11\" text-anchor=\"end\" fill=\"" + std::string(kMutedFill) + "\"");
  }
  const double mid = (bottom + top) / 2;
  out += "<text x=\"" + svg_number(kMargin + 10) + "\" y=\"" + svg_number(mid) +
         "\" font-size=\"12\" text-anchor=\"middle\" fill=\"" + kTextFill + "\" transform=\"rotate(-90 " +
         svg_number(kMargin + 10) + " " + svg_number(mid) + ")\">" + xml_escape(label) + "</text>\n";
  return out + "</g>\n";
}

// Swatches and names in rows across [left, right]; returns the SVG and its height.
std::pair<std::string, double> legend(const std::vector<ChartSeries>& series, double left, double right, double top) {
  std::string out = "<g class=\"legend\">\n";
  double x = left, y = top;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double width = 18 + static_cast<double>(series[i].name.size()) * kCharWidth + 16;
    if (x > left && x + width > right) {
      x = left;
      y += 20;
    }
    out += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"12\" height=\"12\" fill=\"" +
           task_colour(static_cast<TaskId>(i)) + "\"/>\n";
    out += text(x + 18, y + 10, series[i].name, " font-size=\"11\" fill=\"" + std::string(kTextFill) + "\"");
    x += width;
  }
  return {out + "</g>\n", y - top + 20};
}

std::string value_text(const Axis& axis, double v) {
  if (axis.time) return format_duration(static_cast<Time>(std::llround(v)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string svg_line_chart(const LineChart& c, int width, int height) {
  const double left = kMargin + 80, right = width - kMargin - 10;
  const double top = kMargin + (c.subtitle.empty() ? 34 : 52);
  const auto [legend_svg, legend_height] = legend(c.series, left, right, 0);
  const double bottom = height - kMargin - 44 - legend_height;
  const auto [lo, hi] = extent(c.series);
  const Axis axis = Axis::fit(lo, hi, c.y_is_time);

  std::string out = header(width, height, c.title, c.subtitle);
  out += value_axis(axis, left, right, bottom, top, c.y_label);
  const std::size_t n = c.categories.size();
  auto x_of = [&](std::size_t i) {
    return n <= 1 ? (left + right) / 2 : left + 20 + (right - left - 40) * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  out += "<g class=\"x-axis\">\n";
  for (std::size_t i = 0; i < n; ++i)
    out += text(x_of(i), bottom + 16, c.categories[i],
                " font-size=\"11\" text-anchor=\"middle\" fill=\"" + std::string(kMutedFill) + "\"");
  out += text((left + right) / 2, bottom + 34, c.x_label,
              " font-size=\"12\" text-anchor=\"middle\" fill=\"" + std::string(kTextFill) + "\"");
  out += "</g>\n";
  for (std::size_t s = 0; s < c.series.size(); ++s) {
    const ChartSeries& series = c.series[s];
    const std::string colour = task_colour(static_cast<TaskId>(s));
    out += "<g class=\"series\" data-name=\"" + xml_escape(series.name) + "\">\n";
    // A line through each run of consecutive values; a missing value breaks it.
    std::string points;
    auto flush = [&] {
      if (points.find(' ') != std::string::npos)
        out += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + points + "\"/>\n";
      points.clear();
    };
    for (std::size_t i = 0; i < n && i < series.values.size(); ++i) {
      const auto& v = series.values[i];
      if (!v || !std::isfinite(*v)) {
        flush();
        continue;
      }
      const std::string xy = svg_number(x_of(i)) + "," + svg_number(axis.y(*v, bottom, top));
      points += (points.empty() ? "" : " ") + xy;
    }
    flush();
    for (std::size_t i = 0; i < n && i < series.values.size(); ++i) {
      const auto& v = series.values[i];
      if (!v || !std::isfinite(*v)) continue;
      out += "<circle class=\"point\" cx=\"" + svg_number(x_of(i)) + "\" cy=\"" + svg_number(axis.y(*v, bottom, top)) +
             "\" r=\"3.5\" fill=\"" + colour + "\"><title>" +
             xml_escape(series.name + (series.name.empty() ? "" : ", ") + c.x_label + " " + c.categories[i] + ": " +
                        value_text(axis, *v)) +
             "</title></circle>\n";
    }
    out += "</g>\n";
  }
  // The legend sits under the x axis label (translated into place).
  out += "<g transform=\"translate(0 " + svg_number(bottom + 48) + ")\">\n" + legend_svg + "</g>\n";
  return out + "</svg>\n";
}

std::string svg_bar_chart(const BarChart& c, int width) {
  constexpr double kPanelHeight = 240, kPanelGap = 70;
  const double left = kMargin + 80, right = width - kMargin - 10;
  const double first_top = kMargin + (c.subtitle.empty() ? 34 : 52);
  const std::vector<ChartSeries>& names = c.panels.empty() ? std::vector<ChartSeries>{} : c.panels.front().series;
  const auto [legend_svg, legend_height] = legend(names, left, right, 0);
  const double panels = static_cast<double>(c.panels.size());
  const double height =
      first_top + panels * kPanelHeight + std::max(0.0, panels - 1) * kPanelGap + 30 + legend_height + kMargin;

  std::string out = header(width, height, c.title, c.subtitle);
  double top = first_top;
  for (const BarPanel& p : c.panels) {
    const double bottom = top + kPanelHeight;
    const auto [lo, hi] = extent(p.series);
    const Axis axis = Axis::fit(lo, hi, p.y_is_time);
    out += "<g class=\"panel\">\n" + value_axis(axis, left, right, bottom, top, p.y_label);
    const double group_width = (right - left) / static_cast<double>(std::max<std::size_t>(1, p.groups.size()));
    const double bar = std::min(40.0, group_width * 0.8 / static_cast<double>(std::max<std::size_t>(1, p.series.size())));
    for (std::size_t g = 0; g < p.groups.size(); ++g) {
      const double centre = left + group_width * (static_cast<double>(g) + 0.5);
      const double start = centre - bar * static_cast<double>(p.series.size()) / 2;
      for (std::size_t s = 0; s < p.series.size(); ++s) {
        if (g >= p.series[s].values.size() || !p.series[s].values[g] || !std::isfinite(*p.series[s].values[g])) continue;
        const double v = *p.series[s].values[g];
        const double y0 = axis.y(0, bottom, top), y1 = axis.y(v, bottom, top);
        out += "<rect class=\"bar\" x=\"" + svg_number(start + bar * static_cast<double>(s)) + "\" y=\"" +
               svg_number(std::min(y0, y1)) + "\" width=\"" + svg_number(bar - 2) + "\" height=\"" +
               svg_number(std::fabs(y1 - y0)) + "\" fill=\"" + task_colour(static_cast<TaskId>(s)) + "\"><title>" +
               xml_escape(p.series[s].name + ", " + p.groups[g] + ": " + value_text(axis, v)) + "</title></rect>\n";
      }
      out += text(centre, bottom + 16, p.groups[g],
                  " font-size=\"11\" text-anchor=\"middle\" fill=\"" + std::string(kTextFill) + "\"");
    }
    out += "</g>\n";
    top = bottom + kPanelGap;
  }
  out += "<g transform=\"translate(0 " + svg_number(top - kPanelGap + 30) + ")\">\n" + legend_svg + "</g>\n";
  return out + "</svg>\n";
}

}  // namespace timeslice
