// Small charts over time, on the timeline's time axis (same zoom, same
// gutter, so they line up): ready tasks, for two-level runs the fibers and
// carriers (kernel threads) alive, and the utilisation of each CPU with its
// overhead stacked on top. Bins are pixels: each is an exact
// time-weighted average from the view model's prefix sums.
#include <algorithm>
#include <string>
#include <vector>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

constexpr float kBinPx = 2;

struct ChartArea {
  float x, y, w, h;  // the plot, right of the gutter
};

void bars(ImDrawList* dl, const ChartArea& a, const std::vector<float>& v, float base_of_one,
          const std::vector<float>* below, ImU32 color, float scale) {
  const float bw = a.w / static_cast<float>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] <= 0.0005f) continue;
    const float b0 = below ? (*below)[i] : 0.0f;
    const float y1 = a.y + a.h - b0 * scale * base_of_one;
    const float y0 = a.y + a.h - (b0 + v[i]) * scale * base_of_one;
    dl->AddRectFilled(ImVec2(a.x + bw * i, std::max(a.y, y0)), ImVec2(a.x + bw * (i + 1), y1),
                      color);
  }
}

void line(ImDrawList* dl, const ChartArea& a, const std::vector<float>& v, float scale,
          ImU32 color) {
  std::vector<ImVec2> pts;
  const float bw = a.w / static_cast<float>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    pts.emplace_back(a.x + bw * (i + 0.5f), a.y + a.h - v[i] * scale * a.h);
  if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), color, 0, 1.5f);
}

void frame_and_cursor(App& app, ImDrawList* dl, const ChartArea& a, double t0, double t1) {
  dl->AddRect(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + a.h), IM_COL32(255, 255, 255, 30));
  const double t = static_cast<double>(app.playback.cursor);
  const float cx = a.x + static_cast<float>((t - t0) / (t1 - t0)) * a.w;
  if (cx < a.x + a.w && app.view.dim_future)
    dl->AddRectFilled(ImVec2(std::max(a.x, cx), a.y), ImVec2(a.x + a.w, a.y + a.h),
                      colors::kFuture);
  if (cx >= a.x && cx <= a.x + a.w)
    dl->AddLine(ImVec2(cx, a.y), ImVec2(cx, a.y + a.h), colors::kCursor, 2.0f);
}

void gutter_label(ImDrawList* dl, float x, float y, const std::string& a, const std::string& b) {
  dl->AddText(ImVec2(x + 6, y + 1), colors::kLabel, a.c_str());
  if (!b.empty())
    dl->AddText(ImVec2(x + 6, y + 1 + ImGui::GetFontSize()), colors::kMuted, b.c_str());
}

}  // namespace

void draw_charts(App& app) {
  if (!app.session.has_run()) return;
  if (draw_not_recorded(app, RecordLevel::Slices, "ready tasks and CPU use over time")) return;
  const RunModel& m = app.session.model();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float x = origin.x + kLaneGutter, w = std::max(10.0f, avail.x - kLaneGutter);
  const double t0 = app.view.time.t0, t1 = app.view.time.time_at(w);
  const int bins = std::max(1, static_cast<int>(w / kBinPx));
  // B is drawn only if its run kept a timeline (a failed re-run may not have).
  const bool two =
      app.compare.enabled && app.compare.session.has_run() && app.compare.session.has_timeline();

  // Ready tasks.
  const bool two_level = !app.session.workload().runtimes.empty();
  const float live_h = two_level ? std::floor(avail.y * 0.17f) : 0.0f;
  const float ready_h = std::floor(avail.y * (two_level ? 0.3f : 0.45f));
  const ChartArea ra{x, origin.y, w, ready_h - 4};
  int top = std::max(1, m.max_ready());
  if (two) top = std::max(top, app.compare.session.model().max_ready());
  const float scale = 1.0f / static_cast<float>(top);
  dl->AddRectFilled(ImVec2(ra.x, ra.y), ImVec2(ra.x + ra.w, ra.y + ra.h), colors::kLaneBg);
  const auto ready = m.ready_series(t0, t1, bins);
  bars(dl, ra, ready, ra.h, nullptr, IM_COL32(90, 150, 255, 200), scale);
  if (two)
    line(dl, ra, app.compare.session.model().ready_series(t0, t1, bins), scale,
         IM_COL32(255, 160, 60, 255));
  frame_and_cursor(app, dl, ra, t0, t1);
  const int ready_now = m.ready_at(app.playback.cursor);
  gutter_label(dl, origin.x, ra.y, "Ready tasks",
               "now " + std::to_string(ready_now) + ", max " + std::to_string(top));
  if (two)
    dl->AddText(ImVec2(ra.x + ra.w - 150, ra.y + 2), IM_COL32(255, 160, 60, 255),
                "B (line)  vs  A (bars)");

  // Fibers and carriers alive (SPEC §9): how many user-level tasks the
  // runtimes hold, and how many kernel threads they need for them.
  if (two_level) {
    struct Live {
      const char* name;
      std::vector<float> (RunModel::*series)(double, double, int) const;
      int (RunModel::*at)(Time) const;
      int max;
      ImU32 color;
    };
    const Live lives[] = {
        {"Live fibers", &RunModel::live_fibers_series, &RunModel::live_fibers_at, m.max_live_fibers(),
         IM_COL32(120, 200, 255, 200)},
        {"Live carriers", &RunModel::live_carriers_series, &RunModel::live_carriers_at,
         m.max_live_carriers(), IM_COL32(255, 190, 60, 200)},
    };
    for (int k = 0; k < 2; ++k) {
      const Live& l = lives[k];
      const ChartArea a{x, origin.y + ready_h + live_h * k, w, live_h - 3};
      dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + a.h), colors::kLaneBg);
      int top_live = std::max(1, l.max);
      const RunModel* mb = two && !app.compare.session.workload().runtimes.empty()
                               ? &app.compare.session.model()
                               : nullptr;
      if (mb) top_live = std::max(top_live, k == 0 ? mb->max_live_fibers() : mb->max_live_carriers());
      bars(dl, a, (m.*l.series)(t0, t1, bins), a.h, nullptr, l.color, 1.0f / static_cast<float>(top_live));
      if (mb)
        line(dl, a, (mb->*l.series)(t0, t1, bins), 1.0f / static_cast<float>(top_live),
             IM_COL32(255, 160, 60, 255));
      frame_and_cursor(app, dl, a, t0, t1);
      gutter_label(dl, origin.x, a.y, l.name,
                   live_h > 34 ? "now " + std::to_string((m.*l.at)(app.playback.cursor)) + ", max " +
                                     std::to_string(top_live)
                               : "");
    }
  }

  // Utilisation per CPU (run) with overhead on top; one row for the average
  // when there are many CPUs.
  const std::size_t ncpu = m.cpu_lanes().size();
  const bool average = ncpu > (two_level ? 2 : 4);  // two-level runs have two more charts
  const std::size_t nrows = average ? 1 : ncpu;
  const float util_top = ready_h + 2 * live_h;
  const float row_h = (avail.y - util_top) / static_cast<float>(nrows);
  for (std::size_t r = 0; r < nrows; ++r) {
    const ChartArea a{x, origin.y + util_top + row_h * r, w, row_h - 3};
    std::vector<float> util(bins, 0.0f), ovh(bins, 0.0f);
    const std::size_t c0 = average ? 0 : r, c1 = average ? ncpu : r + 1;
    for (std::size_t c = c0; c < c1; ++c) {
      const auto u = m.utilization_series(static_cast<CpuId>(c), t0, t1, bins);
      const auto o = m.overhead_series(static_cast<CpuId>(c), t0, t1, bins);
      for (int i = 0; i < bins; ++i) {
        util[i] += u[i] / static_cast<float>(c1 - c0);
        ovh[i] += o[i] / static_cast<float>(c1 - c0);
      }
    }
    dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + a.h), colors::kLaneBg);
    bars(dl, a, util, a.h, nullptr, IM_COL32(80, 190, 120, 210), 1.0f);
    bars(dl, a, ovh, a.h, &util, overhead_color(SliceKind::Switch), 1.0f);
    frame_and_cursor(app, dl, a, t0, t1);
    const std::string name =
        average ? "CPU busy (avg)" : app.session.workload().machine.cpus[r].name + " busy";
    const double util_all = app.session.results().cpus.empty()
                                ? 0
                                : app.session.results().cpus[average ? 0 : r].utilization;
    gutter_label(dl, origin.x, a.y, name,
                 row_h > 34 && !average
                     ? "run " + std::to_string(static_cast<int>(util_all * 100 + 0.5)) + "%"
                     : "");
  }
  ImGui::Dummy(avail);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Top: tasks ready to run but waiting for a CPU (averaged per pixel).\n"
        "With runtimes: fibers alive (arrived, not done) and carriers alive\n"
        "(kernel threads started and not exited).\n"
        "Below: share of each CPU's time running tasks (green) and lost to\n"
        "overhead: switches, scheduler, migrations, interrupts (red).");
  }
}

}  // namespace timeslice::gui
