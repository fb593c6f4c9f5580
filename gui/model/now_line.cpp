#include "gui/model/now_line.h"

#include <vector>

#include "gui/model/human_time.h"
#include "sim/core/run.h"

namespace timeslice::gui {

std::string now_line(const Workload& w, const Trace& trace, const RunModel& m, Time cursor) {
  const auto& log = trace.decisions;
  std::size_t i = m.decisions_until(cursor);
  while (i > 0 && log[i - 1].kind == DecisionKind::Idle) --i;
  if (i == 0) return "";
  const Time at = log[i - 1].time;
  std::vector<std::size_t> now;  // that instant's decisions, newest first
  for (; i > 0 && log[i - 1].time == at; --i)
    if (log[i - 1].kind != DecisionKind::Idle) now.push_back(i - 1);
  constexpr std::size_t kShown = 3;
  std::string s = (at == cursor ? "At " : "Last, at ") + human_time(at) + ": ";
  const std::size_t first = now.size() > kShown ? now.size() - kShown : 0;
  for (std::size_t k = now.size(); k-- > first;) {
    s += explain(log[now[k]], w);
    s += k > first ? "; " : "";
  }
  if (first > 0) s += "; and " + std::to_string(first) + " more";
  return s + ".";
}

}  // namespace timeslice::gui
