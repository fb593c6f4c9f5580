#include "gui/model/session.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gui/model/time_axis.h"
#include "sim/core/policy.h"
#include "sim/format/workload_json.h"

namespace timeslice::gui {

Session::Session() = default;
Session::~Session() = default;

bool Session::rerun(const std::string& text, const std::string& source) {
  text_ = text;
  try {
    auto run = std::make_unique<Run>();
    run->workload = parse_workload(text, source);
    RunOptions options;
    options.record = run->record = record_;
    // A run too long to wait for is refused (or stopped) with a message,
    // and the last good run stays on screen.
    options.max_events = kDefaultMaxEvents;
    options.max_records = max_records_;
    check_event_budget(run->workload, options.until, options.max_events);
    run->output = simulate(run->workload, options);
    run->model = RunModel(run->workload, run->output.trace);
    run->probe = std::make_unique<QueueProbe>(run->workload);
    run_ = std::move(run);
    error_.clear();
    // Unique across sessions, so a cache keyed by version never mixes runs.
    static std::uint64_t next_version = 0;
    version_ = ++next_version;
    return true;
  } catch (const RecordBudgetExceeded& e) {
    error_ = std::string(e.what()) + "; record less (Record: slices keeps no decisions, metrics only the figures)";
    return false;
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

bool Session::set_record(RecordLevel level) {
  record_ = level;
  if (has_run() && recorded() == level && error_.empty()) return true;
  if (text_.empty()) return false;  // nothing opened yet: the next open uses it
  return rerun(text_, source_.empty() ? "workload" : source_);
}

bool Session::open_text(const std::string& text, const std::string& source) {
  source_ = source;
  try {
    // Bounded nesting first: copying or writing out a document recurses.
    check_json_text(text, source);
  } catch (const WorkloadError& e) {
    doc_ = Json::object();
    dirty_ = false;
    text_.clear();
    error_ = e.what();
    return false;
  }
  try {
    doc_ = Json::parse(text);
  } catch (const std::exception&) {
    // Let the workload reader word the syntax error, with its position.
    doc_ = Json::object();
  }
  dirty_ = false;
  return rerun(text, source);
}

bool Session::open_file(const std::string& path) {
  std::string text;
  try {
    text = read_workload_file(path);  // a regular file of bounded size
  } catch (const WorkloadError& e) {
    error_ = e.what();
    return false;
  }
  path_ = path;
  return open_text(text, path);
}

bool Session::apply(Json doc) {
  doc_ = std::move(doc);
  dirty_ = true;
  return rerun(doc_.dump(2), source_.empty() ? "workload" : source_);
}

bool Session::apply_text(const std::string& text) {
  try {
    check_json_text(text, source_.empty() ? "workload" : source_);
  } catch (const WorkloadError& e) {
    error_ = e.what();  // keep the document and the last good run
    return false;
  }
  try {
    Json doc = Json::parse(text);
    doc_ = std::move(doc);
    dirty_ = true;
  } catch (const std::exception&) {
    // Keep the document; the reader reports the syntax error with its place.
  }
  return rerun(text, source_.empty() ? "workload" : source_);
}

void Session::close() {
  doc_ = Json();
  path_.clear();
  source_.clear();
  error_.clear();
  save_error_.clear();
  text_.clear();
  dirty_ = false;
  run_.reset();
}

bool Session::save(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      save_error_ = path + ": cannot write the file";
      return false;
    }
    out << doc_.dump(2) << "\n";
    if (!out.flush()) {
      save_error_ = path + ": write failed";
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    save_error_ = path + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  save_error_.clear();
  path_ = source_ = path;
  dirty_ = false;
  return true;
}

std::string Session::time_unit() const {
  if (doc_.is_object() && doc_.contains("time_unit") && doc_["time_unit"].is_string())
    return doc_["time_unit"].get<std::string>();
  return "ms";
}

Json with_scheduler(const Json& doc, const Json& scheduler) {
  Json out = doc;
  if (!out.is_object()) return out;
  Json s = scheduler;
  if (doc.contains("scheduler") && doc["scheduler"].is_object() &&
      doc["scheduler"].contains("same_time") && !s.contains("same_time"))
    s["same_time"] = doc["scheduler"]["same_time"];
  out["scheduler"] = std::move(s);
  return out;
}

Json default_compare_scheduler(const Json& doc) {
  Json s = Json::object();
  if (doc.is_object() && doc.contains("scheduler") && doc["scheduler"].is_object())
    s = doc["scheduler"];
  const std::string policy = s.contains("policy") && s["policy"].is_string()
                                 ? s["policy"].get<std::string>()
                                 : std::string("rr");
  s["policy"] = policy == "rr" ? "fcfs" : "rr";
  return s;
}

namespace {
std::string param_text(const ParamSpec& spec, const ParamValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v))
    return spec.type == ParamType::Duration ? exact_duration(*i) : std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    std::ostringstream s;
    s << *d;
    return s.str();
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* list = std::get_if<std::vector<Time>>(&v)) {
    std::string s;
    for (Time t : *list) s += (s.empty() ? "" : " ") + exact_duration(t);
    return s;
  }
  return "?";
}
}  // namespace

std::string scheduler_label(const Workload& w) {
  std::string label = w.scheduler.policy;
  const PolicyInfo* info = find_policy(w.scheduler.policy);
  if (!info) return label;
  for (const ParamSpec& spec : info->params) {
    auto it = w.scheduler.params.find(spec.name);
    if (it != w.scheduler.params.end())
      label += ", " + spec.name + " " + param_text(spec, it->second);
  }
  return label;
}

WorkloadInfo describe_workload(const std::string& path) {
  WorkloadInfo info{path, "", ""};
  std::ifstream in(path);
  const Json doc = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return info;
  if (auto it = doc.find("name"); it != doc.end() && it->is_string()) info.name = *it;
  if (auto it = doc.find("description"); it != doc.end() && it->is_string()) info.description = *it;
  return info;
}

std::vector<std::string> list_workloads(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace timeslice::gui
