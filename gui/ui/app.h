// The visualizer's state and its frame. App owns the session (the workload
// document, its run and view model), an optional second session to compare
// with, the playback cursor and the view (zoom, selection, options). Every
// panel is a function of App, one file each (panels.h).
//
// App needs an ImGui context but no window: main.cpp runs it with the GLFW +
// OpenGL3 backends, the tests and the benchmark run it headless.
#pragma once

#include <string>
#include <vector>

#include "gui/model/playback.h"
#include "gui/model/session.h"
#include "gui/model/time_view.h"

namespace timeslice::gui {

// How main.cpp (or a test) starts the app.
struct AppOptions {
  std::string file;         // workload to open; empty: workloads/textbook.json
  Time cursor = -1;         // start with the cursor here (-1: at 0, paused)
  Time zoom_from = -1, zoom_to = -1;  // start zoomed to [from, to] (-1: the whole run)
  std::string select;       // select this task
  bool task_lanes = false;  // show a state lane per task
  std::string compare;      // compare with this policy ("" = off)
  std::string compare_file;  // or with this workload file, on the same time axis
  std::string tab;          // open this tab: editor, compare, json, help
  bool play = false;        // start playing
  bool textbook = false;    // open in the textbook view
  RecordLevel record = RecordLevel::Decisions;  // what runs keep (--record)
};

// The right-hand bottom tabs.
enum class Tab { Editor, Compare, Json, Help };

struct ViewState {
  TimeView time;              // shared by the timeline and the charts
  bool fit_pending = true;    // fit the whole run once the width is known
  Time zoom_from = -1, zoom_to = -1;  // then zoom here instead, once (--zoom)
  double lanes_x = 0;         // screen x of the lanes' left edge (last frame)
  double lanes_width = 0;     // width of the lanes (last frame)
  double lanes_top = 0;       // screen y of the first lane (last frame)
  bool task_lanes = false;    // a state lane per task
  bool dim_future = true;     // shade what has not happened yet at the cursor
  bool follow_cursor = true;  // keep the cursor in view while playing
  bool textbook = false;      // the book-style Gantt chart and table below the timeline
  int opened = 0;             // counts workloads opened: scrolled panels go back to the top
  Time mark_a = -1, mark_b = -1;  // the A/B markers (-1: not set), to measure between
};

// The second run, B: either A's workload under another scheduler, or
// another workload file (thread- vs goroutine-per-connection), run as it is.
struct CompareState {
  bool enabled = false;
  std::string file;  // B's workload file; "": A's workload under `scheduler`
  Json scheduler;    // the second run's "scheduler" object (file == "")
  Session session;   // the second run
  bool of_file() const { return !file.empty(); }
};

class App {
 public:
  explicit App(const AppOptions& options);

  // Build one frame's UI (between ImGui::NewFrame and ImGui::Render).
  // `dt` is the real time since the last frame, in seconds.
  void frame(float dt);

  // Open a file (from the menu or the command line); errors show in the window.
  void open(const std::string& path);
  // The editor changed the document: re-run it (and the comparison).
  void edited(Json doc);
  void edited_text(const std::string& text);
  // Re-run the comparison after its scheduler or the workload changed.
  void refresh_compare();
  void set_compare(bool on);
  // Compare with another workload file (B runs it as written; edits to A
  // leave it alone); "" goes back to comparing schedulers.
  void compare_with_file(const std::string& path);
  // What tells the runs apart, for headers and columns: the scheduler, or
  // when comparing files the workload's name and its scheduler. r: 0 A, 1 B.
  std::string run_label(int r) const;
  // The same, short for table columns: the scheduler, or the file's name
  // without ".json" ("c10k-threads").
  std::string run_short_label(int r) const;
  // Re-run both runs keeping `level` (Session::set_record).
  void set_record(RecordLevel level);

  // The cursor time, precise enough to tell it from the events around it.
  std::string cursor_text() const;
  // The later of the two runs' ends: the time axis spans this.
  Time run_end() const;
  // Select a task (kNoTask to clear) and open its details.
  void select(TaskId task);
  // Fit the whole run into the lanes.
  void fit();
  // Zoom so that [a, b] fills the lanes.
  void zoom_to(Time a, Time b);
  void request_tab(Tab t) { tab_request_ = static_cast<int>(t); }
  int take_tab_request() {
    const int t = tab_request_;
    tab_request_ = -1;
    return t;
  }

  Session session;
  CompareState compare;
  Playback playback;
  ViewState view;
  TaskId selected = kNoTask;
  bool details_open = false;
  std::string workloads_dir;         // where the shipped examples are
  std::vector<std::string> shipped;  // their paths
  std::vector<WorkloadInfo> examples;  // their names and descriptions (Examples menu)
  std::string message;               // last file operation's outcome
  std::string startup_error;  // an option the opened workload cannot honour (--select)
  bool quit_requested = false;
  // The platform layer saw this frame's left press finish a double-click by
  // the events' own times (main.cpp, InputQueue); ImGui's frame-timed check
  // misses double-clicks when frames are slow.
  bool double_clicked = false;
  bool open_requested = false;                        // show the Open dialog
  bool save_as_requested = false;                     // show the Save-as dialog
  bool compare_file_requested = false;                // show the Compare-with-file dialog
  float details_x = 0, details_y = 0, details_w = 0;  // where task details open

 private:
  void handle_keys();
  void layout_and_draw();
  void sync_after_run();
  int tab_request_ = -1;
  std::uint64_t seen_version_ = 0;
};

}  // namespace timeslice::gui
