// Small charts over time, on the timeline's time axis (same zoom, same
// gutter, so they line up): ready tasks; for runs that create tasks or have
// a memory limit, memory by kind against machine.memory with the refused
// spawns marked; for two-level runs the fibers and carriers (kernel threads)
// alive; and the utilisation of each CPU with its overhead stacked on top.
// Bins are pixels: each is an exact time-weighted average from the view
// model's prefix sums, except memory's, the highest moment in the pixel (so
// a run that touches the limit is seen to touch it at any zoom).
#include <algorithm>
#include <string>
#include <vector>

#include "gui/model/memory_view.h"
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


// Memory's kinds, bottom to top, with their colours.
struct MemoryKind {
  const char* name;
  std::int64_t MemoryUse::*bytes;
  ImU32 color;
};
constexpr MemoryKind kMemoryKinds[] = {
    {"processes", &MemoryUse::process, IM_COL32(150, 130, 220, 220)},
    {"thread stacks", &MemoryUse::thread, IM_COL32(240, 150, 60, 220)},
    {"fiber stacks", &MemoryUse::fiber, IM_COL32(90, 200, 230, 220)},
};
constexpr ImU32 kLimitColor = IM_COL32(255, 90, 90, 255);
constexpr ImU32 kRefusedColor = IM_COL32(255, 90, 90, 255);
constexpr float kRefusedTickPx = 3;  // refusals closer than this share a tick

// A refusal tick: the refusals [first, first + count) of the view's list.
struct RefusalTick {
  float x;
  std::size_t first, count;
};

// Memory by kind, stacked (the highest moment in each pixel), the machine's
// limit as a labelled line, and a tick on the time axis per refused spawn
// (refusals within kRefusedTickPx share one). B's total, if compared, as a
// line. Returns the ticks, for the tooltip.
std::vector<RefusalTick> memory_chart(App& app, ImDrawList* dl, const ChartArea& a, double t0, double t1,
                                      int bins) {
  const MemoryView& mem = app.session.model().memory();
  const MemoryView* mb = app.compare.enabled && app.compare.session.has_run() &&
                                 app.compare.session.has_timeline() &&
                                 app.compare.session.model().memory().shown()
                             ? &app.compare.session.model().memory()
                             : nullptr;
  // The limit sets the scale unless the run stays far below it (goroutines
  // in 8GiB): then the peak does, and the limit is said to be off the scale.
  double peak = static_cast<double>(mem.peak()), limit = static_cast<double>(mem.limit());
  if (mb) peak = std::max(peak, static_cast<double>(mb->peak())), limit = std::max(limit, static_cast<double>(mb->limit()));
  const bool limit_off_scale = limit > 0 && peak < limit * 0.2;
  double top = limit_off_scale ? peak : std::max(limit, peak);
  // Room at the top for the kinds and the limit's label.
  top = std::max(1.0, top * a.h / std::max(1.0f, a.h - ImGui::GetFontSize() - 4));
  const auto y_of = [&](double bytes) { return a.y + a.h - static_cast<float>(bytes / top) * a.h; };
  dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + a.h), colors::kLaneBg);
  const auto peaks = mem.peaks(t0, t1, bins);
  const float bw = a.w / static_cast<float>(bins);
  for (int i = 0; i < bins; ++i) {
    double below = 0;
    for (const MemoryKind& k : kMemoryKinds) {
      const double v = static_cast<double>(peaks[static_cast<std::size_t>(i)].*k.bytes);
      if (v <= 0) continue;
      const float y1 = y_of(below), y0 = y_of(below + v);
      if (y1 - y0 >= 0.5f) dl->AddRectFilled(ImVec2(a.x + bw * i, y0), ImVec2(a.x + bw * (i + 1), y1), k.color);
      below += v;
    }
  }
  if (mb) {
    std::vector<float> totals;
    for (const MemoryUse& u : mb->peaks(t0, t1, bins)) totals.push_back(static_cast<float>(u.total() / top));
    line(dl, a, totals, 1.0f, IM_COL32(255, 160, 60, 255));
  }
  // The limit: a line across, labelled at its right end.
  if (mem.limit() > 0 && limit_off_scale) {
    const std::string label = "machine.memory " + format_bytes(mem.limit()) + ": far above (peak " +
                               format_bytes(mem.peak()) + ")";
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const ImVec2 at(a.x + a.w - size.x - 6, a.y + 1);
    dl->AddRectFilled(ImVec2(at.x - 3, at.y), ImVec2(at.x + size.x + 3, at.y + size.y), IM_COL32(30, 31, 36, 220), 2.0f);
    dl->AddText(at, kLimitColor, label.c_str());
  } else if (mem.limit() > 0) {
    const float y = y_of(static_cast<double>(mem.limit()));
    dl->AddLine(ImVec2(a.x, y), ImVec2(a.x + a.w, y), kLimitColor, 1.5f);
    const std::string label = "machine.memory " + format_bytes(mem.limit());
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const ImVec2 at(a.x + a.w - size.x - 6, std::max(a.y + 1, y - size.y - 2));
    dl->AddRectFilled(ImVec2(at.x - 3, at.y), ImVec2(at.x + size.x + 3, at.y + size.y), IM_COL32(30, 31, 36, 220), 2.0f);
    dl->AddText(at, kLimitColor, label.c_str());
  }
  // Which kinds there are, top left.
  float kx = a.x + 6;
  for (const MemoryKind& k : kMemoryKinds) {
    if (mem.peak_by_kind().*k.bytes <= 0) continue;
    const float h = ImGui::GetFontSize();
    dl->AddRectFilled(ImVec2(kx - 3, a.y + 1), ImVec2(kx + 17 + ImGui::CalcTextSize(k.name).x, a.y + h + 3),
                      IM_COL32(30, 31, 36, 200), 2.0f);
    dl->AddRectFilled(ImVec2(kx, a.y + 4), ImVec2(kx + 10, a.y + 4 + h - 4), k.color, 2.0f);
    dl->AddText(ImVec2(kx + 14, a.y + 2), colors::kLabel, k.name);
    kx += 24 + ImGui::CalcTextSize(k.name).x;
  }
  // Refused spawns: a red tick up from the time axis, one per few pixels.
  std::vector<RefusalTick> ticks;
  const auto& times = mem.refusal_times();
  const double ns_per_px = (t1 - t0) / a.w;
  auto from = [&](double t) {
    return static_cast<std::size_t>(
        std::lower_bound(times.begin(), times.end(), t, [](Time x, double v) { return static_cast<double>(x) < v; }) -
        times.begin());
  };
  for (std::size_t i = from(t0); i < times.size() && static_cast<double>(times[i]) <= t1;) {
    const double px = (static_cast<double>(times[i]) - t0) / ns_per_px;
    const std::size_t next = std::max(i + 1, from(t0 + (px + kRefusedTickPx) * ns_per_px));
    const float x = a.x + static_cast<float>(px);
    dl->AddLine(ImVec2(x, a.y + a.h), ImVec2(x, a.y + a.h - std::min(a.h * 0.5f, 10.0f)), kRefusedColor, 2.0f);
    ticks.push_back({x, i, next - i});
    i = next;
  }
  frame_and_cursor(app, dl, a, t0, t1);
  return ticks;
}

void memory_tooltip(App& app, const ChartArea& a, const std::vector<RefusalTick>& ticks, double t0, double t1) {
  const Session& s = app.session;
  const MemoryView& mem = s.model().memory();
  const float mx = ImGui::GetIO().MousePos.x;
  ImGui::BeginTooltip();
  const RefusalTick* near = nullptr;
  for (const RefusalTick& k : ticks)
    if (std::abs(k.x - mx) <= 4 && (!near || std::abs(k.x - mx) < std::abs(near->x - mx))) near = &k;
  if (near) {
    // Who could not create whom, and why (the CLI's explain lines).
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRefusedColor), "%zu refused here", near->count);
    constexpr std::size_t kShown = 6;
    for (std::size_t k = near->first; k < near->first + std::min(near->count, kShown); ++k) {
      const Decision& d = s.trace().decisions[mem.refusal_decisions()[k]];
      ImGui::Text("%s  %s", fmt_time(d.time).c_str(), explain(d, s.workload()).c_str());
    }
    if (near->count > kShown) ImGui::TextDisabled("... and %zu more (zoom in)", near->count - kShown);
  } else {
    const double t = t0 + (mx - a.x) / a.w * (t1 - t0);
    const MemoryUse u = mem.at(static_cast<Time>(std::max(0.0, t)));
    ImGui::Text("Memory at %s: %s", fmt_time(static_cast<Time>(std::max(0.0, t))).c_str(),
                format_bytes(u.total()).c_str());
    for (const MemoryKind& k : kMemoryKinds)
      if (mem.peak_by_kind().*k.bytes > 0)
        ImGui::Text("  %s %s (peak %s)", k.name, format_bytes(u.*k.bytes).c_str(),
                    format_bytes(mem.peak_by_kind().*k.bytes).c_str());
    ImGui::Text("  %u kernel threads alive", u.threads);
    ImGui::Text("Peak %s%s", format_bytes(mem.peak()).c_str(),
                mem.limit() > 0 ? (" of machine.memory " + format_bytes(mem.limit())).c_str() : "");
    ImGui::TextDisabled("Bars: the highest moment in each pixel. Red ticks: refused spawns (hover one).");
  }
  ImGui::EndTooltip();
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
  const bool memory = m.memory().shown();
  const float live_h = two_level ? std::floor(avail.y * (memory ? 0.12f : 0.17f)) : 0.0f;
  const float ready_h = std::floor(avail.y * (memory ? (two_level ? 0.18f : 0.22f) : (two_level ? 0.3f : 0.45f)));
  const float mem_h = memory ? std::floor(avail.y * (two_level ? 0.34f : 0.48f)) : 0.0f;
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

  // Memory by kind against the machine's limit, refused spawns marked (SPEC §10).
  const ChartArea ma{x, origin.y + ready_h, w, mem_h - 3};
  std::vector<RefusalTick> refusal_ticks;
  if (memory) {
    refusal_ticks = memory_chart(app, dl, ma, t0, t1, bins);
    const MemoryView& mem = m.memory();
    gutter_label(dl, origin.x, ma.y, "Memory",
                 mem_h > 34 ? "peak " + format_bytes(mem.peak()) : "");
    if (mem_h > 52 && !mem.refusal_times().empty())
      dl->AddText(ImVec2(origin.x + 6, ma.y + 1 + 2 * ImGui::GetFontSize()), kRefusedColor,
                  (std::to_string(mem.refusal_times().size()) + " refused").c_str());
  }

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
      const ChartArea a{x, origin.y + ready_h + mem_h + live_h * k, w, live_h - 3};
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
  // Two-level runs have two more charts, memory one.
  const bool average = ncpu > (two_level || memory ? (two_level && memory ? 1 : 2) : 4);
  const std::size_t nrows = average ? 1 : ncpu;
  const float util_top = ready_h + mem_h + 2 * live_h;
  const float row_h = (avail.y - util_top) / static_cast<float>(nrows);
  for (std::size_t r = 0; r < nrows; ++r) {
    const ChartArea a{x, origin.y + util_top + row_h * r, w, row_h - 3};
    std::vector<float> util(bins, 0.0f), ovh(bins, 0.0f);
    // Parts of the busy time (creating tasks, spinning, polling), stacked
    // over the useful work in their slices' colours.
    constexpr SliceKind kParts[] = {SliceKind::Spawn, SliceKind::Spin, SliceKind::Poll};
    std::vector<std::vector<float>> parts(m.has_cpu_parts() ? 3 : 0, std::vector<float>(bins, 0.0f));
    const std::size_t c0 = average ? 0 : r, c1 = average ? ncpu : r + 1;
    for (std::size_t c = c0; c < c1; ++c) {
      const auto u = m.utilization_series(static_cast<CpuId>(c), t0, t1, bins);
      const auto o = m.overhead_series(static_cast<CpuId>(c), t0, t1, bins);
      for (int i = 0; i < bins; ++i) {
        util[i] += u[i] / static_cast<float>(c1 - c0);
        ovh[i] += o[i] / static_cast<float>(c1 - c0);
      }
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto v = m.part_series(static_cast<CpuId>(c), kParts[p], t0, t1, bins);
        for (int i = 0; i < bins; ++i) parts[p][i] += v[i] / static_cast<float>(c1 - c0);
      }
    }
    dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + a.h), colors::kLaneBg);
    std::vector<float> below(bins, 0.0f);
    for (int i = 0; i < bins; ++i) {
      below[i] = util[i];
      for (const auto& part : parts) below[i] -= part[i];
      below[i] = std::max(0.0f, below[i]);
    }
    bars(dl, a, below, a.h, nullptr, IM_COL32(80, 190, 120, 210), 1.0f);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      bars(dl, a, parts[p], a.h, &below, overhead_color(kParts[p]), 1.0f);
      for (int i = 0; i < bins; ++i) below[i] += parts[p][i];
    }
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
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && memory && mouse.x >= ma.x && mouse.y >= ma.y && mouse.y < ma.y + ma.h) {
    memory_tooltip(app, ma, refusal_ticks, t0, t1);
  } else if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Top: tasks ready to run but waiting for a CPU (averaged per pixel).\n"
        "Memory (runs that create tasks or have a limit): processes, thread and\n"
        "fiber stacks stacked, machine.memory as a red line, refused spawns as\n"
        "red ticks.\n"
        "With runtimes: fibers alive (arrived, not done) and carriers alive\n"
        "(kernel threads started and not exited).\n"
        "Below: share of each CPU's time running tasks (green; of it, creating\n"
        "tasks teal, spinning magenta, polling brown, as on the lanes) and lost\n"
        "to overhead: switches, scheduler, migrations, interrupts (red).");
  }
}

}  // namespace timeslice::gui
