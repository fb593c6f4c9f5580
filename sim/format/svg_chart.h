// Charts of run figures as SVG, for slides and reports:
//   - a line chart of one figure against a swept parameter, a line per value
//     of the other parameters (`timeslice sweep --svg`);
//   - grouped bars, a bar per policy in each group of figures, in panels that
//     share a unit (`timeslice compare --svg`).
// The x axis of a line chart is categorical: one evenly spaced position per
// swept value, labelled as the user typed it (1ms, 10ms, 100ms read well
// evenly spaced; so do policy names). Values in nanoseconds are labelled in
// human units. A missing value (a figure a run does not have) leaves a gap.
// Colours: one per series, the palette of the Gantt chart's tasks.
// The output is deterministic; every plotted value is also in a <title>.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace timeslice {

struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per category (line) or group (bars)
};

struct LineChart {
  std::string title, subtitle;
  std::string x_label, y_label;
  bool y_is_time = false;               // values are nanoseconds
  std::vector<std::string> categories;  // the x positions, in order
  std::vector<ChartSeries> series;
};

struct BarPanel {
  std::string y_label;
  bool y_is_time = false;
  std::vector<std::string> groups;  // figures
  std::vector<ChartSeries> series;  // policies; values per group
};

struct BarChart {
  std::string title, subtitle;
  std::vector<BarPanel> panels;  // stacked, each with its own axis
};

std::string svg_line_chart(const LineChart& chart, int width = 900, int height = 520);
std::string svg_bar_chart(const BarChart& chart, int width = 900);

}  // namespace timeslice
