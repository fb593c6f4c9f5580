#include "gui/model/memory_view.h"

#include <algorithm>

namespace timeslice::gui {

MemoryView::MemoryView(const Workload& w, const Trace& trace)
    : shown_(records_memory(w) && !trace.memory.empty()),
      limit_(w.machine.memory.limit),
      max_threads_(w.machine.memory.max_threads) {
  time_.reserve(trace.memory.size());
  use_.reserve(trace.memory.size());
  for (const MemoryChange& c : trace.memory) {
    time_.push_back(c.time);
    use_.push_back(c.use);
    peak_ = std::max(peak_, c.use.total());
    peak_by_kind_.process = std::max(peak_by_kind_.process, c.use.process);
    peak_by_kind_.thread = std::max(peak_by_kind_.thread, c.use.thread);
    peak_by_kind_.fiber = std::max(peak_by_kind_.fiber, c.use.fiber);
    peak_by_kind_.threads = std::max(peak_by_kind_.threads, c.use.threads);
  }
  // A bottom-up segment tree of the change with the highest total.
  const std::size_t n = use_.size();
  tree_.assign(2 * n, 0);
  for (std::size_t k = 0; k < n; ++k) tree_[n + k] = static_cast<std::uint32_t>(k);
  for (std::size_t i = n; i-- > 1;) {
    const std::uint32_t a = tree_[2 * i], b = tree_[2 * i + 1];
    tree_[i] = use_[b].total() > use_[a].total() ? b : a;
  }
  for (std::uint32_t i = 0; i < trace.decisions.size(); ++i)
    if (trace.decisions[i].kind == DecisionKind::SpawnRefused) {
      refusal_time_.push_back(trace.decisions[i].time);
      refusal_decision_.push_back(i);
    }
}

MemoryUse MemoryView::at(Time t) const {
  auto it = std::upper_bound(time_.begin(), time_.end(), t);
  return it == time_.begin() ? MemoryUse{} : use_[static_cast<std::size_t>(it - time_.begin()) - 1];
}

std::uint32_t MemoryView::highest(std::uint32_t first, std::uint32_t last) const {
  const std::size_t n = use_.size();
  std::uint32_t best = first;
  auto consider = [&](std::uint32_t k) {
    if (use_[k].total() > use_[best].total()) best = k;
  };
  for (std::size_t l = first + n, r = last + n; l < r; l /= 2, r /= 2) {
    if (l & 1) consider(tree_[l++]);
    if (r & 1) consider(tree_[--r]);
  }
  return best;
}

std::vector<MemoryUse> MemoryView::peaks(double t0, double t1, int bins) const {
  std::vector<MemoryUse> out(static_cast<std::size_t>(std::max(bins, 0)));
  if (bins <= 0 || t1 <= t0 || use_.empty()) return out;
  const double w = (t1 - t0) / bins;
  // Changes at times < t, as an index.
  auto before = [&](double t) {
    return static_cast<std::uint32_t>(
        std::lower_bound(time_.begin(), time_.end(), t,
                         [](Time x, double v) { return static_cast<double>(x) < v; }) -
        time_.begin());
  };
  std::uint32_t first = before(t0);
  for (int b = 0; b < bins; ++b) {
    const double start = t0 + b * w;
    const std::uint32_t last = before(t0 + (b + 1) * w);
    // The change in effect at the bin's start (unless one happens exactly
    // then: it is inside), and those inside it.
    const bool at_start = first < time_.size() && static_cast<double>(time_[first]) == start;
    const std::uint32_t from = first > 0 && !at_start ? first - 1 : first;
    if (last > from) out[static_cast<std::size_t>(b)] = use_[highest(from, last)];
    first = last;
  }
  return out;
}

}  // namespace timeslice::gui
