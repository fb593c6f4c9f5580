// The state of the machine at the cursor: what each CPU is doing, each run
// queue in pick order (from an engine replayed to the cursor, so the order is
// the policy's own), who is blocked on which device or asleep, and for each
// user-level runtime its carriers, its queues (global, per processor,
// runnext), its parked fibers by what they wait for and its monitor's next look.
#include <string>

#include "gui/model/lod.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

// Chips in a row, wrapping at the window's edge.
void chips(App& app, const Workload& w, const std::vector<TaskId>& tasks, std::size_t limit = 200) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  std::size_t shown = 0;
  for (TaskId t : tasks) {
    if (shown == limit) {
      ImGui::TextDisabled("... and %zu more", tasks.size() - limit);
      return;
    }
    const float width = ImGui::CalcTextSize(task_name(w, t).c_str()).x + 12;
    if (shown > 0) {
      ImGui::SameLine(0, 4);
      if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
    }
    if (task_chip(w, t, app.selected == t)) app.select(t);
    ++shown;
  }
}

// A queue with the policy's view of each task, one per line ("P2  level 1,
// used 3ms of 10ms"), while short; chips otherwise.
void queue_list(App& app, const Workload& w, const std::vector<TaskId>& tasks,
                const QueueSnapshot& q) {
  constexpr std::size_t kListed = 12;
  if (tasks.size() > kListed || q.policy_state.empty()) {
    chips(app, w, tasks);
    return;
  }
  for (TaskId t : tasks) {
    if (task_chip(w, t, app.selected == t)) app.select(t);
    const auto it = q.policy_state.find(t);
    if (it == q.policy_state.end()) continue;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", it->second.c_str());
  }
}

// "running P2 (1.5ms left in its burst)" / "switching to P2" / "idle".
void policy_line(const QueueSnapshot& q, TaskId t) {
  const auto it = q.policy_state.find(t);
  if (it == q.policy_state.end()) return;
  ImGui::Indent(70);
  ImGui::TextDisabled("%s", it->second.c_str());
  ImGui::Unindent(70);
}

void cpu_line(App& app, Session& s, const QueueSnapshot& q, CpuId c, TaskId current) {
  const Workload& w = s.workload();
  const Time t = app.playback.cursor;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%-6s", w.machine.cpus[c].name.c_str());
  ImGui::SameLine(70);
  const std::int64_t i = s.model().cpu_slice_at(c, t);
  if (i < 0 && current == kNoTask) {
    ImGui::TextDisabled("idle");
    return;
  }
  if (i >= 0) {
    const CpuSlice& sl = s.trace().cpu_slices[static_cast<std::size_t>(i)];
    if (sl.kind != SliceKind::Run) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(overhead_color(sl.kind)), "%s",
                         overhead_text(sl, w).c_str());
      return;
    }
    if (task_chip(w, sl.task, app.selected == sl.task)) app.select(sl.task);
    ImGui::SameLine();
    ImGui::Text("running, this slice %s of %s", fmt_time(t - sl.start).c_str(),
                fmt_time(sl.end - sl.start).c_str());
    policy_line(q, sl.task);
    return;
  }
  if (task_chip(w, current, app.selected == current)) app.select(current);
  ImGui::SameLine();
  ImGui::TextUnformatted("being dispatched");
  policy_line(q, current);
}

// What a carrier is doing at t: "running g1 on CPU1", "in a syscall", "parked".
void carrier_line(App& app, Session& s, const CarrierLane& cl, Time t) {
  const Workload& w = s.workload();
  const RunModel& m = s.model();
  const TaskAt at = m.task_at(cl.carrier, t);
  if (at.state == TaskState::NotArrived) return;
  ImGui::AlignTextToFramePadding();
  if (task_chip(w, cl.carrier, app.selected == cl.carrier)) app.select(cl.carrier);
  ImGui::SameLine();
  switch (at.state) {
    case TaskState::Running: {
      const std::int64_t k = item_at(cl.fibers.starts(), cl.fibers.ends(), t);
      if (k < 0) {
        ImGui::TextUnformatted("on a CPU");
        break;
      }
      const FiberSlice& fs = s.trace().fiber_slices[cl.fibers.item[static_cast<std::size_t>(k)]];
      ImGui::TextUnformatted(fs.kind == FiberSliceKind::Switch ? "switching to" : "running");
      ImGui::SameLine();
      if (task_chip(w, fs.fiber, app.selected == fs.fiber)) app.select(fs.fiber);
      ImGui::SameLine();
      ImGui::Text("on %s", fs.cpu < w.machine.cpus.size() ? w.machine.cpus[fs.cpu].name.c_str() : "?");
      break;
    }
    case TaskState::Ready:
      ImGui::TextUnformatted("ready: waiting for a CPU");
      break;
    case TaskState::Sleeping:
      ImGui::TextUnformatted("blocked in a syscall");
      break;
    case TaskState::Blocked:
      if (at.aux == kParkedAux)
        ImGui::TextDisabled("parked (no fiber to run)");
      else
        ImGui::Text("blocked on %s", at.aux < w.devices.size() ? w.devices[at.aux].name.c_str() : "?");
      break;
    case TaskState::Done:
      ImGui::TextDisabled("exited");
      break;
    default:
      break;
  }
}

// One runtime at the cursor (SPEC §9).
void runtime_section(App& app, Session& s, const QueueSnapshot& q, RuntimeId r) {
  const Workload& w = s.workload();
  const RuntimeSpec& spec = w.runtimes[r];
  const RuntimeSnapshot& rs = q.runtimes[r];
  const Time t = app.playback.cursor;
  ImGui::Spacing();
  ImGui::Text("Runtime %s", spec.name.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", runtime_model_name(spec.model));
  ImGui::Indent(12);
  for (const CarrierLane& cl : s.model().carrier_lanes())
    if (cl.runtime == r) carrier_line(app, s, cl, t);
  for (std::size_t p = 0; p < rs.queues.processors.size(); ++p) {
    const RuntimeQueues::Processor& proc = rs.queues.processors[p];
    ImGui::AlignTextToFramePadding();
    ImGui::Text("P%zu", p);
    ImGui::SameLine(40);
    if (proc.carrier == kNoTask) {
      ImGui::TextDisabled("idle");
    } else {
      ImGui::TextDisabled(proc.in_syscall ? "held by a carrier in a syscall:" : "held by");
      ImGui::SameLine();
      if (task_chip(w, proc.carrier, app.selected == proc.carrier)) app.select(proc.carrier);
    }
    if (proc.runnext != kNoTask) {
      ImGui::SameLine();
      ImGui::TextDisabled("runnext");
      ImGui::SameLine();
      if (task_chip(w, proc.runnext, app.selected == proc.runnext)) app.select(proc.runnext);
    }
    if (!proc.local.empty()) {
      ImGui::Indent(40);
      ImGui::TextDisabled("local queue (%zu):", proc.local.size());
      chips(app, w, proc.local);
      ImGui::Unindent(40);
    }
  }
  for (const RuntimeQueues::Queue& queue : rs.queues.shared) {
    if (queue.fibers.empty() && rs.queues.shared.size() > 1) continue;  // event_loop: only the busy phases
    ImGui::TextUnformatted(queue.name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled(queue.fibers.empty() ? "(empty)" : "(%zu, next to run first)", queue.fibers.size());
    if (!queue.fibers.empty()) {
      ImGui::Indent(12);
      chips(app, w, queue.fibers);
      ImGui::Unindent(12);
    }
  }
  auto parked = [&](const std::string& why, const std::vector<TaskId>& fibers) {
    if (fibers.empty()) return;
    ImGui::TextUnformatted(why.c_str());
    ImGui::Indent(12);
    chips(app, w, fibers);
    ImGui::Unindent(12);
  };
  for (std::size_t ch = 0; ch < rs.on_channel.size(); ++ch)
    parked("Parked on channel " + w.channels[ch].name, rs.on_channel[ch]);
  parked("Parked on the poller (I/O)", rs.on_poller);
  parked("Parked on a timer", rs.on_timer);
  parked("In a syscall (their carrier is blocked)", rs.in_syscall);
  if (rs.queues.monitor_wake != kNever)
    ImGui::TextDisabled("monitor (sysmon) looks next at %s (in %s)", fmt_time(rs.queues.monitor_wake).c_str(),
                        fmt_time(rs.queues.monitor_wake - t).c_str());
  ImGui::Unindent(12);
}

void draw_run(App& app, Session& s, const char* title) {
  const Workload& w = s.workload();
  const QueueSnapshot& q = s.probe().at(app.playback.cursor);
  if (title) section_title(title);
  for (CpuId c = 0; c < q.current.size(); ++c) cpu_line(app, s, q, c, q.current[c]);

  ImGui::Spacing();
  for (std::size_t k = 0; k < q.queues.size(); ++k) {
    // One queue: the ready queue; one per CPU: that CPU's queue.
    const std::string name = q.queues.size() == 1 ? "Ready queue"
                             : q.queues.size() == w.machine.cpus.size()
                                 ? w.machine.cpus[k].name + "'s queue"
                                 : "Queue " + std::to_string(k);
    ImGui::TextUnformatted(name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled(q.queues[k].empty() ? "(empty)" : "(next to run first)");
    ImGui::Indent(12);
    queue_list(app, w, q.queues[k], q);
    ImGui::Unindent(12);
  }

  bool any_blocked = !q.sleeping.empty();
  for (const auto& b : q.blocked) any_blocked |= !b.empty();
  for (const auto& b : q.lock_waiters) any_blocked |= !b.empty();
  if (any_blocked) {
    ImGui::Spacing();
    for (DeviceId d = 0; d < q.blocked.size(); ++d) {
      if (q.blocked[d].empty()) continue;
      ImGui::Text("Blocked on %s", w.devices[d].name.c_str());
      ImGui::Indent(12);
      chips(app, w, q.blocked[d]);
      ImGui::Unindent(12);
    }
    // Waiting for a lock: the lock, who holds it, and the waiters in the
    // order they blocked.
    for (std::size_t l = 0; l < q.lock_waiters.size(); ++l) {
      if (q.lock_waiters[l].empty()) continue;
      ImGui::AlignTextToFramePadding();
      ImGui::Text("Waiting for lock %s, held by", w.locks[l].name.c_str());
      ImGui::SameLine();
      if (q.lock_holder[l] == kNoTask)
        ImGui::TextDisabled("nobody (being handed over)");
      else if (task_chip(w, q.lock_holder[l], app.selected == q.lock_holder[l]))
        app.select(q.lock_holder[l]);
      ImGui::Indent(12);
      chips(app, w, q.lock_waiters[l]);
      ImGui::Unindent(12);
    }
    if (!q.sleeping.empty()) {
      ImGui::TextUnformatted("Sleeping");
      ImGui::Indent(12);
      chips(app, w, q.sleeping);
      ImGui::Unindent(12);
    }
  }
  for (RuntimeId r = 0; r < q.runtimes.size() && r < w.runtimes.size(); ++r) runtime_section(app, s, q, r);
  ImGui::Spacing();
  ImGui::TextDisabled("%zu not arrived yet, %zu finished, of %zu tasks", q.not_arrived, q.done,
                      s.model().counted_tasks());
}

}  // namespace

void draw_queues(App& app) {
  if (!app.session.has_run()) return;
  // The queues come from a replay, not the trace, but without a timeline
  // there is no cursor to replay to.
  if (draw_not_recorded(app, RecordLevel::Slices, "the run queues at a moment")) return;
  ImGui::TextDisabled("At t = %s", app.cursor_text().c_str());
  ImGui::SameLine();
  help_marker(
      "What the scheduler sees at the cursor time, after everything that happens at that "
      "instant. Queues are shown in the order the policy would pick from them. Click a task "
      "to select it.");
  // B is drawn only if its run kept a timeline (a failed re-run may not have).
  const bool two =
      app.compare.enabled && app.compare.session.has_run() && app.compare.session.has_timeline();
  draw_run(app, app.session, two ? ("A: " + app.run_label(0)).c_str() : nullptr);
  if (two) draw_run(app, app.compare.session, ("B: " + app.run_label(1)).c_str());
}

}  // namespace timeslice::gui
