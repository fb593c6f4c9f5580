// A session: one workload document, the run it gives, and that run's view
// model. The document is the file's JSON as written (not the expanded
// Workload), so the editor changes exactly what the user sees and saving
// keeps the file's style. Every change re-parses and re-simulates; a bad
// document keeps the last good run and says what is wrong in error().
// Pure: no window, no ImGui; unit-tested.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "gui/model/queue_probe.h"
#include "gui/model/view_model.h"
#include "sim/core/run.h"

namespace timeslice::gui {

using Json = nlohmann::ordered_json;

// The visualizer's records budget: the slices, state changes and decisions a
// run may keep (about 40 bytes each, and the view model adds its own), so a
// runaway run stops at a few hundred MiB instead of growing to GiBs.
constexpr std::uint64_t kGuiMaxRecords = 10'000'000;

class Session {
 public:
  Session();
  ~Session();

  // Read a file. On failure (unreadable, bad JSON, bad workload) error() says
  // why; if the JSON itself was readable it becomes the document, so it can
  // be fixed in the editor. Returns whether a new run was made.
  bool open_file(const std::string& path);
  // The same for text (a shipped example, a test); `source` names it in errors.
  bool open_text(const std::string& text, const std::string& source);
  // Replace the document (an edit) and re-run.
  bool apply(Json doc);
  // Parse raw JSON text as the new document and re-run.
  bool apply_text(const std::string& text);
  // Forget the document and its run (keeping the recording level and the
  // records budget), as a new Session.
  void close();
  // Write the document to `path` (via a temporary file and a rename). On
  // failure returns false and sets save_error().
  bool save(const std::string& path);

  const Json& doc() const { return doc_; }
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }
  const std::string& save_error() const { return save_error_; }
  bool dirty() const { return dirty_; }
  // The file's time_unit ("ms" unless set): how bare numbers are read.
  std::string time_unit() const;

  // What runs keep (sim/core/trace.h): Decisions (the default) for the log,
  // Slices for the timeline without the log, Metrics for the figures alone,
  // so a huge workload pays only for what it shows. Setting it re-runs the
  // document; a run that fails keeps the last good one, as an edit does.
  RecordLevel record() const { return record_; }
  bool set_record(RecordLevel level);
  // The records budget of every run (sim/core/run.h): kGuiMaxRecords unless
  // set. A run that keeps more is stopped with a message saying to record
  // less, and the last good run stays. Takes effect at the next run.
  void set_max_records(std::uint64_t max_records) { max_records_ = max_records; }

  // The last good run. Check has_run() first.
  bool has_run() const { return run_ != nullptr; }
  const Workload& workload() const { return run_->workload; }
  const Results& results() const { return run_->output.results; }
  const Trace& trace() const { return run_->output.trace; }
  const RunModel& model() const { return run_->model; }
  // What the last good run kept: record() unless re-running at a new level
  // failed. Panels ask this, not record(), before trusting the trace.
  RecordLevel recorded() const { return run_->record; }
  bool has_timeline() const { return recorded() != RecordLevel::Metrics; }
  bool has_decisions() const { return recorded() == RecordLevel::Decisions; }
  QueueProbe& probe() { return *run_->probe; }
  // Changes with every new run (unique across sessions), so views can tell
  // their caches are stale.
  std::uint64_t version() const { return version_; }

 private:
  struct Run {
    Workload workload;
    RunOutput output;
    RunModel model;
    RecordLevel record = RecordLevel::Decisions;
    std::unique_ptr<QueueProbe> probe;  // refers to `workload`; Run never moves
  };
  bool rerun(const std::string& text, const std::string& source);

  Json doc_;
  std::string path_, source_, error_, save_error_;
  std::string text_;  // what the last rerun parsed, to re-run at a new level
  RecordLevel record_ = RecordLevel::Decisions;
  std::uint64_t max_records_ = kGuiMaxRecords;
  bool dirty_ = false;
  std::unique_ptr<Run> run_;
  std::uint64_t version_ = 0;
};

// The document for comparing: `doc` with its scheduler replaced by
// `scheduler` (policy and parameters), keeping `same_time`.
Json with_scheduler(const Json& doc, const Json& scheduler);

// A sensible second scheduler to compare with: the same parameters under
// another policy (fcfs for rr, rr otherwise).
Json default_compare_scheduler(const Json& doc);

// "rr, quantum 4ms" / "mlfq, levels 3, quanta 10ms 20ms 40ms, boost 200ms":
// the policy and the parameters the run set for it.
std::string scheduler_label(const Workload& w);

// Shipped workload files (*.json) in `dir`, sorted by name.
std::vector<std::string> list_workloads(const std::string& dir);

// A workload file's "name" and "description" as written (empty when the
// file is unreadable or has none), for the Examples menu.
struct WorkloadInfo {
  std::string path, name, description;
};
WorkloadInfo describe_workload(const std::string& path);

}  // namespace timeslice::gui
