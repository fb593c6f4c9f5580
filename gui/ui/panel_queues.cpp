// The state of the machine at the cursor: what each CPU is doing, each run
// queue in pick order (from an engine replayed to the cursor, so the order is
// the policy's own), and who is blocked on which device or asleep.
#include <string>

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
  ImGui::Spacing();
  ImGui::TextDisabled("%zu not arrived yet, %zu finished, of %zu tasks", q.not_arrived, q.done,
                      w.tasks.size());
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
  draw_run(app, app.session,
           two ? ("A: " + scheduler_label(app.session.workload())).c_str() : nullptr);
  if (two)
    draw_run(app, app.compare.session,
             ("B: " + scheduler_label(app.compare.session.workload())).c_str());
}

}  // namespace timeslice::gui
