// The timeline: a time axis, then a lane per CPU, per runtime carrier (the
// fibers it ran), per device channel (and optionally per task) for the run,
// and for the compared run below it.
//
// Drawing follows pixels, not slices: each lane asks fold_lane() for the
// blocks of its visible range (binary search + folding of sub-pixel runs),
// so a million-slice trace draws in about the time of a small one.
//
// Mouse: wheel zooms at the pointer, drag pans, right-drag zooms to a range,
// click selects a task, double-click (or click/drag on the axis) moves the
// cursor; shift+wheel scrolls the lanes.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gui/model/lod.h"
#include "gui/model/now_line.h"
#include "gui/model/spawn_links.h"
#include "gui/model/wakeups.h"
#include "gui/model/time_axis.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

constexpr float kGutter = kLaneGutter;
constexpr float kAxisH = 24;
constexpr float kFoldPx = 3;  // items narrower than this fold
constexpr double kLabelPad = 6;

enum class RowKind { Header, Cpu, Carrier, Device, Lock, Task };

struct Row {
  RowKind kind;
  int run;              // 0: the session, 1: the compared one
  std::uint32_t index;  // cpu, device lane or task
  float y, h;           // relative to the lanes' top
};

// What the mouse is over, found while drawing.
struct Hover {
  bool valid = false;
  RowKind kind = RowKind::Cpu;
  int run = 0;
  std::uint32_t lane = 0;
  DrawBlock block;
  bool carrier_state = false;  // Carrier rows: a block of the carrier's states, not its fibers
  // Cpu rows: a refused-spawn mark, refusals [first, first + count) of the
  // CPU's list (SpawnLinks::refused_on_cpu); count 0: not one.
  std::size_t refused_first = 0, refused_count = 0;
};

struct Frame {
  explicit Frame(App& a) : app(a) {}
  App& app;
  ImDrawList* dl = nullptr;
  float lanes_x = 0, lanes_w = 0;  // screen x and width of the lane area
  float top = 0;                   // screen y of row 0
  VisibleRange range;
  ImVec2 mouse;
  bool mouse_in = false;
  Hover hover;
  std::vector<DrawBlock> blocks;  // reused per lane
  Session& run(int r) { return r == 0 ? app.session : app.compare.session; }
};

// Rows for both runs. Base heights grow (up to 2.5x) to fill `avail_h` when
// there are few lanes, so a one-CPU run is not a thin strip.
std::vector<Row> layout_rows(App& app, float avail_h) {
  std::vector<Row> rows;
  // B is drawn only if its run kept a timeline (a failed re-run may not have).
  const bool two =
      app.compare.enabled && app.compare.session.has_run() && app.compare.session.has_timeline();
  for (int r = 0; r < (two ? 2 : 1); ++r) {
    Session& s = r == 0 ? app.session : app.compare.session;
    if (!s.has_run()) continue;
    if (two) rows.push_back({RowKind::Header, r, 0, 0, 22});
    const RunModel& m = s.model();
    // CPU lanes, then a lane per carrier its runtimes started; thinner when
    // together they are many, so both levels fit on screen.
    const std::size_t ncpu = m.cpu_lanes().size();
    const std::size_t ncarrier = m.carrier_lanes().size();
    const bool dense = ncpu + ncarrier > 8;
    const float cpu_h = dense ? 20.0f : 30.0f;
    for (std::uint32_t c = 0; c < ncpu; ++c) rows.push_back({RowKind::Cpu, r, c, 0, cpu_h});
    for (std::uint32_t k = 0; k < ncarrier; ++k)
      rows.push_back({RowKind::Carrier, r, k, 0, dense ? 18.0f : 24.0f});
    for (std::uint32_t d = 0; d < m.device_lanes().size(); ++d)
      rows.push_back({RowKind::Device, r, d, 0, 17});
    // A lane per lock, when the run recorded who held it.
    for (std::uint32_t l = 0; l < m.lock_lanes().size(); ++l)
      rows.push_back({RowKind::Lock, r, l, 0, 20});
    if (app.view.task_lanes)
      for (TaskId t : m.shown_tasks()) rows.push_back({RowKind::Task, r, t, 0, 17});
  }
  const float gap = 6;
  float fixed = 0, scalable = 0;
  for (const Row& row : rows) (row.kind == RowKind::Header ? fixed : scalable) += row.h;
  fixed += gap * (two ? 2 : 1);
  const float grow = scalable > 0 ? std::clamp((avail_h - fixed) / scalable, 1.0f, 2.5f) : 1.0f;
  float y = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind == RowKind::Header && i > 0) y += gap;
    if (rows[i].kind != RowKind::Header) rows[i].h = std::floor(rows[i].h * grow);
    rows[i].y = y;
    y += rows[i].h;
  }
  return rows;
}

// Text centred in [x0, x1] if it fits; on a plate of `plate` colour when
// given (text over a pattern).
void label_in(ImDrawList* dl, float x0, float x1, float y, float h, const std::string& text,
              ImU32 color, ImU32 plate = 0) {
  const float visible0 = std::max(x0, dl->GetClipRectMin().x);
  const float visible1 = std::min(x1, dl->GetClipRectMax().x);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  if (visible1 - visible0 < size.x + kLabelPad + (plate ? 6 : 0)) return;
  const float x = std::clamp((x0 + x1 - size.x) / 2, visible0 + 3, visible1 - size.x - 3);
  const float ty = y + (h - size.y) / 2;
  if (plate)
    dl->AddRectFilled(ImVec2(x - 3, ty), ImVec2(x + size.x + 3, ty + size.y), plate, 2.0f);
  dl->AddText(ImVec2(x, ty), color, text.c_str());
}

// The selection is a task of A; of B too when B runs the same workload.
bool dimmed(const App& app, int run, TaskId task) {
  return app.selected != kNoTask && (task != app.selected || (run == 1 && app.compare.of_file()));
}

// A block's left and right edges on screen, at least a pixel apart.
std::pair<float, float> screen_x(const Frame& f, const DrawBlock& b) {
  const float x0 = f.lanes_x + static_cast<float>(b.x0);
  return {x0, std::max(x0 + 1.0f, f.lanes_x + static_cast<float>(b.x1))};
}

void check_hover(Frame& f, const Row& row, float y, const DrawBlock& b, float x0, float x1,
                 bool carrier_state = false) {
  if (!f.mouse_in || f.mouse.y < y || f.mouse.y >= y + row.h) return;
  if (f.mouse.x < x0 - 1 || f.mouse.x > x1 + 1) return;
  f.hover = {true, row.kind, row.run, row.index, b, carrier_state};
}

// A folded block: grey, or in the overhead colour when it holds only overhead.
ImU32 folded_block_color(const Trace& trace, const Lane& lane, const DrawBlock& b) {
  if (b.count > 8) return folded_color();
  for (std::uint32_t k = b.first; k < b.first + b.count; ++k)
    if (trace.cpu_slices[lane.item[k]].kind == SliceKind::Run) return folded_color();
  return overhead_color(SliceKind::Switch);
}

// Marks at times time_of(0..n-1) (ascending) in view, at most one per
// `fold_px` pixels: draw(x, first, count) for each, `count` marks from
// `first` sharing it. Binary searches jump over the folded ones, so a frame
// costs the marks drawn, not the marks in view.
template <class TimeOf, class Draw>
void fold_marks(const Frame& f, std::size_t n, TimeOf&& time_of, double fold_px, Draw&& draw) {
  auto from = [&](double t) {  // the first mark at or after t
    std::size_t lo = 0, hi = n;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (static_cast<double>(time_of(mid)) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (std::size_t i = from(f.range.t0); i < n && static_cast<double>(time_of(i)) <= f.range.t1();) {
    const double px = (static_cast<double>(time_of(i)) - f.range.t0) / f.range.ns_per_px;
    const std::size_t next = std::max(i + 1, from(f.range.t0 + (px + fold_px) * f.range.ns_per_px));
    draw(f.lanes_x + static_cast<float>(px), i, next - i);
    i = next;
  }
}
constexpr double kMarkFoldPx = 3;  // marks closer than this share one

// Who created whom in run `r` (spawn_links.h), found once per run.
const SpawnLinks& spawn_links(Session& s, int r) {
  static std::uint64_t version[2] = {~0ull, ~0ull};
  static SpawnLinks cache[2];
  if (version[r] != s.version()) {
    version[r] = s.version();
    cache[r] = s.has_decisions() ? find_spawn_links(s.workload(), s.trace(), s.model()) : SpawnLinks{};
  }
  return cache[r];
}

constexpr ImU32 kRefusedMark = IM_COL32(255, 70, 70, 255);
constexpr ImU32 kSpawnLink = IM_COL32(70, 225, 205, 235);  // the Spawn slices' teal, lighter
constexpr float kRefusedFoldPx = 4;  // refusals closer than this share a mark

// Refused spawns on a CPU lane: a red cross at the top of the lane where the
// spawner was told no; refusals closer than kRefusedFoldPx share one cross.
void draw_refusals(Frame& f, const Row& row, float y) {
  const SpawnLinks& links = spawn_links(f.run(row.run), row.run);
  if (row.index >= links.refused_times.size()) return;
  const auto& times = links.refused_times[row.index];
  fold_marks(f, times.size(), [&](std::size_t k) { return times[k]; }, kRefusedFoldPx,
             [&](float x, std::size_t first, std::size_t count) {
               const float r = 4, cy = y + 2 + r;
               f.dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), kRefusedMark, 2.0f);
               f.dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), kRefusedMark, 2.0f);
               if (f.mouse_in && std::abs(f.mouse.x - x) <= r + 1 && f.mouse.y >= y && f.mouse.y < y + row.h)
                 f.hover = {true, row.kind, row.run, row.index, {}, false, first, count};
             });
}

void draw_cpu_row(Frame& f, const Row& row, float y) {
  Session& s = f.run(row.run);
  const RunModel& m = s.model();
  const Trace& trace = s.trace();
  const Lane& lane = m.cpu_lanes()[row.index];
  f.blocks.clear();
  fold_lane(lane.starts(), lane.ends(), f.range, kFoldPx, f.blocks);
  const float pad = 3;
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    check_hover(f, row, y, b, x0, x1);
    if (b.folded()) {
      f.dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad),
                          folded_block_color(trace, lane, b));
      continue;
    }
    const CpuSlice& sl = trace.cpu_slices[lane.item[b.first]];
    if (sl.kind == SliceKind::Run) {
      const bool dim = dimmed(f.app, row.run, sl.task);
      const ImU32 col = task_color(sl.task, dim ? 0.3f : 1.0f);
      f.dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad), col,
                          x1 - x0 > 6 ? 3.0f : 0.0f);
      if (!dim && f.app.selected == sl.task)
        f.dl->AddRect(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad), colors::kHighlight, 3.0f, 0,
                      2.0f);
      const std::string name = task_name(s.workload(), sl.task);
      const std::string longer = name + "  " + fmt_time(sl.end - sl.start);
      const float need = ImGui::CalcTextSize(longer.c_str()).x + 2 * kLabelPad;
      label_in(f.dl, x0, x1, y, row.h, x1 - x0 > need ? longer : name,
               dim ? IM_COL32(200, 200, 205, 110) : task_text_color(sl.task));
      // Why the slice ended, on the chart: a red wedge where the task was
      // preempted, a white notch where its quantum expired.
      if (sl.reason == SliceEnd::Preempted)
        f.dl->AddTriangleFilled(ImVec2(x1 - 6, y + pad), ImVec2(x1 + 6, y + pad),
                                ImVec2(x1, y + pad + 8), colors::kPreempted);
      else if (sl.reason == SliceEnd::Expired)
        f.dl->AddLine(ImVec2(x1, y + pad), ImVec2(x1, y + pad + 7), colors::kHighlight, 2.0f);
    } else {
      // Overhead: a shorter bar in its own colour, so it never reads as task work.
      const ImU32 col = overhead_color(sl.kind);
      const float inset = row.h * 0.28f;
      f.dl->AddRectFilled(ImVec2(x0, y + inset), ImVec2(x1, y + row.h - inset), col);
      const char* tag = sl.kind == SliceKind::Switch      ? "switch"
                        : sl.kind == SliceKind::Scheduler ? "sched"
                        : sl.kind == SliceKind::Interrupt ? "irq"
                        : sl.kind == SliceKind::Spawn     ? "spawn"
                        : sl.kind == SliceKind::Spin      ? "spin"
                        : sl.kind == SliceKind::Poll      ? "poll"
                                                          : "migrate";
      label_in(f.dl, x0, x1, y + inset, row.h - 2 * inset, tag, IM_COL32(20, 20, 24, 255));
    }
  }
  // Idle: the gaps. Say so where there is room.
  const float min_gap = ImGui::CalcTextSize("idle").x + 16;
  float prev = f.lanes_x + static_cast<float>(std::max(0.0, -f.range.t0 / f.range.ns_per_px));
  auto idle_label = [&](float a, float b) {
    if (b - a >= min_gap) label_in(f.dl, a, b, y, row.h, "idle", colors::kMuted);
  };
  for (const DrawBlock& b : f.blocks) {
    idle_label(prev, f.lanes_x + static_cast<float>(b.x0));
    prev = f.lanes_x + static_cast<float>(b.x1);
  }
  const float end_x = f.lanes_x + static_cast<float>((static_cast<double>(m.end()) - f.range.t0) /
                                                     f.range.ns_per_px);
  idle_label(prev, std::min(end_x, f.lanes_x + f.lanes_w));
  draw_refusals(f, row, y);
}

// What a carrier is doing off its CPU, in a word: "syscall", "parked".
const char* carrier_state_text(TaskState state, std::uint32_t aux) {
  switch (state) {
    case TaskState::Ready:
      return "ready (no CPU)";
    case TaskState::Sleeping:
      return "syscall";  // a blocking call: the carrier waits in the kernel
    case TaskState::Blocked:
      return aux == kParkedAux ? "parked" : "blocked";
    default:
      return "";
  }
}

// A carrier's lane: its states while off a CPU (ready: hollow; in a
// syscall: hatched; parked: dotted) and, while on one, the fibers it ran,
// each in its colour, with fiber switches as short bars of their own colour.
// Where the monitor took its processor during a syscall, an amber mark.
void draw_carrier_row(Frame& f, const Row& row, float y) {
  Session& s = f.run(row.run);
  const RunModel& m = s.model();
  const Trace& trace = s.trace();
  const CarrierLane& cl = m.carrier_lanes()[row.index];
  const TaskLane& states = m.task_lanes()[cl.carrier];
  const float pad = 2;
  const bool dim_carrier = dimmed(f.app, row.run, cl.carrier);
  f.blocks.clear();
  fold_lane(states.lane.starts(), states.lane.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    const ImVec2 a(x0, y + pad), c(x1, y + row.h - pad);
    if (b.folded()) continue;  // fiber slices and their folds cover the busy stretches
    const std::uint32_t k = states.lane.item[b.first];
    const TaskState st = states.state[k];
    if (st == TaskState::Running) continue;  // the fiber slices say what it ran
    check_hover(f, row, y, b, x0, x1, true);
    const float alpha = dim_carrier && f.app.selected != kNoTask ? 0.5f : 1.0f;
    if (st == TaskState::Ready) {
      f.dl->AddRect(a, c, IM_COL32(200, 204, 214, static_cast<int>(150 * alpha)), 2.0f);
    } else {
      const bool parked = st == TaskState::Blocked && states.aux[k] == kParkedAux;
      draw_state_pattern(f.dl, a, c, parked ? StatePattern::Sleeping : StatePattern::Blocked, alpha);
    }
    label_in(f.dl, x0, x1, y, row.h, carrier_state_text(st, states.aux[k]), colors::kLabel,
             st == TaskState::Ready ? 0 : IM_COL32(30, 31, 36, 230));
  }
  f.blocks.clear();
  fold_lane(cl.fibers.starts(), cl.fibers.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    check_hover(f, row, y, b, x0, x1);
    if (b.folded()) {
      f.dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad), folded_color());
      continue;
    }
    const FiberSlice& fs = trace.fiber_slices[cl.fibers.item[b.first]];
    const bool dim = dimmed(f.app, row.run, fs.fiber) && dim_carrier;
    if (fs.kind == FiberSliceKind::Switch) {
      const float inset = row.h * 0.28f;
      f.dl->AddRectFilled(ImVec2(x0, y + inset), ImVec2(x1, y + row.h - inset), fiber_switch_color());
      label_in(f.dl, x0, x1, y + inset, row.h - 2 * inset, "fiber switch", IM_COL32(20, 20, 24, 255));
      continue;
    }
    f.dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad),
                        task_color(fs.fiber, dim ? 0.3f : 1.0f), x1 - x0 > 6 ? 3.0f : 0.0f);
    if (!dim && f.app.selected == fs.fiber)
      f.dl->AddRect(ImVec2(x0, y + pad), ImVec2(x1, y + row.h - pad), colors::kHighlight, 3.0f, 0, 2.0f);
    label_in(f.dl, x0, x1, y, row.h, task_name(s.workload(), fs.fiber),
             dim ? IM_COL32(200, 200, 205, 110) : task_text_color(fs.fiber));
  }
  // The monitor preempted the fiber: a red wedge, as on the CPU lanes.
  // (These marks fold like slices: a million-fiber run has millions.)
  fold_marks(f, cl.preemptions.size(), [&](std::size_t k) { return cl.preemptions[k]; }, kMarkFoldPx,
             [&](float x, std::size_t, std::size_t) {
               f.dl->AddTriangleFilled(ImVec2(x - 6, y + pad), ImVec2(x + 6, y + pad), ImVec2(x, y + pad + 8),
                                       colors::kPreempted);
             });
  // Steals: a white wedge at the foot of the lane where it took fibers from
  // another processor's queue.
  fold_marks(f, cl.steals.size(), [&](std::size_t k) { return cl.steals[k].time; }, kMarkFoldPx,
             [&](float x, std::size_t, std::size_t) {
               const float bottom = y + row.h - pad;
               f.dl->AddTriangleFilled(ImVec2(x - 5, bottom), ImVec2(x + 5, bottom), ImVec2(x, bottom - 7),
                                       colors::kHighlight);
             });
  // Handoffs: the processor left this carrier while it was in a syscall.
  fold_marks(f, cl.handoffs.size(), [&](std::size_t k) { return cl.handoffs[k].time; }, kMarkFoldPx,
             [&](float x, std::size_t, std::size_t) {
               f.dl->AddLine(ImVec2(x, y + 1), ImVec2(x, y + row.h - 1), colors::kHandoff, 2.0f);
               f.dl->AddTriangleFilled(ImVec2(x - 5, y + 1), ImVec2(x + 5, y + 1), ImVec2(x, y + 8), colors::kHandoff);
             });
}

void draw_device_row(Frame& f, const Row& row, float y) {
  Session& s = f.run(row.run);
  const DeviceLane& dev = s.model().device_lanes()[row.index];
  f.blocks.clear();
  fold_lane(dev.lane.starts(), dev.lane.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    check_hover(f, row, y, b, x0, x1);
    if (b.folded()) {
      f.dl->AddRectFilled(ImVec2(x0, y + 2), ImVec2(x1, y + row.h - 2), folded_color());
      continue;
    }
    const DeviceSlice& ds = s.trace().device_slices[dev.lane.item[b.first]];
    const bool dim = dimmed(f.app, row.run, ds.task);
    f.dl->AddRectFilled(ImVec2(x0, y + 2), ImVec2(x1, y + row.h - 2),
                        task_color(ds.task, dim ? 0.25f : 0.85f), 2.0f);
    if (!dim)
      label_in(f.dl, x0, x1, y, row.h, task_name(s.workload(), ds.task), task_text_color(ds.task));
  }
}

// What a blocked task waits for: "disk", "lock m (held by P1)".
std::string blocked_text(Session& s, std::uint32_t aux, Time at) {
  const Workload& w = s.workload();
  if (blocked_on_lock(aux)) {
    const std::uint32_t lock = aux - kLockAux;
    std::string text = "lock " + (lock < w.locks.size() ? w.locks[lock].name : std::string("?"));
    const TaskId holder = s.model().lock_holder_at(lock, at);
    if (holder != kNoTask) text += " (held by " + task_name(w, holder) + ")";
    return text;
  }
  if (aux == kSyscallAux) return "in a syscall";  // a fiber whose carrier blocked in the kernel
  if (aux == kParkedAux) return "parked";         // a carrier with no fiber to run
  if (aux >= kChannelAux && aux - kChannelAux < w.channels.size())
    return "chan " + w.channels[aux - kChannelAux].name;
  return aux < w.devices.size() ? "blocked: " + w.devices[aux].name : "blocked";
}

// A lock's lane: its holder on top (in the holder's colour), and below, in
// red, when tasks were waiting for it (contended), with how many.
void draw_lock_row(Frame& f, const Row& row, float y) {
  Session& s = f.run(row.run);
  const RunModel& m = s.model();
  const Lane& held = m.lock_lanes()[row.index];
  const Lane& waits = m.lock_contention()[row.index];
  const float split = y + std::floor(row.h * 0.62f);
  f.blocks.clear();
  fold_lane(waits.starts(), waits.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    f.dl->AddRectFilled(ImVec2(x0, split), ImVec2(x1, y + row.h - 1), IM_COL32(220, 70, 70, 200));
  }
  f.blocks.clear();
  fold_lane(held.starts(), held.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    check_hover(f, row, y, b, x0, x1);
    if (b.folded()) {
      f.dl->AddRectFilled(ImVec2(x0, y + 1), ImVec2(x1, split), folded_color());
      continue;
    }
    const TaskId holder = held.item[b.first];
    const bool dim = dimmed(f.app, row.run, holder);
    f.dl->AddRectFilled(ImVec2(x0, y + 1), ImVec2(x1, split), task_color(holder, dim ? 0.3f : 1.0f),
                        2.0f);
    if (!dim)
      label_in(f.dl, x0, x1, y + 1, split - y - 1, "held by " + task_name(s.workload(), holder),
               task_text_color(holder));
  }
}

void draw_task_row(Frame& f, const Row& row, float y) {
  Session& s = f.run(row.run);
  const TaskLane& tl = s.model().task_lanes()[row.index];
  const TaskId task = row.index;
  const bool dim = dimmed(f.app, row.run, task);
  f.blocks.clear();
  fold_lane(tl.lane.starts(), tl.lane.ends(), f.range, kFoldPx, f.blocks);
  for (const DrawBlock& b : f.blocks) {
    const auto [x0, x1] = screen_x(f, b);
    check_hover(f, row, y, b, x0, x1);
    const ImVec2 a(x0, y + 2), c(x1, y + row.h - 2);
    if (b.folded()) {
      f.dl->AddRectFilled(a, c, folded_color());
      continue;
    }
    const std::uint32_t k = tl.lane.item[b.first];
    const float alpha = dim ? 0.35f : 1.0f;
    switch (tl.state[k]) {
      case TaskState::Running:
        f.dl->AddRectFilled(a, c, task_color(task, alpha), 2.0f);
        if (!dim) label_in(f.dl, x0, x1, y, row.h, "running", task_text_color(task));
        break;
      case TaskState::Ready:
        // Hollow: the task wants the CPU but does not have it.
        f.dl->AddRectFilled(a, c, task_color(task, 0.22f * alpha), 2.0f);
        f.dl->AddRect(a, c, task_color(task, 0.7f * alpha), 2.0f);
        if (!dim) label_in(f.dl, x0, x1, y, row.h, "ready", colors::kLabel);
        break;
      case TaskState::Blocked: {
        const bool lock = blocked_on_lock(tl.aux[k]);
        draw_state_pattern(f.dl, a, c, lock ? StatePattern::Lock : StatePattern::Blocked, alpha);
        if (!dim)
          label_in(f.dl, x0, x1, y, row.h, blocked_text(s, tl.aux[k], tl.lane.start[b.first]),
                   colors::kLabel, IM_COL32(30, 31, 36, 230));
        break;
      }
      case TaskState::Sleeping:
        draw_state_pattern(f.dl, a, c, StatePattern::Sleeping, alpha);
        if (!dim)
          label_in(f.dl, x0, x1, y, row.h, "sleeping", colors::kLabel, IM_COL32(30, 31, 36, 230));
        break;
      default:
        break;
    }
  }
}

void draw_row_label(Frame& f, const Row& row, float y, float win_x) {
  Session& s = f.run(row.run);
  const Workload& w = s.workload();
  const float ty = y + (row.h - ImGui::GetFontSize()) / 2;
  switch (row.kind) {
    case RowKind::Header: {
      const std::string text = (row.run == 0 ? "A   " : "B   ") + f.app.run_label(row.run);
      f.dl->AddRectFilled(ImVec2(win_x, y + 1), ImVec2(f.lanes_x + f.lanes_w, y + row.h - 1),
                          IM_COL32(58, 66, 92, 255));
      f.dl->AddText(ImVec2(win_x + 6, ty), IM_COL32(235, 238, 255, 255), text.c_str());
      break;
    }
    case RowKind::Cpu:
      f.dl->AddText(ImVec2(win_x + 6, ty), colors::kLabel, w.machine.cpus[row.index].name.c_str());
      break;
    case RowKind::Carrier: {
      // "go/M0": the runtime's kernel thread, under the CPUs.
      const TaskId c = s.model().carrier_lanes()[row.index].carrier;
      const ImU32 col = f.app.selected == c ? colors::kHighlight : colors::kLabel;
      f.dl->AddText(ImVec2(win_x + 14, ty), col, fit_text(w.tasks[c].name, kGutter - 18).c_str());
      break;
    }
    case RowKind::Device: {
      const DeviceLane& d = s.model().device_lanes()[row.index];
      std::string name = w.devices[d.device].name;
      if (w.devices[d.device].channels > 1) name += " #" + std::to_string(d.channel);
      f.dl->AddText(ImVec2(win_x + 14, ty), colors::kMuted, name.c_str());
      break;
    }
    case RowKind::Lock: {
      const std::string name = "lock " + w.locks[row.index].name;
      f.dl->AddText(ImVec2(win_x + 14, ty), colors::kMuted, name.c_str());
      break;
    }
    case RowKind::Task: {
      const ImVec2 a(win_x + 6, y + 3), b(win_x + 14, y + row.h - 3);
      f.dl->AddRectFilled(a, b, task_color(row.index), 2.0f);
      const ImU32 col = f.app.selected == row.index ? colors::kHighlight : colors::kLabel;
      f.dl->AddText(ImVec2(win_x + 20, ty), col, w.tasks[row.index].name.c_str());
      break;
    }
  }
}

std::string range_text(Time a, Time b) {
  // Precise enough that the two ends read apart.
  const Time r = resolution_between(kNever, a, b);
  return fmt_time(a, r) + "  to  " + fmt_time(b, r) + "   (" + fmt_time(b - a) + ")";
}

void carrier_tooltip(Frame& f, Session& s, const CarrierLane& cl) {
  const Hover& h = f.hover;
  const Workload& w = s.workload();
  const std::string carrier = task_name(w, cl.carrier);
  if (h.carrier_state) {
    const TaskLane& tl = s.model().task_lanes()[cl.carrier];
    const std::uint32_t k = tl.lane.item[h.block.first];
    const Time a = tl.lane.start[h.block.first], b = tl.lane.end[h.block.first];
    const TaskState st = tl.state[k];
    if (st == TaskState::Ready)
      ImGui::Text("%s is runnable, waiting for a CPU", carrier.c_str());
    else if (st == TaskState::Sleeping)
      ImGui::Text("%s is blocked in a syscall (the kernel holds it)", carrier.c_str());
    else if (st == TaskState::Blocked && tl.aux[k] == kParkedAux)
      ImGui::Text("%s is parked: its runtime has no fiber for it", carrier.c_str());
    else if (st == TaskState::Blocked && tl.aux[k] < w.devices.size())
      ImGui::Text("%s is blocked on %s", carrier.c_str(), w.devices[tl.aux[k]].name.c_str());
    else
      ImGui::Text("%s: %s", carrier.c_str(), state_name(st));
    ImGui::TextUnformatted(range_text(a, b).c_str());
    for (const CarrierLane::Handoff& ho : cl.handoffs)
      if (ho.time >= a && ho.time < b)
        ImGui::Text("at %s its processor P%lld went to %s%s", fmt_time(ho.time).c_str(),
                    static_cast<long long>(ho.processor),
                    ho.to == kNoTask ? "nobody (idle)" : task_name(w, ho.to).c_str(),
                    ho.monitor ? " (the monitor retook it)" : " (handed off at once)");
    return;
  }
  if (h.block.folded()) {
    const Time a = cl.fibers.start[h.block.first], b = cl.fibers.end[h.block.first + h.block.count - 1];
    ImGui::Text("%u fiber slices on %s too small to draw one by one", h.block.count, carrier.c_str());
    ImGui::TextUnformatted(range_text(a, b).c_str());
    ImGui::TextDisabled("Zoom in (wheel) to see them");
    return;
  }
  const FiberSlice& fs = s.trace().fiber_slices[cl.fibers.item[h.block.first]];
  const std::string cpu = fs.cpu < w.machine.cpus.size() ? w.machine.cpus[fs.cpu].name : "?";
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(task_color(fs.fiber)), "%s", task_name(w, fs.fiber).c_str());
  ImGui::SameLine();
  if (fs.kind == FiberSliceKind::Switch)
    ImGui::Text("being switched to by %s on %s (fiber switch)", carrier.c_str(), cpu.c_str());
  else
    ImGui::Text("running on %s, on %s", carrier.c_str(), cpu.c_str());
  ImGui::TextUnformatted(range_text(fs.start, fs.end).c_str());
  // What the runtime did at its ends: a steal that brought it, the
  // monitor's preemption that ended it.
  for (const CarrierLane::Steal& k : cl.steals)
    if (k.time == fs.start)
      ImGui::Text("%s stole %lld fibers from P%lld's queue for it", carrier.c_str(),
                  static_cast<long long>(k.fibers), static_cast<long long>(k.processor));
  if (std::binary_search(cl.preemptions.begin(), cl.preemptions.end(), fs.end))
    ImGui::TextUnformatted("Ended: the monitor preempted it (it goes to the global queue)");
  ImGui::TextDisabled("Click to select %s", task_name(w, fs.fiber).c_str());
}

void tooltip_for(Frame& f) {
  const Hover& h = f.hover;
  Session& s = f.run(h.run);
  const Workload& w = s.workload();
  const RunModel& m = s.model();
  ImGui::BeginTooltip();
  if (h.kind == RowKind::Cpu && h.refused_count > 0) {
    // Who could not create whom, and why (the CLI's explain lines).
    const auto& refused = spawn_links(s, h.run).refused_on_cpu[h.lane];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRefusedMark), "%zu spawn%s refused", h.refused_count,
                       h.refused_count == 1 ? "" : "s");
    constexpr std::size_t kShown = 6;
    for (std::size_t k = h.refused_first; k < h.refused_first + std::min(h.refused_count, kShown); ++k) {
      const Decision& d = s.trace().decisions[refused[k]];
      ImGui::Text("%s  %s", fmt_time(d.time).c_str(), explain(d, w).c_str());
    }
    if (h.refused_count > kShown) ImGui::TextDisabled("... and %zu more (zoom in)", h.refused_count - kShown);
  } else if (h.kind == RowKind::Cpu) {
    const Lane& lane = m.cpu_lanes()[h.lane];
    if (h.block.folded()) {
      const Time a = lane.start[h.block.first], b = lane.end[h.block.first + h.block.count - 1];
      ImGui::Text("%u slices too small to draw one by one", h.block.count);
      ImGui::TextUnformatted(range_text(a, b).c_str());
      ImGui::TextDisabled("Zoom in (wheel) to see them");
    } else {
      const CpuSlice& sl = s.trace().cpu_slices[lane.item[h.block.first]];
      if (sl.kind == SliceKind::Run) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(task_color(sl.task)), "%s",
                           task_name(w, sl.task).c_str());
        ImGui::SameLine();
        ImGui::Text("running on %s", w.machine.cpus[sl.cpu].name.c_str());
        ImGui::TextUnformatted(range_text(sl.start, sl.end).c_str());
        ImGui::Text("Ended: %s", slice_end_text(sl, w).c_str());
        ImGui::TextDisabled("Click to select %s", task_name(w, sl.task).c_str());
      } else {
        ImGui::Text("Overhead (%s)", slice_kind_name(sl.kind));
        ImGui::TextUnformatted(overhead_text(sl, w).c_str());
        ImGui::TextUnformatted(range_text(sl.start, sl.end).c_str());
        if (sl.kind == SliceKind::Spawn) {
          // The task(s) it paid for, each existing from its creation on.
          const SpawnLinks& links = spawn_links(s, h.run);
          const auto paid = links.paid_by(sl);
          constexpr std::size_t kShown = 8;
          for (std::size_t k = 0; k < std::min(paid.size(), kShown); ++k) {
            const SpawnLink& l = links.links[paid[k]];
            ImGui::Text("created %s at %s%s", task_name(w, l.child).c_str(), fmt_time(l.created).c_str(),
                        l.first == kNever ? " (it never ran)"
                                          : (", first ran " + fmt_time(l.first)).c_str());
          }
          if (paid.size() > kShown) ImGui::TextDisabled("... and %zu more", paid.size() - kShown);
        }
      }
    }
  } else if (h.kind == RowKind::Carrier) {
    carrier_tooltip(f, s, m.carrier_lanes()[h.lane]);
  } else if (h.kind == RowKind::Device) {
    const DeviceLane& d = m.device_lanes()[h.lane];
    if (h.block.folded()) {
      ImGui::Text("%u I/O requests too small to draw one by one", h.block.count);
    } else {
      const DeviceSlice& ds = s.trace().device_slices[d.lane.item[h.block.first]];
      ImGui::Text("%s serving %s's I/O request", w.devices[d.device].name.c_str(),
                  task_name(w, ds.task).c_str());
      ImGui::TextUnformatted(range_text(ds.start, ds.end).c_str());
    }
  } else if (h.kind == RowKind::Lock) {
    const Lane& held = m.lock_lanes()[h.lane];
    if (h.block.folded()) {
      ImGui::Text("%u holds too short to draw one by one", h.block.count);
    } else {
      const Time a = held.start[h.block.first], b = held.end[h.block.first];
      ImGui::Text("lock %s held by %s", w.locks[h.lane].name.c_str(),
                  task_name(w, held.item[h.block.first]).c_str());
      ImGui::TextUnformatted(range_text(a, b).c_str());
      // Who waited for it at the pointer.
      const Time t = static_cast<Time>(f.app.view.time.time_at(f.mouse.x - f.lanes_x));
      std::string waiting;
      for (TaskId k = 0; k < m.task_lanes().size(); ++k) {
        const TaskAt at = m.task_at(k, t);
        if (at.state == TaskState::Blocked && at.aux == kLockAux + h.lane)
          waiting += (waiting.empty() ? "" : ", ") + task_name(w, k);
      }
      ImGui::TextUnformatted(waiting.empty() ? "nobody waiting here"
                                             : ("waiting here: " + waiting).c_str());
    }
  } else if (h.kind == RowKind::Task) {
    const TaskLane& tl = m.task_lanes()[h.lane];
    if (h.block.folded()) {
      ImGui::Text("%u state changes too close to draw one by one", h.block.count);
    } else {
      const std::uint32_t k = tl.lane.item[h.block.first];
      std::string what = task_name(w, h.lane) + " " + state_name(tl.state[k]);
      if (tl.state[k] == TaskState::Blocked && blocked_on_lock(tl.aux[k]))
        what = task_name(w, h.lane) + " waits for " +
               blocked_text(s, tl.aux[k], tl.lane.start[h.block.first]);
      else if (tl.state[k] == TaskState::Blocked && tl.aux[k] < w.devices.size())
        what += " on " + w.devices[tl.aux[k]].name;
      if (tl.state[k] == TaskState::Ready) what += " (waiting for a CPU)";
      ImGui::TextUnformatted(what.c_str());
      ImGui::TextUnformatted(
          range_text(tl.lane.start[h.block.first], tl.lane.end[h.block.first]).c_str());
    }
  }
  ImGui::EndTooltip();
}

// The task under the mouse, if any, for a click.
TaskId hovered_task(Frame& f) {
  const Hover& h = f.hover;
  if (!h.valid || h.block.folded()) return kNoTask;
  if (h.run == 1 && f.app.compare.of_file()) return kNoTask;  // ids of another workload
  Session& s = f.run(h.run);
  const RunModel& m = s.model();
  if (h.kind == RowKind::Cpu && h.refused_count > 0)  // the spawner told no
    return s.trace().decisions[spawn_links(s, h.run).refused_on_cpu[h.lane][h.refused_first]].task;
  if (h.kind == RowKind::Cpu)
    return s.trace().cpu_slices[m.cpu_lanes()[h.lane].item[h.block.first]].task;
  if (h.kind == RowKind::Device)
    return s.trace().device_slices[m.device_lanes()[h.lane].lane.item[h.block.first]].task;
  if (h.kind == RowKind::Task) return h.lane;
  if (h.kind == RowKind::Carrier) {
    const CarrierLane& cl = m.carrier_lanes()[h.lane];
    return h.carrier_state ? cl.carrier : s.trace().fiber_slices[cl.fibers.item[h.block.first]].fiber;
  }
  if (h.kind == RowKind::Lock) return m.lock_lanes()[h.lane].item[h.block.first];
  return kNoTask;
}

void draw_axis(Frame& f, float y) {
  const AxisTicks ticks = make_ticks(f.range.t0, f.range.ns_per_px, f.range.width_px, 90);
  ImDrawList* dl = f.dl;
  dl->AddRectFilled(ImVec2(f.lanes_x, y), ImVec2(f.lanes_x + f.lanes_w, y + kAxisH),
                    IM_COL32(28, 30, 36, 255));
  dl->PushClipRect(ImVec2(f.lanes_x, y), ImVec2(f.lanes_x + f.lanes_w, y + kAxisH), true);
  for (Time t : ticks.minor) {
    const float x =
        f.lanes_x + static_cast<float>((static_cast<double>(t) - f.range.t0) / f.range.ns_per_px);
    dl->AddLine(ImVec2(x, y + kAxisH - 5), ImVec2(x, y + kAxisH), IM_COL32(150, 155, 170, 120));
  }
  std::vector<double> tick_x, label_w;
  for (const AxisTick& t : ticks.major) {
    tick_x.push_back((static_cast<double>(t.t) - f.range.t0) / f.range.ns_per_px);
    label_w.push_back(ImGui::CalcTextSize(t.label.c_str()).x);
  }
  // Labels right of their ticks, the last one moved left rather than cut.
  const auto left = place_tick_labels(tick_x, label_w, f.lanes_w);
  for (std::size_t i = 0; i < ticks.major.size(); ++i) {
    const float x = f.lanes_x + static_cast<float>(tick_x[i]);
    dl->AddLine(ImVec2(x, y + kAxisH - 10), ImVec2(x, y + kAxisH), IM_COL32(190, 195, 210, 200));
    if (left[i])
      dl->AddText(ImVec2(f.lanes_x + static_cast<float>(*left[i]), y + 2), colors::kAxisText,
                  ticks.major[i].label.c_str());
  }
  dl->PopClipRect();
  if (ticks.relative) {
    const std::string origin = "from " + ticks.origin_label;
    dl->AddText(ImVec2(f.lanes_x - kGutter + 6, y + 4), colors::kMuted, origin.c_str());
  }
}

void draw_cursor_marker(Frame& f, float y) {
  const float x =
      f.lanes_x + static_cast<float>((static_cast<double>(f.app.playback.cursor) - f.range.t0) /
                                     f.range.ns_per_px);
  if (x < f.lanes_x - 1 || x > f.lanes_x + f.lanes_w + 1) return;
  f.dl->AddTriangleFilled(ImVec2(x - 6, y + kAxisH - 9), ImVec2(x + 6, y + kAxisH - 9),
                          ImVec2(x, y + kAxisH), colors::kCursor);
}

void draw_legend(const App& app) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Items flow onto another line where the window ends (never cut).
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  auto room_for = [&](const char* text) {
    const float w = 23 + ImGui::CalcTextSize(text).x;
    if (!first && ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    first = false;
  };
  auto swatch = [&](ImU32 col, const char* text, bool thin) {
    room_for(text);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetFontSize();
    const float inset = thin ? h * 0.3f : 1.0f;
    dl->AddRectFilled(ImVec2(p.x, p.y + inset + 1), ImVec2(p.x + 18, p.y + h - inset + 1), col,
                      2.0f);
    ImGui::Dummy(ImVec2(20, h));
    ImGui::SameLine(0, 3);
    ImGui::TextUnformatted(text);
    ImGui::SameLine(0, 12);
  };
  swatch(task_color(0), "task running (one colour per task)", false);
  swatch(overhead_color(SliceKind::Switch), "context switch", true);
  swatch(overhead_color(SliceKind::Scheduler), "scheduler", true);
  swatch(overhead_color(SliceKind::Migration), "migration", true);
  swatch(overhead_color(SliceKind::Interrupt), "interrupt", true);
  const bool two_level = !app.session.workload().runtimes.empty();
  if (two_level) swatch(fiber_switch_color(), "fiber switch", true);
  // A mark drawn by `draw` (given the item's top left and the font size), then its text.
  auto marked = [&](const char* text, auto&& draw) {
    room_for(text);
    const float h = ImGui::GetFontSize();
    draw(ImGui::GetCursorScreenPos(), h);
    ImGui::Dummy(ImVec2(20, h));
    ImGui::SameLine(0, 3);
    ImGui::TextUnformatted(text);
    ImGui::SameLine(0, 12);
  };
  swatch(folded_color(), "many tiny slices", false);
  marked("preempted", [&](ImVec2 p, float h) {
    dl->AddTriangleFilled(ImVec2(p.x + 3, p.y + 2), ImVec2(p.x + 15, p.y + 2), ImVec2(p.x + 9, p.y + h - 2),
                          colors::kPreempted);
  });
  marked("woken (arrow: latency)", [&](ImVec2 q, float h) {
    dl->AddLine(ImVec2(q.x + 1, q.y + h - 3), ImVec2(q.x + 15, q.y + 4), colors::kWakeup, 1.5f);
    dl->AddTriangleFilled(ImVec2(q.x + 17, q.y + 2), ImVec2(q.x + 11, q.y + 5), ImVec2(q.x + 15, q.y + 9),
                          colors::kWakeup);
  });
  if (shows_cpu_parts(app.session.results())) {
    Time spawning = 0, spinning = 0, polling = 0;
    for (const CpuResult& c : app.session.results().cpus)
      spawning += c.spawning, spinning += c.spinning, polling += c.polling;
    if (spawning > 0) swatch(overhead_color(SliceKind::Spawn), "creating tasks", true);
    if (spinning > 0) swatch(overhead_color(SliceKind::Spin), "spinning", true);
    if (polling > 0) swatch(overhead_color(SliceKind::Poll), "poller", true);
  }
  if (!app.session.results().spawns.empty())
    marked("created (arrow: first run)", [&](ImVec2 q, float h) {
      dl->AddCircleFilled(ImVec2(q.x + 2, q.y + h - 3), 2.5f, kSpawnLink);
      dl->AddLine(ImVec2(q.x + 2, q.y + h - 3), ImVec2(q.x + 15, q.y + 4), kSpawnLink, 1.5f);
      dl->AddTriangleFilled(ImVec2(q.x + 17, q.y + 2), ImVec2(q.x + 11, q.y + 5), ImVec2(q.x + 15, q.y + 9), kSpawnLink);
    });
  if (app.session.results().memory.refused > 0)
    marked("spawn refused", [&](ImVec2 p, float) {
      dl->AddLine(ImVec2(p.x + 5, p.y + 3), ImVec2(p.x + 13, p.y + 11), kRefusedMark, 2.0f);
      dl->AddLine(ImVec2(p.x + 5, p.y + 11), ImVec2(p.x + 13, p.y + 3), kRefusedMark, 2.0f);
    });
  if (app.view.task_lanes || two_level) {
    auto patterned = [&](StatePattern pattern, const char* text) {
      room_for(text);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetFontSize();
      draw_state_pattern(dl, ImVec2(p.x, p.y + 1), ImVec2(p.x + 18, p.y + h + 1), pattern);
      ImGui::Dummy(ImVec2(20, h));
      ImGui::SameLine(0, 3);
      ImGui::TextUnformatted(text);
      ImGui::SameLine(0, 12);
    };
    patterned(StatePattern::Blocked, two_level ? "blocked (I/O, syscall)" : "blocked (I/O)");
    if (!app.session.workload().locks.empty()) patterned(StatePattern::Lock, "waiting for a lock");
    patterned(StatePattern::Sleeping, two_level ? "sleeping / carrier parked" : "sleeping");
  }
  if (two_level) {
    marked("processor handed off", [&](ImVec2 p, float h) {
      dl->AddLine(ImVec2(p.x + 9, p.y + 1), ImVec2(p.x + 9, p.y + h), colors::kHandoff, 2.0f);
      dl->AddTriangleFilled(ImVec2(p.x + 4, p.y + 1), ImVec2(p.x + 14, p.y + 1), ImVec2(p.x + 9, p.y + 8),
                            colors::kHandoff);
    });
    marked("fibers stolen", [&](ImVec2 q, float h) {
      dl->AddTriangleFilled(ImVec2(q.x + 4, q.y + h), ImVec2(q.x + 14, q.y + h), ImVec2(q.x + 9, q.y + h - 7),
                            colors::kHighlight);
    });
  }
  room_for("(?)");
  help_marker(
      "Wheel: zoom at the mouse.  Drag: pan.  Right-drag: zoom to a range.  F: fit all.\n"
      "Click a slice: select its task (its slices stay bright, details open).  Esc: clear.\n"
      "Click or drag on the time axis, or double-click a lane: move the cursor.\n"
      "Shift+wheel: scroll the lanes.  Everything right of the yellow cursor has not happened "
      "yet.");
  ImGui::NewLine();
}

// Wakeup arrows (wakeups.h): from the device lane or the CPU that handed
// over a lock, to where the woken task next ran, labelled with the latency.
// Left out when more than kMaxArrows would crowd the view.
void draw_wakeups(Frame& f, const std::vector<Row>& rows) {
  constexpr std::size_t kMaxArrows = 120;
  static std::uint64_t version[2] = {~0ull, ~0ull};
  static std::vector<Wakeup> cache[2];
  for (int r = 0; r < 2; ++r) {
    Session& s = f.run(r);
    if (r == 1 && !(f.app.compare.enabled && s.has_run() && s.has_timeline())) continue;
    if (!s.has_run() || !s.has_decisions()) continue;
    if (version[r] != s.version()) {
      version[r] = s.version();
      cache[r] = find_wakeups(s.trace(), s.model());
    }
    const auto& w = cache[r];
    auto lo = std::partition_point(w.begin(), w.end(),
                                   [&](const Wakeup& k) { return static_cast<double>(k.woken) < f.range.t0; });
    auto hi = std::partition_point(lo, w.end(),
                                   [&](const Wakeup& k) { return static_cast<double>(k.woken) <= f.range.t1(); });
    if (static_cast<std::size_t>(hi - lo) > kMaxArrows) continue;
    auto row_y = [&](RowKind kind, std::uint32_t index) -> const Row* {
      for (const Row& row : rows)
        if (row.run == r && row.kind == kind && row.index == index) return &row;
      return nullptr;
    };
    for (auto it = lo; it != hi; ++it) {
      if (it->cpu == kNoCpu) continue;
      const Row* from = row_y(it->from == Wakeup::From::Device ? RowKind::Device : RowKind::Cpu,
                              it->from_lane);
      const Row* to = row_y(RowKind::Cpu, it->cpu);
      if (!from || !to) continue;
      const float xa = f.lanes_x + static_cast<float>(f.app.view.time.x_of(static_cast<double>(it->woken)));
      const float xb = f.lanes_x + static_cast<float>(f.app.view.time.x_of(static_cast<double>(it->ran)));
      const float ya = f.top + from->y + from->h * 0.5f;
      const float yb = f.top + to->y + (from->y > to->y ? to->h - 2 : 2);
      const ImU32 col = dimmed(f.app, r, it->task) ? IM_COL32(120, 220, 255, 60) : colors::kWakeup;
      f.dl->AddLine(ImVec2(xa, ya), ImVec2(xb, yb), col, 1.5f);
      // The head: a small triangle pointing along the arrow.
      const float dx = xb - xa, dy = yb - ya;
      const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
      const float ux = dx / len, uy = dy / len;
      f.dl->AddTriangleFilled(ImVec2(xb, yb), ImVec2(xb - 8 * ux - 4 * uy, yb - 8 * uy + 4 * ux),
                              ImVec2(xb - 8 * ux + 4 * uy, yb - 8 * uy - 4 * ux), col);
      if (it->ran > it->woken) {
        const std::string lat = "+" + fmt_time(it->ran - it->woken);
        const ImVec2 size = ImGui::CalcTextSize(lat.c_str());
        if (xb - xa > size.x + 10)
          f.dl->AddText(ImVec2((xa + xb - size.x) / 2, (ya + yb) / 2 - size.y), col, lat.c_str());
      }
    }
  }
}

// Spawn links (spawn_links.h): from where the spawner paid for a task (the
// end of its share of a Spawn slice on the spawning CPU, or a fiber
// spawner's slice on its carrier's lane) to the created task's first slice,
// on a CPU lane or a carrier lane. Drawn only when both
// ends are in view and at most kMaxLinks are made in it (zoomed out, the
// slices they join are folded anyway); links closer than kLinkFoldPx on the
// time axis fold into one (the first). Counting and folding are binary
// searches, so thousands of spawns cost at most a few hundred lines a frame.
void draw_spawn_links(Frame& f, const std::vector<Row>& rows) {
  constexpr double kLinkFoldPx = 6;
  constexpr std::ptrdiff_t kMaxLinks = 200;
  for (int r = 0; r < 2; ++r) {
    Session& s = f.run(r);
    if (r == 1 && !(f.app.compare.enabled && s.has_run() && s.has_timeline())) continue;
    if (!s.has_run() || !s.has_decisions()) continue;
    const auto& links = spawn_links(s, r).links;
    if (links.empty()) continue;
    // Rows by CPU and by carrier lane.
    const RunModel& m = s.model();
    std::vector<const Row*> cpu_row(m.cpu_lanes().size(), nullptr), carrier_row(m.carrier_lanes().size(), nullptr);
    for (const Row& row : rows) {
      if (row.run != r) continue;
      if (row.kind == RowKind::Cpu) cpu_row[row.index] = &row;
      if (row.kind == RowKind::Carrier) carrier_row[row.index] = &row;
    }
    const double t0 = f.range.t0, t1 = f.range.t1();
    auto from = [&](double t) {
      return std::partition_point(links.begin(), links.end(),
                                  [&](const SpawnLink& l) { return static_cast<double>(l.created) < t; });
    };
    if (from(t1 + 1) - from(t0) > kMaxLinks) continue;
    for (auto it = from(t0); it != links.end() && static_cast<double>(it->created) <= t1;) {
      const double pa = (static_cast<double>(it->created) - t0) / f.range.ns_per_px;
      auto next = from(t0 + (pa + kLinkFoldPx) * f.range.ns_per_px);
      if (next == it) ++next;
      const SpawnLink& l = *it;
      it = next;
      if (l.first == kNever || static_cast<double>(l.first) > t1) continue;
      const Row* a = l.from_carrier >= 0 ? carrier_row[static_cast<std::size_t>(l.from_carrier)]
                     : l.cpu < cpu_row.size() ? cpu_row[l.cpu]
                                              : nullptr;
      const Row* b = l.first_carrier >= 0 ? carrier_row[static_cast<std::size_t>(l.first_carrier)]
                     : l.first_cpu < cpu_row.size() ? cpu_row[l.first_cpu]
                                                    : nullptr;
      if (!a || !b) continue;
      const float xa = f.lanes_x + static_cast<float>(pa);
      const float xb = f.lanes_x + static_cast<float>((static_cast<double>(l.first) - t0) / f.range.ns_per_px);
      const bool dim = f.app.selected != kNoTask && f.app.selected != l.parent && f.app.selected != l.child;
      const ImU32 col = dim ? IM_COL32(40, 170, 160, 60) : kSpawnLink;
      if (a == b) {
        // Same lane: a bridge inside it (the lane's top edge is the view's
        // for the first lane), from the spawn's end down onto the first slice.
        const float top = f.top + a->y + 1, mid = f.top + a->y + a->h * 0.5f;
        f.dl->AddBezierCubic(ImVec2(xa, mid), ImVec2(xa, top), ImVec2(xb, top), ImVec2(xb, top + 4), col, 1.5f);
        f.dl->AddCircleFilled(ImVec2(xa, mid), 2.5f, col);
        f.dl->AddTriangleFilled(ImVec2(xb, top + 9), ImVec2(xb - 4, top + 2), ImVec2(xb + 4, top + 2), col);
        continue;
      }
      const float ya = f.top + a->y + a->h * 0.5f;
      const float yb = f.top + b->y + (a->y > b->y ? b->h - 2 : 2);
      f.dl->AddLine(ImVec2(xa, ya), ImVec2(xb, yb), col, 1.5f);
      f.dl->AddCircleFilled(ImVec2(xa, ya), 2.5f, col);
      const float dx = xb - xa, dy = yb - ya;
      const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
      const float ux = dx / len, uy = dy / len;
      f.dl->AddTriangleFilled(ImVec2(xb, yb), ImVec2(xb - 8 * ux - 4 * uy, yb - 8 * uy + 4 * ux),
                              ImVec2(xb - 8 * ux + 4 * uy, yb - 8 * uy - 4 * ux), col);
    }
  }
}

// The A and B markers (keys A and B put them at the cursor): a line each,
// and B - A written where they are.
void draw_markers(Frame& f, float top, float bottom) {
  const ViewState& v = f.app.view;
  f.dl->PushClipRect(ImVec2(f.lanes_x, top), ImVec2(f.lanes_x + f.lanes_w, bottom), true);
  auto line = [&](Time t, ImU32 col, const char* name) {
    if (t < 0) return;
    const float x = f.lanes_x + static_cast<float>(v.time.x_of(static_cast<double>(t)));
    for (float y = top; y < bottom; y += 8) f.dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 5, bottom)), col, 2.0f);
    f.dl->AddRectFilled(ImVec2(x + 2, top + 2), ImVec2(x + 16, top + 18), col, 2.0f);
    f.dl->AddText(ImVec2(x + 5, top + 2), IM_COL32(20, 20, 24, 255), name);
  };
  line(v.mark_a, colors::kMarkerA, "A");
  line(v.mark_b, colors::kMarkerB, "B");
  f.dl->PopClipRect();
}

// What just happened at the cursor, in the log's words (now_line.h).
void draw_now_line(App& app) {
  Session& s = app.session;
  if (!s.has_decisions()) return;
  std::string line = now_line(s.workload(), s.trace(), s.model(), app.playback.cursor);
  if (line.empty()) line = "Nothing has happened yet: press Right or Play.";
  // One line, cut with "..." where the panel ends; the tooltip has it all.
  // The A/B measurement, when there is one, on the right of the same line.
  std::string marks;
  const ViewState& v = app.view;
  if (v.mark_a >= 0 || v.mark_b >= 0) {
    marks = v.mark_a >= 0 ? "A " + fmt_time(v.mark_a, 1) : std::string("A: press A");
    marks += v.mark_b >= 0 ? "   B " + fmt_time(v.mark_b, 1) : std::string("   B: press B");
    if (v.mark_a >= 0 && v.mark_b >= 0)
      marks += "   B - A = " + fmt_time(v.mark_b > v.mark_a ? v.mark_b - v.mark_a : v.mark_a - v.mark_b, 1);
  }
  const float marks_w = marks.empty() ? 0 : ImGui::CalcTextSize(marks.c_str()).x + 16;
  const std::string shown = fit_text(line, ImGui::GetContentRegionAvail().x - marks_w);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.88f, 0.45f, 1.0f));
  ImGui::TextUnformatted(shown.c_str());
  ImGui::PopStyleColor();
  if (shown != line && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (!marks.empty()) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - marks_w + 16);
    text_colored(ImVec4(0.55f, 0.85f, 1.0f, 1.0f), marks);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Keys A and B put the markers at the cursor; X clears them.");
  }
}

// Mouse handling over the lanes (one invisible button covers them all).
const Row* row_at(const Frame& f, const std::vector<Row>& rows) {
  for (const Row& r : rows)
    if (f.mouse.y >= f.top + r.y && f.mouse.y < f.top + r.y + r.h) return &r;
  return nullptr;
}

void handle_lane_mouse(Frame& f, const std::vector<Row>& rows, float content_h) {
  App& app = f.app;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetCursorScreenPos(ImVec2(f.lanes_x - kGutter, f.top));
  ImGui::InvisibleButton("lanes", ImVec2(f.lanes_w + kGutter, std::max(content_h, 1.0f)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const double mx = f.mouse.x - f.lanes_x;
  static bool selecting = false;
  static double sel_from = 0;

  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift)
      ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * 60);
    else
      app.view.time.zoom_at(mx, std::pow(1.25, io.MouseWheel), app.run_end(), f.lanes_w);
  }
  if (active && (ImGui::IsMouseDragging(0) || ImGui::IsMouseDragging(2)))
    app.view.time.pan_px(io.MouseDelta.x);
  if (hovered && ImGui::IsMouseClicked(1)) {
    selecting = true;
    sel_from = app.view.time.time_at(mx);
  }
  if (selecting) {
    const double now = app.view.time.time_at(mx);
    const float xa = f.lanes_x + static_cast<float>(app.view.time.x_of(std::min(sel_from, now)));
    const float xb = f.lanes_x + static_cast<float>(app.view.time.x_of(std::max(sel_from, now)));
    f.dl->AddRectFilled(ImVec2(xa, f.top), ImVec2(xb, f.top + content_h), colors::kSelection);
    if (!ImGui::IsMouseDown(1)) {
      selecting = false;
      if (std::abs(xb - xa) > 4)
        app.zoom_to(static_cast<Time>(std::max(0.0, std::min(sel_from, now))),
                    static_cast<Time>(std::max(sel_from, now)));
    }
  }
  if (hovered && (ImGui::IsMouseDoubleClicked(0) || app.double_clicked)) {
    app.playback.playing = false;
    app.playback.cursor =
        std::clamp<Time>(static_cast<Time>(app.view.time.time_at(mx)), 0, app.run_end());
  } else if (hovered && ImGui::IsMouseReleased(0) && io.MouseDragMaxDistanceSqr[0] < 16) {
    if (f.mouse.x >= f.lanes_x)
      app.select(hovered_task(f));
    else if (const Row* row = row_at(f, rows)) {
      // A task lane's label selects its task.
      if (row->kind == RowKind::Task) app.select(row->index);
    }
  }
  if (hovered && f.hover.valid && !ImGui::IsMouseDown(0) && !selecting) tooltip_for(f);
}

}  // namespace

void draw_timeline(App& app) {
  if (!app.session.has_run()) {
    ImGui::TextDisabled("No run to show.");
    return;
  }
  if (draw_not_recorded(app, RecordLevel::Slices, "what ran where, and when")) return;
  draw_now_line(app);
  draw_legend(app);

  Frame f(app);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  f.lanes_x = origin.x + kGutter;
  f.lanes_w = std::max(10.0f, avail.x - kGutter);
  app.view.lanes_x = f.lanes_x;
  app.view.lanes_width = f.lanes_w;
  if (app.view.fit_pending) {
    app.view.fit_pending = false;
    app.fit();
    if (app.view.zoom_to > app.view.zoom_from && app.view.zoom_from >= 0)
      app.zoom_to(app.view.zoom_from, app.view.zoom_to);
    app.view.zoom_from = app.view.zoom_to = -1;
  }
  app.view.time.clamp(app.run_end(), f.lanes_w);
  f.range = app.view.time.range(f.lanes_w);
  f.mouse = ImGui::GetIO().MousePos;

  // The axis: click or drag on it to move the cursor.
  f.dl = ImGui::GetWindowDrawList();
  draw_axis(f, origin.y);
  ImGui::SetCursorScreenPos(ImVec2(f.lanes_x, origin.y));
  ImGui::InvisibleButton("axis", ImVec2(f.lanes_w, kAxisH));
  if (ImGui::IsItemActive()) {
    app.playback.playing = false;
    app.playback.cursor = std::clamp<Time>(
        static_cast<Time>(app.view.time.time_at(f.mouse.x - f.lanes_x)), 0, app.run_end());
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click or drag to move the cursor");
  draw_cursor_marker(f, origin.y);

  // The lanes, in a child window that scrolls vertically when they do not fit.
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + kAxisH + 2));
  const std::vector<Row> rows = layout_rows(app, avail.y - kAxisH - 6);
  const float content_h = rows.empty() ? 0 : rows.back().y + rows.back().h;
  ImGui::BeginChild("lanes", ImVec2(avail.x, avail.y - kAxisH - 2), false,
                    ImGuiWindowFlags_NoScrollWithMouse);
  static int scrolled_for = -1;  // a newly opened workload starts at its first lane
  if (scrolled_for != app.view.opened) {
    scrolled_for = app.view.opened;
    ImGui::SetScrollY(0);
  }
  f.dl = ImGui::GetWindowDrawList();
  f.top = ImGui::GetCursorScreenPos().y;
  app.view.lanes_top = f.top;
  const ImVec2 win_pos = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
  f.mouse_in = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
               f.mouse.x >= f.lanes_x;
  const float view_top = win_pos.y, view_bottom = win_pos.y + win_size.y;

  // Grid lines at the major ticks, behind everything.
  const AxisTicks ticks = make_ticks(f.range.t0, f.range.ns_per_px, f.range.width_px, 90);
  for (const AxisTick& t : ticks.major) {
    const float x =
        f.lanes_x + static_cast<float>((static_cast<double>(t.t) - f.range.t0) / f.range.ns_per_px);
    f.dl->AddLine(ImVec2(x, view_top), ImVec2(x, view_bottom), colors::kGrid);
  }

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const float y = f.top + row.y;
    if (y + row.h < view_top || y > view_bottom) continue;
    if (row.kind != RowKind::Header)
      f.dl->AddRectFilled(ImVec2(f.lanes_x, y), ImVec2(f.lanes_x + f.lanes_w, y + row.h),
                          i % 2 ? colors::kLaneBgAlt : colors::kLaneBg);
    draw_row_label(f, row, y, win_pos.x);
    f.dl->PushClipRect(ImVec2(f.lanes_x, std::max(y, view_top)),
                       ImVec2(f.lanes_x + f.lanes_w, std::min(y + row.h, view_bottom)), true);
    switch (row.kind) {
      case RowKind::Cpu:
        draw_cpu_row(f, row, y);
        break;
      case RowKind::Carrier:
        draw_carrier_row(f, row, y);
        break;
      case RowKind::Device:
        draw_device_row(f, row, y);
        break;
      case RowKind::Task:
        draw_task_row(f, row, y);
        break;
      case RowKind::Lock:
        draw_lock_row(f, row, y);
        break;
      case RowKind::Header:
        break;
    }
    f.dl->PopClipRect();
  }

  draw_wakeups(f, rows);
  draw_spawn_links(f, rows);
  draw_markers(f, view_top, std::min(view_bottom, f.top + content_h));

  // The future is shaded; the cursor is a line through every lane.
  f.dl->PushClipRect(ImVec2(f.lanes_x, view_top), ImVec2(f.lanes_x + f.lanes_w, view_bottom), true);
  const float cx =
      f.lanes_x + static_cast<float>(app.view.time.x_of(static_cast<double>(app.playback.cursor)));
  const float bottom = std::min(view_bottom, f.top + content_h);
  if (app.view.dim_future && cx < f.lanes_x + f.lanes_w)
    f.dl->AddRectFilled(ImVec2(std::max(cx, f.lanes_x), view_top),
                        ImVec2(f.lanes_x + f.lanes_w, bottom), colors::kFuture);
  f.dl->AddLine(ImVec2(cx, view_top), ImVec2(cx, bottom), colors::kCursor, 2.0f);
  f.dl->PopClipRect();

  handle_lane_mouse(f, rows, std::max(content_h, view_bottom - f.top));
  ImGui::EndChild();
}

}  // namespace timeslice::gui
