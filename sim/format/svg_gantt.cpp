#include "sim/format/svg_gantt.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <tuple>

#include "sim/format/export_common.h"
#include "sim/format/provenance.h"

namespace timeslice {

namespace {

// ---- Layout constants (pixels) -------------------------------------------------

constexpr double kMargin = 16;
constexpr double kTitleHeight = 22;
constexpr double kSubtitleHeight = 18;
constexpr double kLaneHeight = 26;
constexpr double kLaneGap = 6;
constexpr double kSectionGap = 16;  // between the CPU lanes and the device lanes
constexpr double kAxisHeight = 30;
constexpr double kLegendRow = 20;
constexpr double kSwatch = 12;
constexpr double kCharWidth = 6.6;  // average advance of 11-12px sans-serif text
constexpr const char* kFont = "Helvetica, Arial, sans-serif";

constexpr double kFoldPixels = 1;    // narrower slices fold with their narrow neighbours
constexpr std::size_t kLegendTasks = 40;  // tasks named in the legend at most
constexpr const char* kFoldedFill = "#9a9a9a";
constexpr const char* kIdleFill = "#f1f1f1";
constexpr const char* kGridStroke = "#d9d9d9";
constexpr const char* kTextFill = "#222222";
constexpr const char* kMutedFill = "#555555";
constexpr const char* kBlockedFill = "#7f7f7f";
constexpr const char* kSleepingFill = "#bdbdbd";

// ---- Small helpers -------------------------------------------------------------------

double text_width(const std::string& text, double font_size = 11) {
  return static_cast<double>(text.size()) * kCharWidth * font_size / 11.0;
}

// Relative luminance decides whether a label reads better white or black.
bool is_dark(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return true;
  const auto channel = [&](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
  const double lum = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return lum < 0.55;
}

// ---- Overhead styles -----------------------------------------------------------------

struct OverheadStyle {
  SliceKind kind;
  const char* label;
  const char* fill;  // a colour or a pattern reference
};

constexpr std::size_t kSliceKinds = 8;  // SliceKind's values (observer.h)

constexpr OverheadStyle kOverheads[] = {
    {SliceKind::Switch, "context switch", "#1f1f1f"},
    {SliceKind::Migration, "migration", "url(#ts-hatch-migration)"},
    {SliceKind::Scheduler, "scheduler", "url(#ts-hatch-scheduler)"},
    {SliceKind::Interrupt, "interrupt", "url(#ts-hatch-interrupt)"},
    {SliceKind::Spawn, "creating tasks", "#6a3d9a"},
    {SliceKind::Spin, "spinning on I/O", "#e31a1c"},
    {SliceKind::Poll, "poller", "#ff7f00"},
};

const OverheadStyle& overhead_style(SliceKind kind) {
  for (const OverheadStyle& s : kOverheads)
    if (s.kind == kind) return s;
  return kOverheads[0];
}

std::string pattern_defs() {
  // Diagonal stripes: dark on white (migration), dark on grey (scheduler),
  // dark on amber (interrupt) -- none of them a task colour.
  auto hatch = [](const char* id, const char* background, const char* stripe) {
    return std::string("<pattern id=\"") + id +
           "\" patternUnits=\"userSpaceOnUse\" width=\"4\" height=\"4\" patternTransform=\"rotate(45)\">"
           "<rect width=\"4\" height=\"4\" fill=\"" + background + "\"/>"
           "<rect width=\"2\" height=\"4\" fill=\"" + stripe + "\"/></pattern>\n";
  };
  return "<defs>\n" + hatch("ts-hatch-migration", "#ffffff", "#1f1f1f") +
         hatch("ts-hatch-scheduler", "#9a9a9a", "#1f1f1f") +
         hatch("ts-hatch-interrupt", "#ffbf00", "#1f1f1f") + "</defs>\n";
}

// ---- The chart -------------------------------------------------------------------------

struct Lane {
  std::string label;
  double y = 0;
};

class Chart {
 public:
  Chart(const Workload& w, const Results& r, const Trace& trace, const SvgOptions& o)
      : w_(w), r_(r), trace_(trace), options_(o) {
    const Time end = timeline_end(trace);
    from_ = std::clamp<Time>(o.from, 0, end);
    to_ = std::clamp<Time>(o.to == kNever ? end : o.to, from_, end);
    span_ = std::max<Time>(to_ - from_, 1);
  }

  std::string render() {
    build_lanes();
    const double lanes_bottom = lanes_.empty() ? top_ : lanes_.back().y + kLaneHeight;
    const double axis_y = lanes_bottom + 4;
    std::string body = lane_backgrounds() + grid(top_, axis_y) + cpu_slices() + device_slices() +
                       task_states() + axis(axis_y);
    const double legend_y = axis_y + kAxisHeight;
    const auto [legend, legend_height] = this->legend(legend_y);
    const double height = legend_y + legend_height + kMargin;
    return header(height) + titles() + body + legend + "</svg>\n";
  }

 private:
  // ---- lanes

  void build_lanes() {
    std::size_t longest = 0;
    for (const CpuSpec& c : w_.machine.cpus) longest = std::max(longest, c.name.size());
    if (options_.task_lanes)
      for (const TaskSpec& t : w_.tasks) longest = std::max(longest, t.name.size());
    channels_ = used_channels(trace_, w_);
    std::vector<std::string> device_labels;
    for (const auto& [d, channel] : channels_) {
      device_labels.push_back(channel_label(w_, channels_, d, channel));
      longest = std::max(longest, device_labels.back().size());
    }
    left_ = kMargin + std::min(text_width(std::string(longest, 'x'), 12), 220.0) + 10;
    right_ = static_cast<double>(options_.width) - kMargin - 14;  // room for the last tick label
    top_ = kMargin + kTitleHeight + kSubtitleHeight + 10;
    double y = top_;
    for (const CpuSpec& c : w_.machine.cpus) {
      lanes_.push_back({c.name, y});
      y += kLaneHeight + kLaneGap;
    }
    cpu_lanes_ = lanes_.size();
    if (!device_labels.empty()) y += kSectionGap - kLaneGap;
    for (std::string& label : device_labels) {
      lanes_.push_back({std::move(label), y});
      y += kLaneHeight + kLaneGap;
    }
    task_lane0_ = lanes_.size();
    if (options_.task_lanes) {
      y += kSectionGap - kLaneGap;
      for (const TaskSpec& t : w_.tasks) {
        lanes_.push_back({t.name, y});
        y += kLaneHeight + kLaneGap;
      }
    }
  }

  std::size_t device_lane(DeviceId d, std::uint32_t channel) const {
    const auto it = std::lower_bound(channels_.begin(), channels_.end(), std::make_pair(d, channel));
    return cpu_lanes_ + static_cast<std::size_t>(it - channels_.begin());
  }

  double x(Time t) const {
    return left_ + (right_ - left_) * static_cast<double>(t - from_) / static_cast<double>(span_);
  }

  // ---- folding: the picture costs pixels, not slices

  // A run of slices in one lane, each narrower than kFoldPixels and no more
  // than that apart: task slices drawn as one grey block (as the visualizer
  // does), overhead slices as one marker in the style of the overhead that
  // took longest among them, so overhead stays visible at any scale.
  struct Fold {
    std::size_t first = 0, count = 0;
    double x0 = 0, x1 = 0;
    Time start = 0, end = 0;
    bool overhead = false;
    std::array<Time, kSliceKinds> by_kind{};  // overhead folds: time per kind
  };

  static std::optional<SliceKind> overhead_kind(const CpuSlice& s) {
    return s.kind == SliceKind::Run ? std::nullopt : std::optional<SliceKind>(s.kind);
  }
  static std::optional<SliceKind> overhead_kind(const DeviceSlice&) { return std::nullopt; }

  std::string overhead_marker(const Fold& fold, std::size_t lane) {
    std::size_t longest = 1;  // the first overhead kind (0 is Run)
    for (std::size_t k = 2; k < fold.by_kind.size(); ++k)
      if (fold.by_kind[k] > fold.by_kind[longest]) longest = k;
    const OverheadStyle& style = overhead_style(static_cast<SliceKind>(longest));
    overheads_used_[static_cast<std::size_t>(&style - kOverheads)] = true;
    return slice_rect("slice overhead", fold.x0, std::max(fold.x1, fold.x0 + 1), lanes_[lane].y, style.fill,
                      std::to_string(fold.count) + " overhead slices, mostly " + style.label + ": " +
                          when(fold.start, fold.end));
  }

  // Draws `slices` (sorted by lane, then start) inside the window: a slice
  // wide enough with draw(slice, x0, x1, lane); narrow neighbours folded.
  template <class Slice, class LaneOf, class Draw>
  void draw_folded(const std::vector<Slice>& slices, LaneOf lane_of, Draw draw, std::string& rects) {
    Fold fold;
    std::size_t fold_lane = 0;
    auto flush = [&] {
      if (fold.count == 1) {
        const Slice& s = slices[fold.first];
        draw(s, x(std::max(s.start, from_)), x(std::min(s.end, to_)), fold_lane);
      } else if (fold.count > 1 && fold.overhead) {
        rects += overhead_marker(fold, fold_lane);
      } else if (fold.count > 1) {
        folded_used_ = true;
        rects += slice_rect("slice folded", fold.x0, std::max(fold.x1, fold.x0 + 1), lanes_[fold_lane].y, kFoldedFill,
                            std::to_string(fold.count) + " slices, " + when(fold.start, fold.end) +
                                ": too short to draw apart here (--from/--to draws a window)");
      }
      fold.count = 0;
    };
    for (std::size_t i = 0; i < slices.size(); ++i) {
      const Slice& s = slices[i];
      const std::optional<std::size_t> lane = lane_of(s);
      if (!lane || s.end <= from_ || s.start >= to_ || (s.end == s.start && s.start == to_)) continue;
      const double x0 = x(std::max(s.start, from_)), x1 = x(std::min(s.end, to_));
      if (*lane != fold_lane) {
        flush();
        fold_lane = *lane;
      }
      if (x1 - x0 >= kFoldPixels) {
        flush();
        draw(s, x0, x1, *lane);
        continue;
      }
      const std::optional<SliceKind> overhead = overhead_kind(s);
      if (fold.count > 0 && (x0 - fold.x1 > kFoldPixels || fold.overhead != overhead.has_value())) flush();
      if (fold.count == 0) fold = {i, 0, x0, x1, std::max(s.start, from_), s.end, overhead.has_value(), {}};
      ++fold.count;
      fold.x1 = std::max(fold.x1, x1);
      fold.end = std::min(std::max(fold.end, s.end), to_);
      if (overhead && static_cast<std::size_t>(*overhead) < fold.by_kind.size())
        fold.by_kind[static_cast<std::size_t>(*overhead)] += s.end - s.start;
    }
    flush();
  }

  std::string lane_backgrounds() const {
    std::string out = "<g class=\"lanes\">\n";
    for (const Lane& lane : lanes_) {
      out += "<rect class=\"lane\" x=\"" + svg_number(left_) + "\" y=\"" + svg_number(lane.y) + "\" width=\"" +
             svg_number(right_ - left_) + "\" height=\"" + svg_number(kLaneHeight) + "\" fill=\"" + kIdleFill + "\"/>\n";
      out += "<text x=\"" + svg_number(left_ - 8) + "\" y=\"" + svg_number(lane.y + kLaneHeight / 2 + 4) +
             "\" text-anchor=\"end\" font-size=\"12\" fill=\"" + kTextFill + "\">" +
             xml_escape(lane.label) + "</text>\n";
    }
    return out + "</g>\n";
  }

  // ---- slices

  std::string slice_rect(const char* cls, double x0, double x1, double y, const std::string& fill,
                         const std::string& tooltip) const {
    return std::string("<rect class=\"") + cls + "\" x=\"" + svg_number(x0) + "\" y=\"" + svg_number(y) +
           "\" width=\"" + svg_number(x1 - x0) + "\" height=\"" + svg_number(kLaneHeight) + "\" fill=\"" + fill +
           "\"><title>" + xml_escape(tooltip) + "</title></rect>\n";
  }

  std::string when(Time start, Time end) const {
    return readable(start) + " - " + readable(end) + " (" + readable(end - start) + ")";
  }

  // The task's name centred in its slice when it fits.
  std::string label(const std::string& name, double x0, double x1, double y,
                    const std::string& fill) const {
    if (x1 - x0 < text_width(name) + 6) return {};
    return "<text x=\"" + svg_number((x0 + x1) / 2) + "\" y=\"" + svg_number(y + kLaneHeight / 2 + 4) +
           "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + (is_dark(fill) ? "#ffffff" : "#111111") +
           "\" pointer-events=\"none\">" + xml_escape(name) + "</text>\n";
  }

  std::string cpu_slices() {
    std::string rects = "<g class=\"cpu-slices\">\n", labels;
    auto lane_of = [this](const CpuSlice& s) {
      return s.cpu < cpu_lanes_ ? std::optional<std::size_t>(s.cpu) : std::nullopt;
    };
    draw_folded(cpu_slices_by_lane(trace_), lane_of, [&](const CpuSlice& s, double x0, double x1, std::size_t lane) {
      const double y = lanes_[lane].y;
      const std::string& task = task_name(w_, s.task);
      if (s.kind == SliceKind::Run) {
        const std::string fill = task_colour(s.task);
        seen_task(s.task);
        rects += slice_rect("slice run", x0, x1, y, fill,
                            task + ": " + when(s.start, s.end) + ", " + slice_end_text(s, w_));
        labels += label(task, x0, x1, y, fill);
      } else {
        const OverheadStyle& style = overhead_style(s.kind);
        overheads_used_[static_cast<std::size_t>(&style - kOverheads)] = true;
        if (x1 - x0 < 1) x1 = x0 + 1;  // visible, however short
        rects += slice_rect("slice overhead", x0, x1, y, style.fill,
                            std::string(style.label) + (s.task != kNoTask ? " (" + task + ")" : "") +
                                ": " + when(s.start, s.end));
      }
    }, rects);
    return rects + "</g>\n<g class=\"labels\">\n" + labels + "</g>\n";
  }

  std::string device_slices() {
    if (channels_.empty()) return {};
    std::string rects = "<g class=\"device-slices\">\n", labels;
    auto lane_of = [this](const DeviceSlice& s) {
      return s.device < w_.devices.size() ? std::optional<std::size_t>(device_lane(s.device, s.channel))
                                          : std::nullopt;
    };
    draw_folded(device_slices_by_lane(trace_), lane_of, [&](const DeviceSlice& s, double x0, double x1, std::size_t lane) {
      const double y = lanes_[lane].y;
      const std::string& task = task_name(w_, s.task);
      const std::string fill = task_colour(s.task);
      seen_task(s.task);
      rects += slice_rect("slice io", x0, x1, y, fill,
                          task + " on " + w_.devices[s.device].name + ": " + when(s.start, s.end));
      labels += label(task, x0, x1, y, fill);
    }, rects);
    return rects + "</g>\n<g class=\"labels\">\n" + labels + "</g>\n";
  }

  // Per task: running in its colour, ready in its colour made pale, blocked
  // and sleeping as thin grey bars (the task is off the CPU, not waiting for it).
  std::string task_states() {
    if (!options_.task_lanes) return {};
    std::string rects = "<g class=\"task-states\">\n";
    for (const StateStretch& st : task_state_stretches(trace_, w_.tasks.size())) {
      if (st.end <= from_ || st.start >= to_) continue;
      const double y = lanes_[task_lane0_ + st.task].y;
      const double x0 = x(std::max(st.start, from_)), x1 = x(std::min(st.end, to_));
      const std::string& task = w_.tasks[st.task].name;
      const std::string tip = task + " " + task_state_name(st.state) +
                              (st.state == TaskState::Blocked && st.aux < w_.devices.size()
                                   ? " on " + w_.devices[st.aux].name
                               : st.state == TaskState::Blocked && blocked_on_lock(st.aux) &&
                                         st.aux - kLockAux < w_.locks.size()
                                   ? " on lock " + w_.locks[st.aux - kLockAux].name
                                   : std::string()) +
                              ": " + when(st.start, st.end);
      double top = y, height = kLaneHeight;
      std::string fill = task_colour(st.task), extra;
      switch (st.state) {
        case TaskState::Running: break;
        case TaskState::Ready: extra = " fill-opacity=\"0.3\""; states_used_[0] = true; break;
        case TaskState::Blocked: fill = kBlockedFill; states_used_[1] = true; break;
        default: fill = kSleepingFill; states_used_[2] = true; break;
      }
      if (st.state == TaskState::Blocked || st.state == TaskState::Sleeping) {
        top = y + kLaneHeight / 2 - 3;
        height = 6;
      }
      rects += "<rect class=\"state " + task_state_name(st.state) + "\" x=\"" + svg_number(x0) + "\" y=\"" +
               svg_number(top) + "\" width=\"" + svg_number(x1 - x0) + "\" height=\"" + svg_number(height) + "\" fill=\"" +
               fill + "\"" + extra + "><title>" + xml_escape(tip) + "</title></rect>\n";
    }
    return rects + "</g>\n";
  }

  void seen_task(TaskId t) {
    if (t >= w_.tasks.size()) return;
    if (seen_.size() < w_.tasks.size()) seen_.resize(w_.tasks.size(), false);
    seen_[t] = true;
  }

  // ---- axis

  std::string grid(double y0, double y1) const {
    std::string out = "<g class=\"grid\" stroke=\"" + std::string(kGridStroke) + "\" stroke-width=\"1\">\n";
    const Time step = tick_step(span_, max_ticks());
    for (Time t = first_tick(step) + (first_tick(step) == from_ ? step : 0); t < to_; t += step)
      out += "<line x1=\"" + svg_number(x(t)) + "\" y1=\"" + svg_number(y0) + "\" x2=\"" + svg_number(x(t)) + "\" y2=\"" +
             svg_number(y1) + "\"/>\n";
    return out + "</g>\n";
  }

  // The first multiple of `step` at or after the window's start.
  Time first_tick(Time step) const { return (from_ + step - 1) / step * step; }

  int max_ticks() const {
    // Labels about 70 pixels apart at most every tick.
    return std::max(2, static_cast<int>((right_ - left_) / 70));
  }

  std::string axis(double y) const {
    std::string out = "<g class=\"axis\" font-size=\"11\" fill=\"" + std::string(kMutedFill) + "\">\n";
    out += "<line x1=\"" + svg_number(left_) + "\" y1=\"" + svg_number(y) + "\" x2=\"" + svg_number(right_) + "\" y2=\"" +
           svg_number(y) + "\" stroke=\"#777777\" stroke-width=\"1\"/>\n";
    const Time step = tick_step(span_, max_ticks());
    for (Time t = first_tick(step); t <= to_; t += step) {
      out += "<line x1=\"" + svg_number(x(t)) + "\" y1=\"" + svg_number(y) + "\" x2=\"" + svg_number(x(t)) + "\" y2=\"" +
             svg_number(y + 5) + "\" stroke=\"#777777\" stroke-width=\"1\"/>\n";
      out += "<text x=\"" + svg_number(x(t)) + "\" y=\"" + svg_number(y + 17) + "\" text-anchor=\"middle\">" +
             xml_escape(readable(t)) + "</text>\n";
      if (t > to_ - step) break;  // no overflow past the end
    }
    return out + "</g>\n";
  }

  // ---- legend

  std::pair<std::string, double> legend(double y0) const {
    struct Item {
      std::string fill, text, extra;
    };
    std::vector<Item> items;
    std::size_t more = 0;  // visible tasks past the legend's limit
    for (TaskId t = 0; t < seen_.size(); ++t) {
      if (!seen_[t]) continue;
      if (items.size() < kLegendTasks) items.push_back({task_colour(t), w_.tasks[t].name, {}});
      else ++more;
    }
    if (more > 0)
      items.push_back({"#ffffff", "and " + std::to_string(more) + " more task" + (more == 1 ? "" : "s"), {}});
    if (folded_used_) items.push_back({kFoldedFill, "several short slices", {}});
    for (std::size_t i = 0; i < std::size(kOverheads); ++i)
      if (overheads_used_[i]) items.push_back({kOverheads[i].fill, kOverheads[i].label, {}});
    items.push_back({kIdleFill, "idle", {}});
    if (states_used_[0]) items.push_back({"#4e79a7", "ready (pale: waiting for a CPU)", " fill-opacity=\"0.3\""});
    if (states_used_[1]) items.push_back({kBlockedFill, "blocked on I/O", {}});
    if (states_used_[2]) items.push_back({kSleepingFill, "sleeping", {}});

    std::string out = "<g class=\"legend\" font-size=\"12\" fill=\"" + std::string(kTextFill) + "\">\n";
    double x = left_, y = y0;
    for (const Item& item : items) {
      const double width = kSwatch + 6 + text_width(item.text, 12) + 18;
      if (x > left_ && x + width > right_) {
        x = left_;
        y += kLegendRow;
      }
      out += "<rect class=\"key\" x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(kSwatch) +
             "\" height=\"" + svg_number(kSwatch) + "\" fill=\"" + item.fill + "\"" + item.extra +
             " stroke=\"#999999\" stroke-width=\"0.5\"/>\n";
      out += "<text x=\"" + svg_number(x + kSwatch + 6) + "\" y=\"" + svg_number(y + kSwatch - 1) + "\">" +
             xml_escape(item.text) + "</text>\n";
      x += width;
    }
    return {out + "</g>\n", y - y0 + kLegendRow};
  }

  // ---- frame

  std::string header(double height) const {
    const std::string w = std::to_string(options_.width), h = svg_number(std::ceil(height));
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
           "\" viewBox=\"0 0 " + w + " " + h + "\" font-family=\"" + kFont + "\">\n" +
           "<metadata id=\"timeslice-provenance\">" +
           xml_escape(provenance_json(w_).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
           "</metadata>\n" + pattern_defs() +
           "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  }

  std::string titles() const {
    const std::string title = !options_.title.empty() ? options_.title
                              : !w_.name.empty()       ? w_.name
                                                       : std::string("timeslice run");
    const std::size_t cpus = w_.machine.cpus.size();
    std::string subtitle = r_.policy + " on " + std::to_string(cpus) + (cpus == 1 ? " CPU" : " CPUs") +
                           "  \xC2\xB7  makespan " + readable(r_.summary.makespan);
    if (r_.summary.completed > 0 || !r_.tasks.empty())
      subtitle += "  \xC2\xB7  mean waiting " +
                  readable(static_cast<Time>(std::llround(r_.summary.waiting.mean)));
    subtitle += "  \xC2\xB7  " + std::to_string(r_.summary.context_switches) + " context switches";
    if (from_ > 0 || to_ < timeline_end(trace_)) subtitle += "  \xC2\xB7  shown: " + readable(from_) + " to " + readable(to_);
    return "<text x=\"" + svg_number(kMargin) + "\" y=\"" + svg_number(kMargin + 16) +
           "\" font-size=\"17\" font-weight=\"bold\" fill=\"" + kTextFill + "\">" + xml_escape(title) +
           "</text>\n<text x=\"" + svg_number(kMargin) + "\" y=\"" + svg_number(kMargin + kTitleHeight + 13) +
           "\" font-size=\"12\" fill=\"" + kMutedFill + "\">" + xml_escape(subtitle) + "</text>\n";
  }

  const Workload& w_;
  const Results& r_;
  const Trace& trace_;
  SvgOptions options_;
  Time from_ = 0, to_ = 0, span_ = 1;  // the window drawn
  std::vector<Lane> lanes_;
  bool folded_used_ = false;
  std::size_t cpu_lanes_ = 0;
  std::vector<std::pair<DeviceId, std::uint32_t>> channels_;
  double left_ = 0, right_ = 0, top_ = 0;
  std::vector<bool> seen_;
  bool overheads_used_[std::size(kOverheads)] = {};
  std::size_t task_lane0_ = 0;
  bool states_used_[3] = {};  // ready, blocked, sleeping
};

}  // namespace

std::uint32_t task_rgb(TaskId task) {
  // Tableau 10 without its grey (kept for idle and overhead).
  static constexpr std::uint32_t kPalette[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                               0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f};
  constexpr TaskId kCount = std::size(kPalette);
  if (task < kCount) return kPalette[task];
  // Golden-angle hues at fixed saturation and lightness: neighbours differ.
  const double hue = std::fmod(static_cast<double>(task - kCount) * 137.508 + 20.0, 360.0);
  const double s = 0.55, l = 0.55;
  const double c = (1 - std::fabs(2 * l - 1)) * s;
  const double hp = hue / 60.0;
  const double xx = c * (1 - std::fabs(std::fmod(hp, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  if (hp < 1) std::tie(r, g, b) = std::make_tuple(c, xx, 0.0);
  else if (hp < 2) std::tie(r, g, b) = std::make_tuple(xx, c, 0.0);
  else if (hp < 3) std::tie(r, g, b) = std::make_tuple(0.0, c, xx);
  else if (hp < 4) std::tie(r, g, b) = std::make_tuple(0.0, xx, c);
  else if (hp < 5) std::tie(r, g, b) = std::make_tuple(xx, 0.0, c);
  else std::tie(r, g, b) = std::make_tuple(c, 0.0, xx);
  const double m = l - c / 2;
  auto byte = [m](double v) { return static_cast<std::uint32_t>(std::lround((v + m) * 255)); };
  return byte(r) << 16 | byte(g) << 8 | byte(b);
}

std::string task_colour(TaskId task) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", static_cast<unsigned>(task_rgb(task)));
  return buf;
}

std::string svg_gantt(const Workload& workload, const Results& results, const Trace& trace,
                      const SvgOptions& options) {
  return Chart(workload, results, trace, options).render();
}

}  // namespace timeslice
