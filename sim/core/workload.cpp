#include "sim/core/workload.h"

namespace timeslice {

Time total_cpu_work(const Workload& w, const TaskSpec& t) {
  Time total = 0;
  for (std::uint32_t i = 0; i < t.phase_count; ++i) {
    const Phase& p = w.phases[t.first_phase + i];
    if (p.kind == PhaseKind::Cpu) total += p.duration;
  }
  return total;
}

}  // namespace timeslice
