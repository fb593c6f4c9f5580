#include "gui/ui/app.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <imgui.h>

#include "gui/model/data_dir.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

bool key_pressed(ImGuiKey key, bool repeat = true) {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
}

// A typed character this frame (for keys that ImGuiKey_ does not name).
bool char_typed(ImWchar c) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    if (io.InputQueueCharacters[i] == c) return true;
  return false;
}

}  // namespace

App::App(const AppOptions& options) {
  workloads_dir = gui::workloads_dir().string();
  shipped = list_workloads(workloads_dir);
  for (const std::string& path : shipped) examples.push_back(describe_workload(path));
  session.set_record(options.record);  // nothing open yet: no run, just the level
  compare.session.set_record(options.record);
  open(options.file.empty() ? workloads_dir + "/textbook.json" : options.file);
  view.task_lanes = options.task_lanes || view.task_lanes;
  if (!options.compare.empty()) {
    compare.scheduler = default_compare_scheduler(session.doc());
    compare.scheduler["policy"] = options.compare;
    set_compare(true);
  }
  if (!options.compare_file.empty()) compare_with_file(options.compare_file);
  if (options.cursor >= 0) playback.cursor = std::min(options.cursor, run_end());
  view.zoom_from = options.zoom_from;
  view.zoom_to = options.zoom_to;
  if (!options.select.empty() && session.has_run()) {
    const auto& tasks = session.workload().tasks;
    for (TaskId t = 0; t < tasks.size() && selected == kNoTask; ++t)
      if (tasks[t].name == options.select) select(t);
    if (selected == kNoTask) {
      std::string names;
      for (std::size_t t = 0; t < tasks.size() && t < 12; ++t)
        names += (t ? ", " : "") + tasks[t].name;
      if (tasks.size() > 12) names += ", ...";
      startup_error = "--select: no task named \"" + options.select + "\" in " +
                      session.path() + " (tasks: " + names + ")";
    }
  }
  playback.playing = options.play;
  view.textbook = options.textbook;
  if (options.tab == "editor")
    request_tab(Tab::Editor);
  else if (options.tab == "compare")
    request_tab(Tab::Compare);
  else if (options.tab == "json")
    request_tab(Tab::Json);
  else if (options.tab == "help")
    request_tab(Tab::Help);
}

void App::open(const std::string& path) {
  const bool ok = session.open_file(path);
  message = ok ? "Opened " + path : "";
  selected = kNoTask;
  details_open = false;
  playback = Playback{};
  sync_after_run();
  if (session.has_run()) {
    playback.speed = Playback::speed_for(session.model().end());
    // A lane per task is the clearest view while they fit on screen (spare
    // carriers that never ran get no lane, so they do not count).
    view.task_lanes = session.model().shown_tasks().size() <= 12;
  }
  view.fit_pending = true;
  ++view.opened;
  view.mark_a = view.mark_b = -1;
  // B stays when it is a file of its own; else A's new workload under B's policy.
  if (compare.enabled && !compare.of_file()) {
    compare.scheduler = default_compare_scheduler(session.doc());
    refresh_compare();
  }
}

void App::edited(Json doc) {
  session.apply(std::move(doc));
  sync_after_run();
  refresh_compare();
}

void App::edited_text(const std::string& text) {
  session.apply_text(text);
  sync_after_run();
  refresh_compare();
}

void App::refresh_compare() {
  if (!compare.enabled) return;
  // Both runs keep the same; a level changed while comparing was off re-runs
  // the stale comparison once here (rare) before the apply below.
  if (compare.session.record() != session.record()) compare.session.set_record(session.record());
  if (compare.of_file()) {
    // A file of its own: run once, and again only when its level changed.
    if (!compare.session.has_run() && compare.session.path() != compare.file)
      compare.session.open_file(compare.file);
    return;
  }
  compare.session.apply(with_scheduler(session.doc(), compare.scheduler));
}

void App::set_compare(bool on) {
  compare.enabled = on;
  if (on) {
    if (!compare.scheduler.is_object())
      compare.scheduler = default_compare_scheduler(session.doc());
    refresh_compare();
  }
  view.fit_pending = true;  // the time axis spans both runs
}

void App::compare_with_file(const std::string& path) {
  const bool was_file = compare.of_file();
  compare.file = path;
  // A fresh session: the last run of another workload must not stay on
  // screen as if it were this file's.
  compare.session.close();
  compare.session.set_record(session.record());
  if (!path.empty()) {
    compare.session.open_file(path);
  } else if (was_file) {
    compare.scheduler = default_compare_scheduler(session.doc());
  }
  set_compare(true);
}

std::string App::run_short_label(int r) const {
  const Session& s = r == 0 ? session : compare.session;
  if (!compare.of_file() || s.path().empty()) return run_label(r);
  return std::filesystem::path(s.path()).stem().string();
}

std::string App::run_label(int r) const {
  const Session& s = r == 0 ? session : compare.session;
  if (!s.has_run()) return r == 0 ? "A" : "B";
  if (!compare.of_file()) return scheduler_label(s.workload());
  return s.workload().name + "  [" + scheduler_label(s.workload()) + "]";
}

void App::set_record(RecordLevel level) {
  const bool had_timeline = session.has_run() && session.has_timeline();
  session.set_record(level);
  if (compare.enabled) compare.session.set_record(level);
  sync_after_run();
  if (!session.has_run()) return;
  if (!session.has_timeline()) {
    playback.playing = false;  // nothing to play: run_end() is 0
  } else if (!had_timeline) {
    // The timeline is back: size the playback speed and the view to it.
    playback.speed = Playback::speed_for(session.model().end());
    view.fit_pending = true;
  }
}

// A new run: keep the cursor and zoom if they still make sense.
void App::sync_after_run() {
  if (session.version() == seen_version_) return;
  seen_version_ = session.version();
  if (!session.has_run()) return;
  playback.cursor = std::min(playback.cursor, run_end());
  if (selected != kNoTask && selected >= session.workload().tasks.size()) select(kNoTask);
}

Time App::run_end() const {
  Time end = session.has_run() ? session.model().end() : 0;
  if (compare.enabled && compare.session.has_run())
    end = std::max(end, compare.session.model().end());
  return end;
}

std::string App::cursor_text() const {
  const Time t = playback.cursor;
  if (!session.has_run() || !session.has_timeline()) return fmt_time(t);
  const RunModel& m = session.model();
  return fmt_time(t, resolution_between(t > 0 ? m.prev_event(t) : kNever, t,
                                        t < m.end() ? m.next_event(t) : kNever));
}

void App::select(TaskId task) {
  selected = task;
  details_open = task != kNoTask;
}

void App::fit() {
  if (view.lanes_width > 0)
    view.time.fit(0, std::max<Time>(run_end(), 1), view.lanes_width);
  else
    view.fit_pending = true;
}

void App::zoom_to(Time a, Time b) {
  if (b <= a || view.lanes_width <= 0) return;
  view.time.fit(a, b, view.lanes_width);
}

void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !session.has_run()) return;
  if (io.KeyCtrl && char_typed('s') && !session.path().empty()) session.save(session.path());
  if (!session.has_timeline()) return;  // no time to move through (Metrics)
  const RunModel& m = session.model();
  // Without recorded decisions, Shift+arrow would jump to the end or to 0.
  const bool by_decision = io.KeyShift && session.has_decisions();
  if (key_pressed(ImGuiKey_Space, false)) {
    if (playback.cursor >= run_end()) playback.restart();
    playback.playing = !playback.playing;
  }
  if (key_pressed(ImGuiKey_RightArrow) && (by_decision || !io.KeyShift)) {
    if (by_decision)
      playback.step_decision(m);
    else
      playback.step_event(m);
  }
  if (key_pressed(ImGuiKey_LeftArrow) && (by_decision || !io.KeyShift)) {
    if (by_decision)
      playback.back_decision(m);
    else
      playback.back_event(m);
  }
  if (key_pressed(ImGuiKey_UpArrow)) playback.faster();
  if (key_pressed(ImGuiKey_DownArrow)) playback.slower();
  if (key_pressed(ImGuiKey_Home, false)) playback.restart();
  if (key_pressed(ImGuiKey_End, false)) playback.to_end(run_end());
  if (key_pressed(ImGuiKey_Escape, false)) select(kNoTask);
  if (char_typed('f') || char_typed('F')) fit();
  // A and B: markers at the cursor, to measure the time between; X clears.
  if (char_typed('a') || char_typed('A')) view.mark_a = playback.cursor;
  if (char_typed('b') || char_typed('B')) view.mark_b = playback.cursor;
  if (char_typed('x') || char_typed('X')) view.mark_a = view.mark_b = -1;
  const double mid = view.lanes_width / 2;
  if (char_typed('+') || char_typed('=')) view.time.zoom_at(mid, 1.5, run_end(), view.lanes_width);
  if (char_typed('-')) view.time.zoom_at(mid, 1 / 1.5, run_end(), view.lanes_width);
}

void App::frame(float dt) {
  sync_after_run();
  handle_keys();
  if (session.has_run() && session.has_timeline()) {
    const bool was_playing = playback.playing;
    playback.advance(dt, run_end());
    if (was_playing && view.follow_cursor && view.lanes_width > 0)
      view.time.follow(static_cast<double>(playback.cursor), view.lanes_width, 40);
  }
  layout_and_draw();
}

// A fixed tiled layout computed from the window size (Dear ImGui 1.86 has no
// docking): timeline, charts and tables on the left, state at the cursor and
// the editor on the right.
void App::layout_and_draw() {
  draw_menu_bar(*this);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu_h = ImGui::GetFrameHeight();
  const float W = vp->WorkSize.x, H = vp->Size.y;
  const float x0 = vp->Pos.x, y0 = vp->Pos.y + menu_h;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  auto place = [&](float x, float y, float w, float h) {
    ImGui::SetNextWindowPos(ImVec2(x0 + x, y0 + y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  };

  const float bar_h = session.error().empty() ? 40.0f : 64.0f;
  place(0, 0, W, bar_h);
  if (ImGui::Begin("##toolbar", nullptr,
                   fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar))
    draw_toolbar(*this);
  ImGui::End();

  const float top = bar_h, h = H - menu_h - bar_h;
  const float left_w = std::floor(W * 0.655f), right_w = W - left_w;
  // Runs that create tasks or have a memory limit chart memory too: the
  // charts take some of the timeline's height.
  const bool memory_chart = session.has_run() && session.model().memory().shown();
  const float timeline_h = std::floor(h * (memory_chart ? 0.43f : 0.50f));
  const float charts_h = std::floor(h * (memory_chart ? 0.25f : 0.17f));
  const float bottom_y = top + timeline_h + charts_h, bottom_h = h - timeline_h - charts_h;
  const float tasks_w = std::floor(left_w * 0.5f);

  place(0, top, left_w, timeline_h);
  // The title says what is shown: the workload and its scheduler.
  const std::string timeline_title =
      session.has_run() ? "Timeline: " + session.workload().name + "   [" +
                              scheduler_label(session.workload()) + "]###Timeline"
                        : std::string("Timeline###Timeline");
  if (ImGui::Begin(timeline_title.c_str(), nullptr,
                   fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
    draw_timeline(*this);
  ImGui::End();

  if (view.textbook) {
    // The book's view replaces the charts, the task table and the log.
    place(0, top + timeline_h, left_w, h - timeline_h);
    if (ImGui::Begin("Textbook view: Gantt chart and per-task times", nullptr, fixed))
      draw_textbook(*this);
    ImGui::End();
  } else {
    place(0, top + timeline_h, left_w, charts_h);
    if (ImGui::Begin("Charts over time", nullptr,
                     fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
      draw_charts(*this);
    ImGui::End();

    place(0, bottom_y, tasks_w, bottom_h);
    // Without a timeline the table shows whole-run figures: the title says so.
    const bool live = !session.has_run() || session.has_timeline();
    if (ImGui::Begin(live ? "Tasks at the cursor###tasks" : "Tasks: whole run###tasks", nullptr,
                     fixed))
      draw_tasks(*this);
    ImGui::End();

    place(tasks_w, bottom_y, left_w - tasks_w, bottom_h);
    if (ImGui::Begin("Decision log", nullptr, fixed)) draw_log(*this);
    ImGui::End();
  }

  const float queues_h = std::floor(h * 0.33f), summary_h = std::floor(h * 0.25f);
  place(left_w, top, right_w, queues_h);
  if (ImGui::Begin("Run queues at the cursor", nullptr, fixed)) draw_queues(*this);
  ImGui::End();

  place(left_w, top + queues_h, right_w, summary_h);
  if (ImGui::Begin("Summary", nullptr, fixed)) draw_summary(*this);
  ImGui::End();

  details_x = x0 + left_w;
  details_y = y0 + top + queues_h + summary_h;
  details_w = right_w;
  place(left_w, top + queues_h + summary_h, right_w, h - queues_h - summary_h);
  if (ImGui::Begin("##tabs", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    const int want = take_tab_request();
    auto flags = [&](Tab t) {
      return want == static_cast<int>(t) ? ImGuiTabItemFlags_SetSelected : 0;
    };
    if (ImGui::BeginTabBar("tabs")) {
      if (ImGui::BeginTabItem("Workload editor", nullptr, flags(Tab::Editor))) {
        draw_editor(*this);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Compare", nullptr, flags(Tab::Compare))) {
        draw_compare(*this);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("JSON", nullptr, flags(Tab::Json))) {
        draw_json_editor(*this);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Help", nullptr, flags(Tab::Help))) {
        draw_help(*this);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();

  if (details_open && selected != kNoTask) draw_task_details(*this);
  draw_file_popups(*this);
}

}  // namespace timeslice::gui
