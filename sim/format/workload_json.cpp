// Reading workload files (SPEC §3).
//
// The document is parsed by nlohmann/json (a parse callback rejects duplicate
// keys; object keys are visited in sorted order). One WorkloadParser then
// reads it in dependency order — time_unit first, then machine and devices,
// which tasks refer to — carrying the JSON path of every value so each error
// can say where it is. Generated tasks are sampled last from one Rng seeded
// with the workload seed. Finally the selected policy is built once so its own
// parameter checks report through the same error format.
#include "sim/format/workload_json.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/core/huge_pages.h"
#include "sim/core/policy.h"
#include "sim/core/rng.h"

namespace timeslice {

namespace {
// "tasks[0].a.a.a ... .a.a" for a path too long to read in a message: its
// first and last kMaxShownPath / 2 characters (not splitting UTF-8).
std::string shown_path(const std::string& path) {
  if (path.size() <= kMaxShownPath) return path;
  std::size_t head = kMaxShownPath / 2, tail = path.size() - kMaxShownPath / 2;
  while (head > 0 && (static_cast<unsigned char>(path[head]) & 0xC0) == 0x80) --head;
  while (tail < path.size() && (static_cast<unsigned char>(path[tail]) & 0xC0) == 0x80) ++tail;
  return path.substr(0, head) + " ... " + path.substr(tail);
}

std::string join_message(const std::string& source, const std::string& full_path,
                         const std::string& message) {
  std::string out;
  const std::string path = shown_path(full_path);
  for (const std::string* part : {&source, &path, &message}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ": ";
    out += *part;
  }
  return out;
}
}  // namespace

WorkloadError::WorkloadError(const std::string& source, const std::string& path,
                             const std::string& message)
    : std::runtime_error(join_message(source, path, message)), path_(path), detail_(message) {}

namespace {

// Not ordered_json: its vector-backed objects deep-copy their members when
// they grow, which is slow for big files and recursive for deeply nested ones.
using Json = nlohmann::json;

// ---- Limits (documented in the README) --------------------------------------

constexpr Time kMaxDuration = 1'000'000'000'000'000;  // 1e15 ns = 1000000s, about 11.5 days
constexpr const char* kMaxDurationText = "1000000s";
constexpr Time kMaxTotalTime = Time{1} << 62;  // all durations plus the latest arrival
constexpr std::int64_t kMaxTasks = 10'000'000;
constexpr std::int64_t kMaxBytes = std::int64_t{1} << 50;  // sizes: 1 PiB
constexpr const char* kExpectedSize =
    "expected a size: a whole number of bytes or a string such as \"8MiB\" "
    "(B, KiB, MiB, GiB, TiB; kB, MB, GB, TB), at most 1 PiB";
constexpr std::int64_t kMaxFds = 1'000'000;  // descriptors one poller watches
constexpr std::int64_t kMaxJobs = 100'000'000;
constexpr std::int64_t kMaxPhasesPerTask = 1'000'000;
constexpr std::int64_t kMaxPhases = 20'000'000;
constexpr std::int64_t kMaxRepeat = 1'000'000;
constexpr int kMaxRepeatDepth = 16;
constexpr std::int64_t kMaxPriority = 1'000'000;
constexpr std::int64_t kMaxTickets = 1'000'000;
constexpr std::int64_t kMaxChannels = 1024;
constexpr std::size_t kMaxDevices = 10'000;
static_assert(kMaxDevices <= kMaxPhaseDevices, "a phase keeps its device in 16 bits");
constexpr std::size_t kMaxLocks = 100'000;
constexpr double kMaxSpeed = 1000;
// Go's default limit on threads (debug.SetMaxThreads, sched.maxmcount in proc.go).
constexpr std::int64_t kMaxCarriers = 10'000;
constexpr std::int64_t kMaxChannelCapacity = 1'000'000'000;

// ---- Showing values in messages ---------------------------------------------

// Longest piece of user text quoted in a message.
constexpr std::size_t kShownChars = 40;

// Cut `s` to at most `n` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Replace bytes that are not valid UTF-8 (nlohmann's messages may quote raw input).
std::string valid_utf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) out.append(s.substr(i, len));
    else out += '?';
    i += ok ? len : 1;
  }
  return out;
}

// A JSON string literal for `s`, shortened with "..." when long.
std::string show_text(std::string_view s) {
  const std::string_view cut = utf8_prefix(s, kShownChars);
  std::string out = Json(std::string(cut)).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (cut.size() < s.size()) out.insert(out.size() - 1, "...");
  return out;
}

// Compact JSON for a value, bounded in length (and so in recursion depth).
void append_compact(const Json& v, std::string& out, std::size_t budget) {
  if (v.is_string()) {
    out += show_text(v.get_ref<const std::string&>());
  } else if (v.is_number_float() && !std::isfinite(v.get<double>())) {
    out += "an out-of-range number";
  } else if (v.is_object() || v.is_array()) {
    const bool object = v.is_object();
    out += object ? '{' : '[';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out += ',';
      if (out.size() >= budget) {
        out += "...";
        break;
      }
      first = false;
      if (object) out += show_text(it.key()) + ':';
      append_compact(it.value(), out, budget);
    }
    out += object ? '}' : ']';
  } else if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == 0) {
    out += "-0";  // the reader keeps "-0" as a signed 0 (a plain 0 is unsigned)
  } else {
    out += v.dump();  // null, true/false, numbers: cannot throw
  }
}

std::string compact(const Json& v) {
  std::string out;
  append_compact(v, out, kShownChars);
  return out;
}

std::string got(const Json& v) { return ", got " + compact(v); }

// ---- Paths ------------------------------------------------------------------

bool is_identifier(std::string_view key) {
  if (key.empty() || key.size() > 64 || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// "tasks[0]" + "burst" -> "tasks[0].burst"; odd keys are quoted: tasks[0]["a b"].
std::string child(const std::string& path, std::string_view key) {
  if (!is_identifier(key)) return path + "[" + show_text(key) + "]";
  std::string out;  // one allocation at most: the parser makes one for most fields it reads
  out.reserve(path.size() + 1 + key.size());
  out += path;
  if (!path.empty()) out += '.';
  out += key;
  return out;
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// ---- Name lists and "did you mean" ------------------------------------------

using Names = std::vector<std::string_view>;

// Optimal string alignment distance: Levenshtein plus adjacent transpositions,
// so "brust" is one edit from "burst".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The known name closest to `typed`, if within max(1, len/3) edits.
std::optional<std::string_view> closest(std::string_view typed, const Names& known) {
  if (typed.size() > 64) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(1, typed.size() / 3);
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view k : known) {
    const std::size_t gap = k.size() > typed.size() ? k.size() - typed.size() : typed.size() - k.size();
    if (gap > limit) continue;
    const std::size_t distance = edit_distance(typed, k);
    if (distance < best_distance) {
      best = k;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view typed, const Names& known) {
  const auto c = closest(typed, known);
  return c ? "did you mean " + show_text(*c) + "?" : std::string();
}

// "a, b, c" (long lists are cut: "a, b, ... (5000 in all)").
std::string list_names(const Names& names) {
  constexpr std::size_t kShown = 20;  // every field and policy; cuts only long user lists
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += names[i].size() > kShownChars ? show_text(names[i]) : std::string(names[i]);
  }
  if (names.size() > kShown) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

// `"a", "b" or "c"`
std::string one_of(const Names& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += show_text(choices[i]);
  }
  return out;
}

// unknown device "dsk" (did you mean "disk"? devices: disk, net)
std::string unknown_name(const std::string& kind, const std::string& plural, std::string_view name,
                         const Names& known) {
  std::string out = "unknown " + kind + " " + show_text(name) + " (";
  if (known.empty()) return out + "no " + plural + " are declared)";
  const std::string hint = did_you_mean(name, known);
  if (!hint.empty()) out += hint + " ";
  return out + plural + ": " + list_names(known) + ")";
}

// ---- Small arithmetic helpers -----------------------------------------------

// a + b for 0 <= a, b <= kMaxTotalTime, saturating at kMaxTotalTime.
Time sat_add(Time a, Time b) { return b > kMaxTotalTime - a ? kMaxTotalTime : a + b; }
Time sat_mul(Time a, Time b) {
  return a != 0 && b > kMaxTotalTime / a ? kMaxTotalTime : std::min(a * b, kMaxTotalTime);
}

// A JSON number that is an exact integer in int64 range.
std::optional<std::int64_t> as_integer(const Json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && d >= -0x1p63 && d < 0x1p63)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> as_unsigned(const Json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() == 0) return 0;  // -0
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && d >= 0 && d < 0x1p64)
      return static_cast<std::uint64_t>(d);
  }
  return std::nullopt;
}

// ---- Durations --------------------------------------------------------------

Time unit_ns(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Nanoseconds: return kNanosecond;
    case TimeUnit::Microseconds: return kMicrosecond;
    case TimeUnit::Milliseconds: return kMillisecond;
    case TimeUnit::Seconds: return kSecond;
  }
  return kMillisecond;
}

const char* unit_suffix(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Nanoseconds: return "ns";
    case TimeUnit::Microseconds: return "us";
    case TimeUnit::Milliseconds: return "ms";
    case TimeUnit::Seconds: return "s";
  }
  return "ms";
}

// "us" is also written with the micro sign (U+00B5) or a Greek mu (U+03BC).
bool is_micro(std::string_view s) { return s == "\xC2\xB5s" || s == "\xCE\xBCs"; }

std::optional<TimeUnit> unit_from_suffix(std::string_view s) {
  if (is_micro(s)) return TimeUnit::Microseconds;
  for (TimeUnit u : {TimeUnit::Nanoseconds, TimeUnit::Microseconds, TimeUnit::Milliseconds,
                     TimeUnit::Seconds})
    if (s == unit_suffix(u)) return u;
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string exceeds_limit(const std::string& shown) {
  return shown + " exceeds the limit of " + kMaxDurationText;
}

// ---- Workload structure helpers ---------------------------------------------

// A parsed program phase; a repeat keeps its body until expansion.
struct Step {
  Phase phase;
  std::string path;         // lock/unlock phases: where they are, for errors
  std::int64_t repeat = 0;  // > 0: `body` this many times
  std::vector<Step> body;
};

// Size of a program after expansion, saturating at kMaxTotalTime.
struct ProgramSize {
  std::int64_t phases = 0;
  Time duration = 0;  // cpu + io + sleep
};

ProgramSize program_size(const std::vector<Step>& steps) {
  ProgramSize size;
  for (const Step& s : steps) {
    if (s.repeat > 0) {
      const ProgramSize body = program_size(s.body);
      size.phases = sat_add(size.phases, sat_mul(body.phases, s.repeat));
      size.duration = sat_add(size.duration, sat_mul(body.duration, s.repeat));
    } else {
      size.phases = sat_add(size.phases, 1);
      size.duration = sat_add(size.duration, s.phase.duration);
    }
  }
  return size;
}

void expand(const std::vector<Step>& steps, std::vector<Phase>& out) {
  for (const Step& s : steps) {
    if (s.repeat > 0) {
      for (std::int64_t i = 0; i < s.repeat; ++i) expand(s.body, out);
    } else {
      out.push_back(s.phase);
    }
  }
}

enum class DistKind { Constant, Uniform, Exponential, Normal, Lognormal, Pareto };

// A distribution; values are ns for durations, plain numbers for priorities.
struct Distribution {
  DistKind kind = DistKind::Constant;
  double a = 0;  // constant: value; uniform: min; exponential/normal: mean;
                 // lognormal: mu; pareto: scale
  double b = 0;  // uniform: max; normal: stddev; lognormal: sigma; pareto: shape
};

constexpr double kPi = 3.14159265358979323846;

// Box-Muller, cosine branch. 1 - u keeps the logarithm finite.
double standard_normal(Rng& rng) {
  const double u1 = rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * kPi * u2);
}

double sample(const Distribution& d, Rng& rng) {
  switch (d.kind) {
    case DistKind::Constant: return d.a;
    case DistKind::Uniform: return d.a + (d.b - d.a) * rng.uniform01();
    case DistKind::Exponential: return -d.a * std::log(1.0 - rng.uniform01());
    case DistKind::Normal: return d.a + d.b * standard_normal(rng);
    case DistKind::Lognormal: return std::exp(d.a + d.b * standard_normal(rng));
    case DistKind::Pareto: return d.a / std::pow(1.0 - rng.uniform01(), 1.0 / d.b);
  }
  return d.a;
}

// A sampled duration in whole ns, at least `floor`, at most the duration limit.
Time sampled_time(double x, Time floor) {
  if (!(x > 0)) return floor;  // also NaN
  if (x >= static_cast<double>(kMaxDuration)) return kMaxDuration;
  return std::max<Time>(floor, std::llround(x));
}

struct GeneratorSpec {
  std::string path;  // "generate[i]"
  std::int64_t count = 0;
  std::string prefix;
  Distribution arrival;  // constant 0 unless given
  Distribution burst;
  bool has_io = false;
  DeviceId device = 0;
  Distribution every;
  Distribution io_duration;
  std::optional<std::uint32_t> spawn;  // each task ends creating a task (SPEC §10): a spawn prototype
  std::optional<Distribution> priority_dist;
  int priority = 0;
  int nice = 0;
  std::optional<std::string> process;
  Time start = 0;
  RuntimeId runtime = kNoRuntime;  // generated fibers
};

// Which generator would produce `name` (prefix + 1..count), skipping `skip`.
std::optional<std::size_t> generator_of(std::string_view name, const std::vector<GeneratorSpec>& gens,
                                        const std::unordered_map<std::string_view, std::size_t>& by_prefix,
                                        std::size_t skip) {
  for (std::size_t m = 1; m <= name.size() && m <= 8 && is_digit(name[name.size() - m]); ++m) {
    const std::string_view digits = name.substr(name.size() - m);
    if (digits[0] == '0') continue;
    const auto it = by_prefix.find(name.substr(0, name.size() - m));
    if (it == by_prefix.end() || it->second == skip) continue;
    if (std::stoll(std::string(digits)) <= gens[it->second].count) return it->second;
  }
  return std::nullopt;
}

// ---- The parser -------------------------------------------------------------

const Names kTopFields = {"name",      "description", "time_unit", "seed",     "machine",  "scheduler",
                          "devices",   "locks",       "runtimes",  "channels", "templates", "tasks",    "generate",
                          "$schema"};
const Names kRuntimeFields = {"name",     "model", "carriers",    "process",      "preempt_after",
                              "handoff",  "steal", "local_queue", "global_check_every", "costs"};
const Names kRuntimeModels = {"green", "event_loop", "mn", "pool"};
const Names kHandoffs = {"none", "immediate", "sysmon"};
const Names kRuntimeCostFields = {"fiber_switch", "fiber_create"};
const Names kChannelFields = {"name", "capacity"};
const Names kLockFields = {"name", "switch_interval"};
const Names kLockProtocols = {"none", "inheritance", "ceiling"};
const Names kLockWakeups = {"fifo", "priority"};
const Names kMachineFields = {"cpus", "costs", "tick", "memory", "max_threads", "overcommit", "sizes"};
const Names kSizeFields = {"process_rss", "thread_stack", "thread_resident", "fiber_stack"};
const Names kPollCostFields = {"base", "per_fd", "per_ready"};
const Names kCpuFields = {"name", "speed", "class"};
const Names kCostFields = {"process_switch", "thread_switch", "scheduler", "scheduler_per_task",
                           "migration",      "interrupt",     "ipi",
                           "fork",           "fork_per_mib",  "exec",      "thread_create", "poll"};
const Names kDeviceFields = {"name", "channels"};
const Names kTaskFields = {"name",     "process", "arrival", "priority", "nice",   "tickets",
                           "affinity", "burst",   "program", "period",   "wcet",   "deadline",
                           "jobs",     "runtime"};
const Names kPhaseKinds = {"cpu", "io", "sleep", "yield", "lock", "unlock", "repeat", "syscall", "send", "recv", "spawn"};
const Names kPhaseFields = {"cpu",    "io",     "duration", "sleep",   "yield", "lock",
                            "unlock", "repeat", "program",  "syscall", "send",  "recv",
                            "wait",   "fds",    "spawn",    "count",   "as",    "exec",
                            "runtime", "on_refused"};
const Names kSpawnFields = {"count", "as", "exec", "runtime", "on_refused"};
const Names kSpawnAs = {"process", "thread", "fiber"};
const Names kOnRefused = {"continue", "exit"};
const Names kIoWaits = {"block", "spin", "poll"};
const Names kTemplateFields = {"name", "burst", "program", "priority", "nice", "tickets", "affinity"};
const Names kGenerateFields = {"count",    "name", "arrival", "burst",  "io",
                               "priority", "nice", "process", "start",  "runtime", "spawn"};
const Names kGenerateSpawnFields = {"template", "count", "as", "exec", "runtime", "on_refused"};
const Names kGenerateIoFields = {"device", "every", "duration"};
const Names kDistNames = {"constant", "uniform", "exponential", "normal", "lognormal", "pareto"};
const Names kAllDistFields = {"dist", "value", "min", "max", "mean", "stddev", "scale", "shape"};
const Names kTimeUnits = {"ns", "us", "ms", "s"};
const Names kSameTime = {"arrivals_first", "requeue_first"};
const Names kQueueLayouts = {"global", "per_cpu"};
const Names kPlacements = {"balanced", "capacity"};
const Names kTopologyFields = {"queues", "balance_interval", "placement", "amp"};
const Names kAmpFields = {"master"};

// The field `key` of `object`, or null (also when `object` is no object).
// Workload objects have a few fields each and the parser asks for many that
// are absent: a scan comparing lengths first is several times cheaper than
// the map's search, which compares strings at every level.
const Json* find(const Json& object, std::string_view key) {
  const Json::object_t* fields = object.get_ptr<const Json::object_t*>();
  if (!fields) return nullptr;
  if (fields->size() > 8) {
    const auto it = fields->find(key);
    return it == fields->end() ? nullptr : &it->second;
  }
  for (const auto& [name, value] : *fields)
    if (name == key) return &value;
  return nullptr;
}

// Whether a distribution's values are durations or plain numbers (priorities).
enum class Values { Durations, Numbers };

class WorkloadParser {
 public:
  explicit WorkloadParser(const std::string& source) : source_(source) {}

  Workload parse(const Json& doc) {
    if (!doc.is_object()) fail("", "expected a JSON object at the top level" + got(doc));
    check_fields(doc, "", kTopFields);
    read_header(doc);
    read_machine(find(doc, "machine"));
    read_devices(find(doc, "devices"));
    read_locks(find(doc, "locks"));
    if (const Json* s = find(doc, "scheduler")) read_scheduler(*s);
    read_runtimes(find(doc, "runtimes"));
    read_channels(find(doc, "channels"));
    read_templates(find(doc, "templates"));
    read_tasks(find(doc, "tasks"));
    read_generators(find(doc, "generate"));
    if (w_.tasks.empty()) fail("", "expected at least one task in \"tasks\" or \"generate\"");
    check_channels_used();
    add_spawn_slots();
    add_carriers();
    check_policy();
    return std::move(w_);
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw WorkloadError(source_, path, message);
  }

  // ---- Generic readers ----

  void expect_object(const Json& v, const std::string& path) const {
    if (!v.is_object()) fail(path, "expected an object" + got(v));
  }

  void check_fields(const Json& object, const std::string& path, const Names& known) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      const std::string& key = it.key();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      const std::string hint = did_you_mean(key, known);
      fail(child(path, key),
           "unknown field (" + (hint.empty() ? "known fields: " + list_names(known) : hint) + ")");
    }
  }

  const Json& require(const Json& object, const std::string& path, const char* key) const {
    const Json* v = find(object, key);
    if (!v) fail(path, std::string("missing required field \"") + key + "\"");
    return *v;
  }

  const std::string& read_string(const Json& v, const std::string& path) const {
    if (!v.is_string()) fail(path, "expected a string" + got(v));
    return v.get_ref<const std::string&>();
  }

  const std::string& read_name(const Json& v, const std::string& path) const {
    if (!v.is_string() || v.get_ref<const std::string&>().empty())
      fail(path, "expected a non-empty string" + got(v));
    return v.get_ref<const std::string&>();
  }

  std::int64_t read_int(const Json& v, const std::string& path, std::int64_t lo, std::int64_t hi) const {
    const auto i = as_integer(v);
    if (!i || *i < lo || *i > hi)
      fail(path, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + got(v));
    return *i;
  }

  double read_number(const Json& v, const std::string& path) const {
    if (!v.is_number() || !std::isfinite(v.get<double>())) fail(path, "expected a number" + got(v));
    return v.get<double>();
  }

  bool read_bool(const Json& v, const std::string& path) const {
    if (!v.is_boolean()) fail(path, "expected true or false" + got(v));
    return v.get<bool>();
  }

  const std::string& read_choice(const Json& v, const std::string& path, const Names& choices) const {
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
      const std::string hint = did_you_mean(s, choices);
      fail(path, "expected " + one_of(choices) + got(v) + (hint.empty() ? "" : " (" + hint + ")"));
    }
    fail(path, "expected " + one_of(choices) + got(v));
  }

  // A duration >= 0: a number in the file's time unit or a string with a unit.
  Time read_duration(const Json& v, const std::string& path) const {
    if (v.is_string()) {
      try {
        return parse_duration(v.get_ref<const std::string&>(), unit_);
      } catch (const std::invalid_argument& e) {
        fail(path, e.what());
      }
    }
    const Time scale = unit_ns(unit_);
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(kMaxDuration / scale)) fail(path, exceeds_limit(compact(v)));
      return static_cast<Time>(u) * scale;
    }
    if (v.is_number_integer()) {
      if (v.get<std::int64_t>() == 0) return 0;  // -0
      fail(path, "expected a non-negative duration" + got(v));
    }
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (std::isnan(d) || d < 0) fail(path, "expected a non-negative duration" + got(v));
      const double ns = d * static_cast<double>(scale);
      if (!(ns <= static_cast<double>(kMaxDuration))) fail(path, exceeds_limit(compact(v)));
      // The number's shortest decimal form, read exactly like "2.5ns": so a
      // number and a string follow one rule (whole nanoseconds only).
      char digits[400];
      const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, d, std::chars_format::fixed);
      if (ec != std::errc()) fail(path, "expected a whole number of nanoseconds" + got(v));
      try {
        return parse_duration(std::string_view(digits, static_cast<std::size_t>(end - digits)), unit_);
      } catch (const std::invalid_argument&) {
        fail(path, compact(v) + unit_suffix(unit_) + " is not a whole number of nanoseconds");
      }
    }
    fail(path, std::string("expected a duration (a number of ") + unit_suffix(unit_) +
                   " or a string such as \"250us\")" + got(v));
  }

  Time read_positive_duration(const Json& v, const std::string& path) const {
    const Time t = read_duration(v, path);
    if (t <= 0) fail(path, "expected a duration greater than 0" + got(v));
    return t;
  }

  // ---- Top level ----

  void read_header(const Json& doc) {
    if (const Json* schema = find(doc, "$schema")) read_string(*schema, "$schema");  // for editors
    if (const Json* u = find(doc, "time_unit"))
      unit_ = u->is_string() && is_micro(u->get_ref<const std::string&>())
                  ? TimeUnit::Microseconds
                  : *unit_from_suffix(read_choice(*u, "time_unit", kTimeUnits));
    if (const Json* s = find(doc, "seed")) {
      const auto seed = as_unsigned(*s);
      if (!seed) fail("seed", "expected a non-negative integer" + got(*s));
      w_.seed = *seed;
    }
    const Json* name = find(doc, "name");
    w_.name = name ? read_string(*name, "name") : std::filesystem::path(source_).stem().string();
    if (const Json* d = find(doc, "description")) w_.description = read_string(*d, "description");
  }

  // ---- machine ----

  void read_machine(const Json* v) {
    const std::string path = "machine";
    w_.machine.cpus.clear();
    if (v) {
      expect_object(*v, path);
      check_fields(*v, path, kMachineFields);
      if (const Json* cpus = find(*v, "cpus")) read_cpus(*cpus, child(path, "cpus"));
      if (const Json* costs = find(*v, "costs")) read_costs(*costs, child(path, "costs"));
      if (const Json* tick = find(*v, "tick")) w_.machine.tick = read_duration(*tick, child(path, "tick"));
      read_memory(*v, path);
    }
    if (w_.machine.cpus.empty()) add_cpu({}, "machine");
  }

  void read_cpus(const Json& v, const std::string& path) {
    const std::string range = "expected 1 to " + std::to_string(kMaxCpus) + " CPUs, got ";
    if (v.is_array()) {
      if (v.empty() || v.size() > kMaxCpus) fail(path, range + std::to_string(v.size()));
      for (std::size_t i = 0; i < v.size(); ++i) read_cpu(v[i], item(path, i));
    } else if (const auto n = as_integer(v)) {
      if (*n < 1 || *n > static_cast<std::int64_t>(kMaxCpus)) fail(path, range + compact(v));
      for (std::int64_t i = 0; i < *n; ++i) add_cpu({}, path);
    } else {
      fail(path, "expected a positive integer or an array of CPU objects" + got(v));
    }
  }

  void read_cpu(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kCpuFields);
    CpuSpec cpu;
    std::string name_path = path;
    if (const Json* name = find(v, "name")) {
      name_path = child(path, "name");
      cpu.name = read_name(*name, name_path);
    }
    if (const Json* speed = find(v, "speed")) cpu.speed = read_speed(*speed, child(path, "speed"));
    if (const Json* cls = find(v, "class")) cpu.cpu_class = read_string(*cls, child(path, "class"));
    add_cpu(std::move(cpu), name_path);
  }

  // Speed in thousandths: 2.5 -> 2500.
  std::int64_t read_speed(const Json& v, const std::string& path) const {
    const std::string expected = "expected a number greater than 0 and at most 1000, with at most 3 decimals";
    if (!v.is_number()) fail(path, expected + got(v));
    const double d = v.get<double>();
    if (!(d > 0 && d <= kMaxSpeed)) fail(path, expected + got(v));
    const double thousandths = d * static_cast<double>(kSpeedUnit);
    const std::int64_t speed = std::llround(thousandths);
    if (speed < 1 || std::fabs(thousandths - static_cast<double>(speed)) > 1e-6)
      fail(path, expected + got(v));
    return speed;
  }

  // `path` names the CPU's name in errors (the CPU itself when the name is a default).
  void add_cpu(CpuSpec cpu, const std::string& path) {
    const std::size_t index = w_.machine.cpus.size();
    if (cpu.name.empty()) cpu.name = "cpu" + std::to_string(index);
    const auto [it, inserted] = cpu_ids_.try_emplace(cpu.name, static_cast<CpuId>(index));
    if (!inserted)
      fail(path, "duplicate CPU name " + show_text(cpu.name) + " (also machine.cpus[" +
                     std::to_string(it->second) + "])");
    w_.machine.cpus.push_back(std::move(cpu));
  }

  // machine.memory, max_threads, overcommit, sizes (SPEC §10).
  void read_memory(const Json& v, const std::string& path) {
    MemoryModel& m = w_.machine.memory;
    if (const Json* l = find(v, "memory")) m.limit = read_size(*l, child(path, "memory"));
    if (const Json* t = find(v, "max_threads"))
      m.max_threads = static_cast<std::uint32_t>(read_int(*t, child(path, "max_threads"), 0, kMaxTasks));
    if (const Json* o = find(v, "overcommit")) m.overcommit = read_bool(*o, child(path, "overcommit"));
    if (const Json* sizes = find(v, "sizes")) {
      const std::string s_path = child(path, "sizes");
      expect_object(*sizes, s_path);
      check_fields(*sizes, s_path, kSizeFields);
      const std::pair<const char*, std::int64_t*> fields[] = {{"process_rss", &m.process_rss},
                                                              {"thread_stack", &m.thread_stack},
                                                              {"thread_resident", &m.thread_resident},
                                                              {"fiber_stack", &m.fiber_stack}};
      for (const auto& [key, target] : fields)
        if (const Json* f = find(*sizes, key)) *target = read_size(*f, child(s_path, key));
    }
  }

  // A size in bytes: a whole number, or a string such as "8MiB" or "2KiB".
  std::int64_t read_size(const Json& v, const std::string& path) const {
    const std::string expected = kExpectedSize;
    if (const auto i = as_integer(v)) {
      if (*i < 0 || *i > kMaxBytes) fail(path, expected + got(v));
      return *i;
    }
    if (!v.is_string()) fail(path, expected + got(v));
    try {
      return parse_size(v.get_ref<const std::string&>());
    } catch (const std::invalid_argument&) {
      fail(path, expected + got(v));
    }
  }

  void read_costs(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kCostFields);
    Costs& c = w_.machine.costs;
    const std::pair<const char*, Time*> fields[] = {
        {"process_switch", &c.process_switch}, {"thread_switch", &c.thread_switch},
        {"scheduler", &c.scheduler},           {"scheduler_per_task", &c.scheduler_per_task},
        {"migration", &c.migration},           {"interrupt", &c.interrupt},
        {"ipi", &c.ipi},                       {"fork", &c.fork},
        {"fork_per_mib", &c.fork_per_mib},     {"exec", &c.exec},
        {"thread_create", &c.thread_create}};
    for (const auto& [key, target] : fields)
      if (const Json* f = find(v, key)) *target = read_duration(*f, child(path, key));
    if (const Json* poll = find(v, "poll")) {
      const std::string p_path = child(path, "poll");
      expect_object(*poll, p_path);
      check_fields(*poll, p_path, kPollCostFields);
      const std::pair<const char*, Time*> parts[] = {
          {"base", &c.poll.base}, {"per_fd", &c.poll.per_fd}, {"per_ready", &c.poll.per_ready}};
      for (const auto& [key, target] : parts)
        if (const Json* f = find(*poll, key)) *target = read_duration(*f, child(p_path, key));
    }
  }

  // ---- scheduler ----

  void read_scheduler(const Json& v) {
    const std::string path = "scheduler";
    expect_object(v, path);
    check_fields(v, path, scheduler_fields());
    SchedulerConfig& s = w_.scheduler;
    if (const Json* p = find(v, "policy")) {
      const std::string& name = read_string(*p, child(path, "policy"));
      if (!find_policy(name)) fail(child(path, "policy"), unknown_name("policy", "policies", name, policy_names()));
      s.policy = name;
    }
    if (const Json* t = find(v, "same_time"))
      s.same_time = read_choice(*t, child(path, "same_time"), kSameTime) == "requeue_first"
                        ? SameTime::RequeueFirst
                        : SameTime::ArrivalsFirst;
    read_topology(v, path);
    if (const Json* l = find(v, "locks")) {
      const std::string protocol = read_choice(*l, child(path, "locks"), kLockProtocols);
      s.locks = protocol == "inheritance" ? LockProtocol::Inheritance
                : protocol == "ceiling"   ? LockProtocol::Ceiling
                                          : LockProtocol::None;
    }
    if (const Json* l = find(v, "lock_wakeup"))
      s.lock_wakeup = read_choice(*l, child(path, "lock_wakeup"), kLockWakeups) == "priority" ? LockWakeup::Priority
                                                                                             : LockWakeup::Fifo;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "policy" || it.key() == "same_time" || it.key() == "locks" ||
          it.key() == "lock_wakeup" || contains(kTopologyFields, it.key()))
        continue;
      s.params[it.key()] = read_param(*find_param(it.key()), it.value(), child(path, it.key()));
    }
  }

  // queues, balance_interval, placement, amp (SPEC §5 SMP and AMP).
  void read_topology(const Json& v, const std::string& path) {
    SchedulerConfig& s = w_.scheduler;
    const Json* queues = find(v, "queues");
    if (queues)
      s.queues = read_choice(*queues, child(path, "queues"), kQueueLayouts) == "per_cpu" ? QueueLayout::PerCpu
                                                                                       : QueueLayout::Global;
    if (const Json* b = find(v, "balance_interval"))
      s.balance_interval = read_positive_duration(*b, child(path, "balance_interval"));
    if (const Json* p = find(v, "placement")) {
      const std::string p_path = child(path, "placement");
      if (read_choice(*p, p_path, kPlacements) == "capacity") {
        if (queues && s.queues == QueueLayout::Global)
          fail(p_path, "capacity placement needs per-CPU queues (\"queues\": \"per_cpu\")");
        s.placement = Placement::Capacity;
        s.queues = QueueLayout::PerCpu;
      }
    }
    if (const Json* a = find(v, "amp")) {
      const std::string a_path = child(path, "amp");
      expect_object(*a, a_path);
      check_fields(*a, a_path, kAmpFields);
      if (s.queues == QueueLayout::PerCpu)
        fail(a_path, "the master/slave arrangement decides for every CPU from one global queue; "
                     "remove \"queues\": \"per_cpu\"");
      if (w_.machine.cpus.size() < 2) fail(a_path, "a master/slave machine needs at least 2 CPUs");
      s.amp_master = read_cpu_ref(require(*a, a_path, "master"), child(a_path, "master"));
    }
  }

  static bool contains(const Names& names, const std::string& key) {
    return std::find(names.begin(), names.end(), key) != names.end();
  }

  static Names policy_names() {
    Names names;
    for (const PolicyInfo& p : policy_registry()) names.push_back(p.name);
    return names;
  }

  // "policy", "same_time" and every parameter of every policy, so one file can
  // be run under any policy.
  static Names scheduler_fields() {
    Names names = {"policy", "same_time", "queues", "balance_interval", "placement", "amp", "locks", "lock_wakeup"};
    for (const PolicyInfo& p : policy_registry())
      for (const ParamSpec& spec : p.params)
        if (std::find(names.begin(), names.end(), spec.name) == names.end()) names.push_back(spec.name);
    return names;
  }

  ParamValue read_param(const ParamSpec& spec, const Json& v, const std::string& path) const {
    switch (spec.type) {
      case ParamType::Duration: return read_duration(v, path);
      case ParamType::DurationList: return read_duration_list(v, path);
      case ParamType::Integer: {
        const auto i = as_integer(v);
        if (!i) fail(path, "expected an integer" + got(v));
        return *i;
      }
      case ParamType::Real: return read_number(v, path);
      case ParamType::Bool: return read_bool(v, path);
      case ParamType::Choice: {
        const Names choices(spec.choices.begin(), spec.choices.end());
        return read_choice(v, path, choices);
      }
    }
    fail(path, "unsupported parameter type");
  }

  std::vector<Time> read_duration_list(const Json& v, const std::string& path) const {
    if (!v.is_array() && !v.is_number() && !v.is_string())
      fail(path, "expected a duration or an array of durations" + got(v));
    if (!v.is_array()) return {read_duration(v, path)};
    std::vector<Time> out;
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(read_duration(v[i], item(path, i)));
    return out;
  }

  // Build the policy once so its own checks (e.g. rr's quantum > 0) report
  // here, as "scheduler.<param>: <what>".
  void check_policy() const {
    const PolicyInfo* info = find_policy(w_.scheduler.policy);
    try {
      (void)info->make(w_.scheduler.params, w_.machine);
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      const std::size_t colon = what.find(": ");
      if (colon != std::string::npos && find_param(what.substr(0, colon)))
        fail(child("scheduler", what.substr(0, colon)), what.substr(colon + 2));
      fail("scheduler", what);
    }
  }

  // ---- devices ----

  void read_devices(const Json* v) {
    if (!v) return;
    const std::string path = "devices";
    if (!v->is_array()) fail(path, "expected an array of device objects" + got(*v));
    if (v->size() > kMaxDevices)
      fail(path, "too many devices (" + std::to_string(v->size()) + "; the limit is " +
                     std::to_string(kMaxDevices) + ")");
    for (std::size_t i = 0; i < v->size(); ++i) read_device((*v)[i], item(path, i));
  }

  void read_device(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kDeviceFields);
    DeviceSpec d;
    const std::string name_path = child(path, "name");
    d.name = read_name(require(v, path, "name"), name_path);
    if (const Json* c = find(v, "channels"))
      d.channels = static_cast<std::uint32_t>(read_int(*c, child(path, "channels"), 1, kMaxChannels));
    const auto [it, inserted] = device_ids_.try_emplace(d.name, static_cast<DeviceId>(w_.devices.size()));
    if (!inserted)
      fail(name_path, "duplicate device name " + show_text(d.name) + " (also devices[" +
                          std::to_string(it->second) + "])");
    w_.devices.push_back(std::move(d));
  }

  DeviceId device_named(const Json& v, const std::string& path) const {
    const std::string& name = read_string(v, path);
    const auto it = device_ids_.find(name);
    if (it != device_ids_.end()) return it->second;
    Names names;
    for (const DeviceSpec& d : w_.devices) names.push_back(d.name);
    fail(path, unknown_name("device", "devices", name, names));
  }

  // ---- locks ----

  void read_locks(const Json* v) {
    if (!v) return;
    const std::string path = "locks";
    if (!v->is_array()) fail(path, "expected an array of lock objects such as {\"name\": \"m\"}" + got(*v));
    if (v->size() > kMaxLocks)
      fail(path, "too many locks (" + std::to_string(v->size()) + "; the limit is " + std::to_string(kMaxLocks) + ")");
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string l_path = item(path, i);
      const Json& l = (*v)[i];
      expect_object(l, l_path);
      check_fields(l, l_path, kLockFields);
      const std::string name_path = child(l_path, "name");
      LockSpec spec{read_name(require(l, l_path, "name"), name_path)};
      if (const Json* si = find(l, "switch_interval")) {
        spec.switch_interval = read_duration(*si, child(l_path, "switch_interval"));
        // CPython keeps it in whole microseconds, at least 1 (take_gil).
        if (spec.switch_interval > 0 && spec.switch_interval < kMicrosecond)
          fail(child(l_path, "switch_interval"),
               "expected 0 (off) or at least 1us, CPython's shortest switch interval" + got(*si));
      }
      const auto [it, inserted] = lock_ids_.try_emplace(spec.name, static_cast<std::uint32_t>(w_.locks.size()));
      if (!inserted)
        fail(name_path, "duplicate lock name " + show_text(spec.name) + " (also locks[" +
                            std::to_string(it->second) + "])");
      w_.locks.push_back(std::move(spec));
    }
  }

  std::uint32_t lock_named(const Json& v, const std::string& path) const {
    const std::string& name = read_string(v, path);
    const auto it = lock_ids_.find(name);
    if (it != lock_ids_.end()) return it->second;
    Names names;
    for (const LockSpec& l : w_.locks) names.push_back(l.name);
    fail(path, unknown_name("lock", "locks", name, names));
  }

  // Follow the locks a program holds, statically: no unlock of a lock it does
  // not hold, no second lock of one it holds, nothing held at the end. A
  // repeat body runs at most twice here: if one pass leaves the held set as
  // it found it, every pass does; if not, the second pass fails.
  void check_held_locks(const std::vector<Step>& steps, std::vector<std::uint32_t>& held) const {
    for (const Step& s : steps) {
      if (s.repeat > 0) {
        for (std::int64_t i = 0; i < std::min<std::int64_t>(s.repeat, 2); ++i) {
          const std::vector<std::uint32_t> before = held;
          check_held_locks(s.body, held);
          if (held == before) break;
        }
        continue;
      }
      const auto it = std::find(held.begin(), held.end(), s.phase.lock);
      const std::string name = show_text(s.phase.kind == PhaseKind::Lock || s.phase.kind == PhaseKind::Unlock
                                             ? w_.locks[s.phase.lock].name
                                             : std::string());
      if (s.phase.kind == PhaseKind::Lock) {
        if (it != held.end())
          fail(s.path, "locks " + name + " again while holding it (the task would wait for itself forever)");
        held.push_back(s.phase.lock);
      } else if (s.phase.kind == PhaseKind::Unlock) {
        if (it == held.end()) fail(s.path, "unlocks " + name + ", which the task does not hold at this point");
        held.erase(it);
      }
    }
  }

  void check_locks(const std::vector<Step>& program, const std::string& path) const {
    if (w_.locks.empty()) return;
    std::vector<std::uint32_t> held;
    check_held_locks(program, held);
    if (!held.empty()) {
      const std::string name = show_text(w_.locks[held.front()].name);
      fail(path, "the program ends holding lock " + name + "; add {\"unlock\": " + name + "} before its end");
    }
  }

  // ---- tasks ----

  void read_tasks(const Json* v) {
    if (!v) return;
    const std::string path = "tasks";
    if (!v->is_array()) fail(path, "expected an array of task objects" + got(*v));
    if (v->size() > static_cast<std::size_t>(kMaxTasks)) fail(path, too_many_tasks(v->size()));
    w_.tasks.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) read_task((*v)[i], item(path, i));
  }

  static std::string too_many_tasks(std::uint64_t n) {
    return "too many tasks (" + std::to_string(n) + "; the limit is " + std::to_string(kMaxTasks) + ")";
  }

  void read_task(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kTaskFields);

    TaskSpec t;
    const std::string name_path = child(path, "name");
    t.name = read_name(require(v, path, "name"), name_path);
    const auto [it, inserted] = file_task_names_.try_emplace(t.name, w_.tasks.size());
    if (!inserted)
      fail(name_path, "duplicate task name " + show_text(t.name) + " (also tasks[" + std::to_string(it->second) + "])");

    const Json* process = find(v, "process");
    t.process = process ? named_process(read_name(*process, child(path, "process"))) : own_process(t.name);
    if (const Json* a = find(v, "arrival")) t.arrival = read_duration(*a, child(path, "arrival"));
    if (const Json* p = find(v, "priority"))
      t.priority = static_cast<int>(read_int(*p, child(path, "priority"), 0, kMaxPriority));
    if (const Json* n = find(v, "nice")) t.nice = static_cast<int>(read_int(*n, child(path, "nice"), -20, 19));
    if (const Json* k = find(v, "tickets")) t.tickets = read_int(*k, child(path, "tickets"), 1, kMaxTickets);
    if (const Json* a = find(v, "affinity")) t.affinity = read_affinity(*a, child(path, "affinity"));

    read_real_time(v, path, t);
    if (const Json* r = find(v, "runtime")) read_fiber_fields(v, *r, path, t);

    const std::vector<Step> program = read_task_program(v, path);
    check_locks(program, find(v, "program") ? child(path, "program") : path);
    check_fiber_phases(program, t.role == TaskRole::Fiber);
    const ProgramSize size = program_size(program);
    check_phase_limits(size.phases, find(v, "program") ? child(path, "program") : path, path);
    t.first_phase = static_cast<std::uint32_t>(w_.phases.size());
    expand(program, w_.phases);
    t.phase_count = static_cast<std::uint32_t>(size.phases);
    // A periodic task runs its program once per job, one period apart.
    const Time jobs = std::max<Time>(1, t.jobs);
    account_time(sat_add(sat_mul(size.duration, jobs), sat_mul(t.period, jobs)), t.arrival, path);
    w_.tasks.push_back(std::move(t));
  }

  // period, wcet, deadline, jobs (SPEC §3 periodic tasks).
  void read_real_time(const Json& v, const std::string& path, TaskSpec& t) const {
    const Json* period = find(v, "period");
    if (period) t.period = read_positive_duration(*period, child(path, "period"));
    for (const char* key : {"wcet", "jobs"})
      if (!period && find(v, key)) fail(child(path, key), "only a periodic task (one with a \"period\") has this");
    if (const Json* d = find(v, "deadline")) t.deadline = read_positive_duration(*d, child(path, "deadline"));
    if (const Json* j = find(v, "jobs"))
      t.jobs = static_cast<std::uint32_t>(read_int(*j, child(path, "jobs"), 1, kMaxJobs));
  }

  std::vector<Step> read_task_program(const Json& v, const std::string& path) const {
    const Json* burst = find(v, "burst");
    const Json* program = find(v, "program");
    if (const Json* wcet = find(v, "wcet")) {
      // wcet: each job's CPU work, the periodic spelling of "burst".
      if (burst || program) fail(path, "expected one of \"wcet\", \"burst\" or \"program\", not several");
      Step cpu;
      cpu.phase.duration = read_positive_duration(*wcet, child(path, "wcet"));
      return {cpu};
    }
    if (burst && program) fail(path, "expected a \"burst\" or a \"program\", not both");
    if (!burst && !program)
      fail(path, find(v, "period") ? "expected a \"wcet\" (or a \"burst\" or \"program\") for each job"
                                   : "expected a \"burst\" or a \"program\"");
    if (program) return read_program(*program, child(path, "program"), 0);
    Step cpu;
    cpu.phase.duration = read_positive_duration(*burst, child(path, "burst"));
    return {cpu};
  }

  void check_phase_limits(std::int64_t phases, const std::string& program_path, const std::string& task_path) const {
    if (phases > kMaxPhasesPerTask)
      fail(program_path, "expands to more than " + std::to_string(kMaxPhasesPerTask) +
                             " phases (the limit per task)");
    if (phases > kMaxPhases - static_cast<std::int64_t>(w_.phases.size()))
      fail(task_path, "the workload would have more than " + std::to_string(kMaxPhases) +
                          " phases in total (the limit)");
  }

  // Keep the sum of all durations plus the latest arrival below 2^62 ns, so the
  // engine's time arithmetic cannot overflow.
  void account_time(Time duration, Time arrival, const std::string& path) {
    total_duration_ = sat_add(total_duration_, duration);
    latest_arrival_ = std::max(latest_arrival_, arrival);
    if (sat_add(total_duration_, latest_arrival_) >= kMaxTotalTime)
      fail(path, "the durations of all tasks plus the latest arrival add up to 2^62 ns "
                 "(about 146 years) or more, the limit");
  }

  ProcessId named_process(const std::string& name) {
    const auto [it, inserted] = process_ids_.try_emplace(name, static_cast<ProcessId>(w_.processes.size()));
    if (inserted) w_.processes.push_back(name);
    return it->second;
  }

  ProcessId own_process(const std::string& task_name) {
    grow_huge(w_.processes);
    w_.processes.push_back(task_name);
    return static_cast<ProcessId>(w_.processes.size() - 1);
  }

  std::uint32_t read_affinity(const Json& v, const std::string& path) {
    if (!v.is_array() || v.empty()) fail(path, "expected a non-empty array of CPU indices or names" + got(v));
    CpuMask mask;
    for (std::size_t i = 0; i < v.size(); ++i) mask.set(read_cpu_ref(v[i], item(path, i)));
    if (mask.count() == w_.machine.cpus.size()) return 0;  // every CPU
    const auto [it, inserted] = affinity_ids_.try_emplace(mask, static_cast<std::uint32_t>(w_.affinities.size()));
    if (inserted) w_.affinities.push_back(mask);
    return it->second;
  }

  CpuId read_cpu_ref(const Json& v, const std::string& path) const {
    const std::size_t n = w_.machine.cpus.size();
    if (v.is_string()) {
      const auto it = cpu_ids_.find(v.get_ref<const std::string&>());
      if (it != cpu_ids_.end()) return it->second;
      Names names;
      for (const CpuSpec& c : w_.machine.cpus) names.push_back(c.name);
      fail(path, unknown_name("CPU", "CPUs", v.get_ref<const std::string&>(), names));
    }
    const auto i = as_integer(v);
    if (!i || *i < 0 || *i >= static_cast<std::int64_t>(n))
      fail(path, "expected a CPU index from 0 to " + std::to_string(n - 1) + " or a CPU name" + got(v));
    return static_cast<CpuId>(*i);
  }

  // ---- programs ----

  std::vector<Step> read_program(const Json& v, const std::string& path, int depth) const {
    if (!v.is_array() || v.empty()) fail(path, "expected a non-empty array of phases" + got(v));
    std::vector<Step> steps;
    steps.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) steps.push_back(read_phase(v[i], item(path, i), depth));
    return steps;
  }

  Step read_phase(const Json& v, const std::string& path, int depth) const {
    if (!v.is_object())
      fail(path, "expected a phase object such as {\"cpu\": 5}" + got(v));
    check_fields(v, path, kPhaseFields);
    std::vector<std::string_view> kinds;
    for (std::string_view k : kPhaseKinds)
      if (find(v, k.data())) kinds.push_back(k);
    if (kinds.empty())
      fail(path, "expected one of " + one_of(kPhaseKinds) + got(v));
    if (kinds.size() > 1)
      fail(path, "expected only one of " + one_of(kPhaseKinds) + ", got " +
                     show_text(kinds[0]) + " and " + show_text(kinds[1]));
    const std::string_view kind = kinds[0];
    if (kind != "io" && find(v, "duration")) fail(child(path, "duration"), "only an \"io\" phase has a duration");
    for (const char* key : {"wait", "fds"})
      if (kind != "io" && find(v, key)) fail(child(path, key), "only an \"io\" phase has this");
    for (const std::string_view key : kSpawnFields)
      if (kind != "spawn" && find(v, key.data())) fail(child(path, key), "only a \"spawn\" phase has this");
    if (kind != "repeat" && find(v, "program")) fail(child(path, "program"), "only a \"repeat\" phase has a program");

    Step step;
    Phase& ph = step.phase;
    const std::string kind_path = child(path, kind);
    if (kind == "cpu") {
      ph.duration = read_positive_duration(v.at("cpu"), kind_path);
    } else if (kind == "sleep") {
      ph.kind = PhaseKind::Sleep;
      ph.duration = read_positive_duration(v.at("sleep"), kind_path);
    } else if (kind == "yield") {
      ph.kind = PhaseKind::Yield;
      if (!v.at("yield").is_boolean() || !v.at("yield").get<bool>()) fail(kind_path, "expected true" + got(v.at("yield")));
    } else if (kind == "lock" || kind == "unlock") {
      ph.kind = kind == "lock" ? PhaseKind::Lock : PhaseKind::Unlock;
      ph.lock = lock_named(v.at(kind.data()), kind_path);
      step.path = kind_path;
    } else if (kind == "syscall") {
      ph.kind = PhaseKind::Syscall;
      ph.duration = read_positive_duration(v.at("syscall"), kind_path);
      step.path = kind_path;
    } else if (kind == "send" || kind == "recv") {
      ph.kind = kind == "send" ? PhaseKind::Send : PhaseKind::Recv;
      ph.channel = channel_named(v.at(kind.data()), kind_path);
      step.path = kind_path;
      (kind == "send" ? channel_senders_ : channel_receivers_)[ph.channel] = kind_path;
    } else if (kind == "io") {
      ph.kind = PhaseKind::Io;
      ph.device = static_cast<std::uint16_t>(device_named(v.at("io"), kind_path));
      ph.duration = read_positive_duration(require(v, path, "duration"), child(path, "duration"));
      if (const Json* w = find(v, "wait")) {
        const std::string& wait = read_choice(*w, child(path, "wait"), kIoWaits);
        ph.wait = wait == "spin" ? IoWait::Spin : wait == "poll" ? IoWait::Poll : IoWait::Block;
        step.path = child(path, "wait");
      }
      if (ph.wait == IoWait::Poll) ph.fds = 1;
      if (const Json* f = find(v, "fds")) {
        if (ph.wait != IoWait::Poll) fail(child(path, "fds"), "only an I/O waited for with \"wait\": \"poll\" watches descriptors");
        ph.fds = static_cast<std::uint32_t>(read_int(*f, child(path, "fds"), 1, kMaxFds));
      }
    } else if (kind == "spawn") {
      ph.kind = PhaseKind::Spawn;
      ph.spawn = read_spawn(v, path);
      step.path = kind_path;
    } else {  // repeat
      if (depth >= kMaxRepeatDepth)
        fail(path, "repeats are nested more than " + std::to_string(kMaxRepeatDepth) + " deep (the limit)");
      step.repeat = read_int(v.at("repeat"), kind_path, 1, kMaxRepeat);
      step.body = read_program(require(v, path, "program"), child(path, "program"), depth + 1);
    }
    return step;
  }

  // ---- templates and spawn phases (SPEC §10) ----

  // Template names first (a template may spawn one listed after it), then bodies.
  void read_templates(const Json* v) {
    if (!v) return;
    const std::string path = "templates";
    if (!v->is_array()) fail(path, "expected an array of template objects such as {\"name\": \"handler\", \"burst\": 5}" + got(*v));
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string t_path = item(path, i);
      expect_object((*v)[i], t_path);
      const std::string name_path = child(t_path, "name");
      TemplateSpec spec;
      spec.name = read_name(require((*v)[i], t_path, "name"), name_path);
      const auto [it, inserted] = template_ids_.try_emplace(spec.name, static_cast<std::uint32_t>(w_.templates.size()));
      if (!inserted)
        fail(name_path, "duplicate template name " + show_text(spec.name) + " (also templates[" + std::to_string(it->second) + "])");
      w_.templates.push_back(std::move(spec));
      template_paths_.push_back(t_path);
    }
    for (std::size_t i = 0; i < v->size(); ++i) read_template((*v)[i], template_paths_[i], w_.templates[i].task);
  }

  void read_template(const Json& v, const std::string& path, TaskSpec& t) {
    check_fields(v, path, kTemplateFields);
    if (const Json* p = find(v, "priority"))
      t.priority = static_cast<int>(read_int(*p, child(path, "priority"), 0, kMaxPriority));
    if (const Json* n = find(v, "nice")) t.nice = static_cast<int>(read_int(*n, child(path, "nice"), -20, 19));
    if (const Json* k = find(v, "tickets")) t.tickets = read_int(*k, child(path, "tickets"), 1, kMaxTickets);
    if (const Json* a = find(v, "affinity")) t.affinity = read_affinity(*a, child(path, "affinity"));
    const std::vector<Step> program = read_task_program(v, path);
    const std::string program_path = find(v, "program") ? child(path, "program") : path;
    check_locks(program, program_path);
    const ProgramSize size = program_size(program);
    check_phase_limits(size.phases, program_path, path);
    t.first_phase = static_cast<std::uint32_t>(w_.phases.size());
    expand(program, w_.phases);
    t.phase_count = static_cast<std::uint32_t>(size.phases);
    template_steps_.push_back(program);  // for checking its phases against the kind spawned
  }

  // A spawn phase: a prototype the slots pass (add_spawn_slots) makes real.
  // `key` names the template: "spawn" in a phase, "template" in a generator.
  std::uint32_t read_spawn(const Json& v, const std::string& path, const char* key = "spawn") const {
    SpawnProto proto;
    proto.path = child(path, key);
    const std::string& name = read_string(require(v, path, key), proto.path);
    const auto it = template_ids_.find(name);
    if (it == template_ids_.end()) {
      Names names;
      for (const TemplateSpec& t : w_.templates) names.push_back(t.name);
      fail(proto.path, unknown_name("template", "templates", name, names));
    }
    proto.spec.template_index = it->second;
    if (const Json* c = find(v, "count"))
      proto.spec.count = static_cast<std::uint32_t>(read_int(*c, child(path, "count"), 1, kMaxTasks));
    if (const Json* a = find(v, "as")) {
      const std::string& as = read_choice(*a, child(path, "as"), kSpawnAs);
      proto.spec.as = as == "thread" ? SpawnAs::Thread : as == "fiber" ? SpawnAs::Fiber : SpawnAs::Process;
      proto.as_given = true;
    }
    if (const Json* e = find(v, "exec")) {
      proto.spec.exec = read_bool(*e, child(path, "exec"));
      if (proto.spec.exec && proto.spec.as != SpawnAs::Process)
        fail(child(path, "exec"), "only a new process (\"as\": \"process\") execs a program");
    }
    if (const Json* r = find(v, "runtime")) {
      proto.runtime = runtime_named(*r, child(path, "runtime"));
      if (proto.spec.as != SpawnAs::Fiber) fail(child(path, "runtime"), "only fibers (\"as\": \"fiber\") belong to a runtime");
    }
    if (const Json* o = find(v, "on_refused"))
      proto.spec.fail_on_refusal = read_choice(*o, child(path, "on_refused"), kOnRefused) == "exit";
    spawn_protos_.push_back(std::move(proto));
    return static_cast<std::uint32_t>(spawn_protos_.size() - 1);
  }

  // Every spawn phase of every task gets the task slots it fills at run time,
  // appended after the file and generated tasks (and the slots' own spawns
  // after them). A template that spawns itself, directly or not, would never
  // end: refused. Counts are checked against the task limit before anything
  // is allocated.
  void add_spawn_slots() {
    if (spawn_protos_.empty()) return;
    check_spawn_cycles();
    for (TaskId i = 0; i < w_.tasks.size(); ++i) {
      const std::uint32_t first = w_.tasks[i].first_phase, count = w_.tasks[i].phase_count;
      bool copied = !w_.tasks[i].spawned;  // file tasks own their phases; slots share their template's
      for (std::uint32_t k = 0; k < count; ++k) {
        if (w_.phases[w_.tasks[i].first_phase + k].kind != PhaseKind::Spawn) continue;
        if (!copied) {  // this slot's spawns are its own: copy the template's phases
          const std::size_t at = w_.phases.size();
          if (static_cast<std::int64_t>(at + count) > kMaxPhases)
            fail(spawn_protos_[w_.phases[first + k].spawn].path,
                 "the spawned tasks would have more than " + std::to_string(kMaxPhases) + " phases in total (the limit)");
          w_.phases.insert(w_.phases.end(), w_.phases.begin() + first, w_.phases.begin() + first + count);
          w_.tasks[i].first_phase = static_cast<std::uint32_t>(at);
          copied = true;
        }
        add_slots(i, w_.tasks[i].first_phase + k);
      }
    }
  }

  void add_slots(TaskId spawner, std::size_t phase_index) {
    const std::uint32_t proto_index = w_.phases[phase_index].spawn;
    const SpawnProto& proto = spawn_protos_[proto_index];
    const TaskSpec parent = w_.tasks[spawner];  // a copy: the tasks grow below
    SpawnSpec s = proto.spec;
    const bool fiber_parent = parent.role == TaskRole::Fiber;
    if (!proto.as_given) s.as = fiber_parent ? SpawnAs::Fiber : SpawnAs::Process;
    if (parent.period > 0) fail(proto.path, "a periodic task cannot spawn (each job would spawn again)");
    if (fiber_parent && s.as != SpawnAs::Fiber)
      fail(proto.path, "a fiber spawns fibers of its runtime (\"as\": \"fiber\"), not kernel threads or processes");
    const RuntimeId runtime = fiber_parent ? parent.runtime : proto.runtime;
    if (s.as == SpawnAs::Fiber && runtime == kNoRuntime)
      fail(proto.path, "fibers need a runtime: add \"runtime\" to the spawn phase");
    if (fiber_parent && proto.runtime != kNoRuntime && proto.runtime != parent.runtime)
      fail(proto.path, "a fiber spawns fibers of its own runtime");
    const TemplateSpec& tmpl = w_.templates[s.template_index];
    check_template_as(s.template_index, s.as == SpawnAs::Fiber, proto.path);
    if (static_cast<std::int64_t>(w_.tasks.size()) + s.count > kMaxTasks)
      fail(proto.path, too_many_tasks(w_.tasks.size() + s.count) + " with the tasks spawn phases create");
    s.first_child = static_cast<std::uint32_t>(w_.tasks.size());
    w_.phases[phase_index].spawn = static_cast<std::uint32_t>(w_.spawns.size());
    w_.spawns.push_back(s);
    for (std::uint32_t n = 0; n < s.count; ++n) {
      TaskSpec c = tmpl.task;
      c.name = tmpl.name + "#" + std::to_string(++w_.templates[s.template_index].spawned);
      c.spawned = true;
      c.role = s.as == SpawnAs::Fiber ? TaskRole::Fiber : TaskRole::Task;
      c.runtime = s.as == SpawnAs::Fiber ? runtime : kNoRuntime;
      c.process = s.as == SpawnAs::Fiber    ? w_.runtimes[runtime].process
                  : s.as == SpawnAs::Thread ? parent.process
                                            : own_process(c.name);
      w_.tasks.push_back(std::move(c));
    }
  }

  // A template spawned as fibers has no kernel fields or locks; as kernel
  // tasks, no fiber phases.
  void check_template_as(std::uint32_t index, bool fiber, const std::string& path) const {
    const TaskSpec& t = w_.templates[index].task;
    const std::string name = show_text(w_.templates[index].name);
    if (fiber && (t.priority != 0 || t.nice != 0 || t.tickets != 100 || t.affinity != 0))
      fail(path, "template " + name + " has kernel fields (priority, nice, tickets, affinity) but is spawned as fibers, "
                 "which the OS never schedules");
    try {
      check_fiber_phases(template_steps_[index], fiber);
    } catch (const WorkloadError& e) {
      fail(path, "template " + name + " cannot be spawned as " + (fiber ? "fibers" : "kernel tasks") + ": " +
                     e.path() + ": " + e.detail());
    }
  }

  // Depth-first over "template A spawns template B": a cycle never ends.
  void check_spawn_cycles() const {
    std::vector<std::uint8_t> mark(w_.templates.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::string> trail;
    for (std::uint32_t t = 0; t < w_.templates.size(); ++t) visit_template(t, mark, trail);
  }
  void visit_template(std::uint32_t t, std::vector<std::uint8_t>& mark, std::vector<std::string>& trail) const {
    if (mark[t] == 2) return;
    mark[t] = 1;
    trail.push_back(w_.templates[t].name);
    const TaskSpec& spec = w_.templates[t].task;
    for (std::uint32_t k = 0; k < spec.phase_count; ++k) {
      const Phase& p = w_.phases[spec.first_phase + k];
      if (p.kind != PhaseKind::Spawn) continue;
      const SpawnProto& proto = spawn_protos_[p.spawn];
      const std::uint32_t next = proto.spec.template_index;
      if (mark[next] == 1) {
        std::string cycle;
        for (const std::string& n : trail) cycle += show_text(n) + " spawns ";
        fail(proto.path, "template " + show_text(w_.templates[next].name) + " spawns itself (" + cycle +
                             show_text(w_.templates[next].name) +
                             "): the tasks would never end; give the last one a program without this spawn");
      }
      visit_template(next, mark, trail);
    }
    trail.pop_back();
    mark[t] = 2;
  }

  // ---- runtimes and channels (SPEC §9) ----

  void read_runtimes(const Json* v) {
    if (!v) return;
    const std::string path = "runtimes";
    if (!v->is_array()) fail(path, "expected an array of runtime objects such as {\"name\": \"go\", \"model\": \"mn\"}" + got(*v));
    for (std::size_t i = 0; i < v->size(); ++i) read_runtime((*v)[i], item(path, i));
  }

  void read_runtime(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kRuntimeFields);
    RuntimeSpec r;
    const std::string name_path = child(path, "name");
    r.name = read_name(require(v, path, "name"), name_path);
    const auto [it, inserted] = runtime_ids_.try_emplace(r.name, static_cast<RuntimeId>(w_.runtimes.size()));
    if (!inserted)
      fail(name_path, "duplicate runtime name " + show_text(r.name) + " (also runtimes[" + std::to_string(it->second) + "])");
    const std::string& model = read_choice(require(v, path, "model"), child(path, "model"), kRuntimeModels);
    r.model = model == "green"        ? RuntimeModel::Green
              : model == "event_loop" ? RuntimeModel::EventLoop
              : model == "mn"         ? RuntimeModel::MN
                                      : RuntimeModel::Pool;
    const bool mn = r.model == RuntimeModel::MN;
    // Defaults: Go's GOMAXPROCS is the number of CPUs; libuv's pool has 4 threads.
    r.carriers = mn ? static_cast<std::uint32_t>(w_.machine.cpus.size()) : r.model == RuntimeModel::Pool ? 4 : 1;
    if (const Json* c = find(v, "carriers")) {
      const std::string c_path = child(path, "carriers");
      if (r.model == RuntimeModel::Green || r.model == RuntimeModel::EventLoop) {
        if (read_int(*c, c_path, 1, 1) != 1) fail(c_path, "expected 1");
      } else {
        r.carriers = static_cast<std::uint32_t>(read_int(*c, c_path, 1, kMaxCarriers));
      }
    }
    r.process = named_process(find(v, "process") ? read_name(*find(v, "process"), child(path, "process")) : r.name);
    // Go's sysmon preempts a goroutine that ran 10ms (forcePreemptNS, proc.go).
    r.preempt_after = mn ? 10 * kMillisecond : 0;
    const auto mn_only = [&](const char* key) -> const Json* {
      const Json* f = find(v, key);
      if (f && !mn) fail(child(path, key), "only an \"mn\" runtime has this (the model is " + show_text(model) + ")");
      return f;
    };
    if (const Json* p = mn_only("preempt_after")) {
      const std::string p_path = child(path, "preempt_after");
      r.preempt_after = p->is_boolean() && !p->get<bool>() ? 0 : read_positive_duration(*p, p_path);
    }
    if (const Json* h = mn_only("handoff")) {
      const std::string& handoff = read_choice(*h, child(path, "handoff"), kHandoffs);
      r.handoff = handoff == "none" ? Handoff::None : handoff == "immediate" ? Handoff::Immediate : Handoff::Sysmon;
    }
    if (!mn) r.handoff = Handoff::None;
    if (const Json* s = mn_only("steal")) r.steal = read_bool(*s, child(path, "steal"));
    if (const Json* q = mn_only("local_queue"))
      r.local_queue = static_cast<std::uint32_t>(read_int(*q, child(path, "local_queue"), 1, 1 << 20));
    if (const Json* g = mn_only("global_check_every"))
      r.global_check_every = static_cast<std::uint32_t>(read_int(*g, child(path, "global_check_every"), 1, 1 << 20));
    if (const Json* c = find(v, "costs")) {
      const std::string c_path = child(path, "costs");
      expect_object(*c, c_path);
      check_fields(*c, c_path, kRuntimeCostFields);
      if (const Json* f = find(*c, "fiber_switch")) r.fiber_switch = read_duration(*f, child(c_path, "fiber_switch"));
      if (const Json* f = find(*c, "fiber_create")) r.fiber_create = read_duration(*f, child(c_path, "fiber_create"));
    }
    w_.runtimes.push_back(std::move(r));
  }

  RuntimeId runtime_named(const Json& v, const std::string& path) const {
    const std::string& name = read_string(v, path);
    const auto it = runtime_ids_.find(name);
    if (it != runtime_ids_.end()) return it->second;
    Names names;
    for (const RuntimeSpec& r : w_.runtimes) names.push_back(r.name);
    fail(path, unknown_name("runtime", "runtimes", name, names));
  }

  void read_channels(const Json* v) {
    if (!v) return;
    const std::string path = "channels";
    if (!v->is_array()) fail(path, "expected an array of channel objects such as {\"name\": \"jobs\", \"capacity\": 0}" + got(*v));
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string c_path = item(path, i);
      const Json& c = (*v)[i];
      expect_object(c, c_path);
      check_fields(c, c_path, kChannelFields);
      ChannelSpec spec;
      const std::string name_path = child(c_path, "name");
      spec.name = read_name(require(c, c_path, "name"), name_path);
      if (const Json* k = find(c, "capacity"))
        spec.capacity = static_cast<std::uint32_t>(read_int(*k, child(c_path, "capacity"), 0, kMaxChannelCapacity));
      const auto [it, inserted] = channel_ids_.try_emplace(spec.name, static_cast<std::uint32_t>(w_.channels.size()));
      if (!inserted)
        fail(name_path, "duplicate channel name " + show_text(spec.name) + " (also channels[" + std::to_string(it->second) + "])");
      w_.channels.push_back(std::move(spec));
    }
    channel_senders_.resize(w_.channels.size());
    channel_receivers_.resize(w_.channels.size());
  }

  std::uint32_t channel_named(const Json& v, const std::string& path) const {
    const std::string& name = read_string(v, path);
    const auto it = channel_ids_.find(name);
    if (it != channel_ids_.end()) return it->second;
    Names names;
    for (const ChannelSpec& c : w_.channels) names.push_back(c.name);
    fail(path, unknown_name("channel", "channels", name, names));
  }

  // A task with "runtime" is a fiber: its runtime schedules it, so the
  // kernel-level fields do not apply to it.
  void read_fiber_fields(const Json& v, const Json& runtime, const std::string& path, TaskSpec& t) {
    t.runtime = runtime_named(runtime, child(path, "runtime"));
    t.role = TaskRole::Fiber;
    for (const char* key : {"process", "priority", "nice", "tickets", "affinity", "period", "deadline"})
      if (find(v, key))
        fail(child(path, key), "a fiber (a task with \"runtime\") is scheduled by its runtime, not the OS: "
                               "give this to the runtime's carriers instead, or drop \"runtime\"");
    // The fiber's process is its runtime's; the own process read earlier goes unused.
    t.process = w_.runtimes[t.runtime].process;
  }

  // syscall/send/recv only in fibers; locks only in kernel tasks.
  void check_fiber_phases(const std::vector<Step>& steps, bool fiber) const {
    for (const Step& s : steps) {
      if (s.repeat > 0) {
        check_fiber_phases(s.body, fiber);
        continue;
      }
      const PhaseKind k = s.phase.kind;
      if (!fiber && (k == PhaseKind::Syscall || k == PhaseKind::Send || k == PhaseKind::Recv))
        fail(s.path, "only a fiber (a task with \"runtime\") has this phase; a kernel task blocks with "
                     "\"io\" or \"sleep\"");
      if (fiber && (k == PhaseKind::Lock || k == PhaseKind::Unlock))
        fail(s.path, "a fiber cannot take a kernel lock; pass work through a channel instead");
      if (fiber && k == PhaseKind::Io && s.phase.wait != IoWait::Block)
        fail(s.path, "a fiber waits for I/O its runtime's way; \"wait\" is for kernel tasks");
    }
  }

  // A channel sent on must be received from somewhere, and the other way round.
  void check_channels_used() const {
    for (std::size_t c = 0; c < w_.channels.size(); ++c) {
      const std::string name = show_text(w_.channels[c].name);
      if (channel_senders_[c] && !channel_receivers_[c])
        fail(*channel_senders_[c], "sends on channel " + name + ", but no fiber ever receives from it");
      if (channel_receivers_[c] && !channel_senders_[c])
        fail(*channel_receivers_[c], "receives from channel " + name + ", but no fiber ever sends on it");
    }
  }

  // Each runtime's carriers are tasks of its process, after every file and
  // generated task. mn keeps spares for syscall handoffs: a processor whose
  // carrier blocks is handed to another carrier, so at most one more carrier
  // than there are fibers that make syscalls (and Go's limit of 10,000).
  void add_carriers() {
    std::vector<std::uint32_t> fibers(w_.runtimes.size()), syscallers(w_.runtimes.size());
    for (const TaskSpec& t : w_.tasks) {
      if (t.role != TaskRole::Fiber) continue;
      ++fibers[t.runtime];
      for (std::uint32_t i = 0; i < t.phase_count; ++i)
        if (w_.phases[t.first_phase + i].kind == PhaseKind::Syscall) {
          ++syscallers[t.runtime];
          break;
        }
    }
    for (RuntimeId id = 0; id < w_.runtimes.size(); ++id) {
      RuntimeSpec& r = w_.runtimes[id];
      const bool spares = r.model == RuntimeModel::MN && r.handoff != Handoff::None && syscallers[id] > 0;
      const std::uint64_t slots = r.carriers + (spares ? std::min<std::uint64_t>(syscallers[id] + 1, kMaxCarriers) : 0);
      if (static_cast<std::int64_t>(w_.tasks.size() + slots) > kMaxTasks)
        fail("runtimes", too_many_tasks(w_.tasks.size() + slots) + " with the runtimes' carriers");
      r.first_carrier = static_cast<TaskId>(w_.tasks.size());
      r.carrier_slots = static_cast<std::uint32_t>(slots);
      for (std::uint32_t i = 0; i < slots; ++i) {
        TaskSpec c;
        c.name = carrier_name(r, i);
        if (const auto it = file_task_names_.find(c.name); it != file_task_names_.end())
          fail(item("tasks", it->second) + ".name", "the name " + show_text(c.name) + " is taken by a carrier of runtime " +
                                                        show_text(r.name) + "; rename the task");
        c.role = TaskRole::Carrier;
        c.runtime = id;
        c.process = r.process;
        c.first_phase = 0;
        c.phase_count = 0;
        w_.tasks.push_back(std::move(c));
      }
    }
  }

  static std::string carrier_name(const RuntimeSpec& r, std::uint32_t i) {
    switch (r.model) {
      case RuntimeModel::Green:
      case RuntimeModel::EventLoop:
        return r.name + "/thread";
      case RuntimeModel::Pool:
        return r.name + "/worker" + std::to_string(i);
      case RuntimeModel::MN:
        break;
    }
    return r.name + "/M" + std::to_string(i);
  }

  // ---- generate ----

  void read_generators(const Json* v) {
    if (!v) return;
    const std::string path = "generate";
    if (!v->is_array()) fail(path, "expected an array of generator objects" + got(*v));
    std::vector<GeneratorSpec> gens;
    std::int64_t tasks = static_cast<std::int64_t>(w_.tasks.size());
    for (std::size_t i = 0; i < v->size(); ++i) {
      gens.push_back(read_generator((*v)[i], item(path, i)));
      tasks += gens.back().count;  // each count <= kMaxTasks: no overflow
      if (tasks > kMaxTasks) fail(child(gens.back().path, "count"), too_many_tasks(static_cast<std::uint64_t>(tasks)));
    }
    check_generated_names(gens);
    reserve_huge(w_.tasks, static_cast<std::size_t>(tasks));
    std::size_t own_processes = w_.processes.size();  // a task of a generator without "process" has its own
    for (const GeneratorSpec& g : gens) own_processes += g.process ? 0 : static_cast<std::size_t>(g.count);
    reserve_huge(w_.processes, own_processes);
    Rng rng(w_.seed);
    for (const GeneratorSpec& g : gens) generate(g, rng);
  }

  GeneratorSpec read_generator(const Json& v, const std::string& path) {
    expect_object(v, path);
    check_fields(v, path, kGenerateFields);
    GeneratorSpec g;
    g.path = path;
    g.count = read_int(require(v, path, "count"), child(path, "count"), 1, kMaxTasks);
    g.prefix = read_name(require(v, path, "name"), child(path, "name"));
    if (const Json* a = find(v, "arrival")) g.arrival = read_distribution(*a, child(path, "arrival"), Values::Durations);
    g.burst = read_distribution(require(v, path, "burst"), child(path, "burst"), Values::Durations);
    if (const Json* io = find(v, "io")) read_generator_io(*io, child(path, "io"), g);
    if (const Json* p = find(v, "priority")) {
      if (p->is_object()) g.priority_dist = read_distribution(*p, child(path, "priority"), Values::Numbers);
      else g.priority = static_cast<int>(read_int(*p, child(path, "priority"), 0, kMaxPriority));
    }
    if (const Json* n = find(v, "nice")) g.nice = static_cast<int>(read_int(*n, child(path, "nice"), -20, 19));
    if (const Json* p = find(v, "process")) g.process = read_name(*p, child(path, "process"));
    if (const Json* s = find(v, "start")) g.start = read_duration(*s, child(path, "start"));
    if (const Json* r = find(v, "runtime")) {
      if (g.process) fail(child(path, "process"), "a runtime's fibers belong to the runtime's process; drop \"process\"");
      g.runtime = runtime_named(*r, child(path, "runtime"));
    }
    if (const Json* sp = find(v, "spawn")) {
      // {"template": "handler", "as": "thread"}: each generated task (say, a
      // connection being accepted) creates a task when its work is done.
      const std::string s_path = child(path, "spawn");
      expect_object(*sp, s_path);
      check_fields(*sp, s_path, kGenerateSpawnFields);
      g.spawn = read_spawn(*sp, s_path, "template");
    }
    return g;
  }

  void read_generator_io(const Json& v, const std::string& path, GeneratorSpec& g) const {
    expect_object(v, path);
    check_fields(v, path, kGenerateIoFields);
    g.has_io = true;
    g.device = device_named(require(v, path, "device"), child(path, "device"));
    g.every = read_distribution(require(v, path, "every"), child(path, "every"), Values::Durations);
    g.io_duration = read_distribution(require(v, path, "duration"), child(path, "duration"), Values::Durations);
  }

  // A number/duration (constant) or {"dist": ..., parameters}.
  Distribution read_distribution(const Json& v, const std::string& path, Values values) const {
    if (!v.is_object()) {
      const double x = values == Values::Durations ? static_cast<double>(read_duration(v, path))
                                                   : read_number(v, path);
      return {DistKind::Constant, x, 0};
    }
    const Json* dist = find(v, "dist");
    if (!dist) {
      check_fields(v, path, kAllDistFields);
      fail(path, "missing required field \"dist\"");
    }
    const std::string& name = read_choice(*dist, child(path, "dist"), kDistNames);
    const auto param = [&](const char* key) -> const Json& { return require(v, path, key); };
    const auto value = [&](const char* key) {
      return values == Values::Durations ? static_cast<double>(read_duration(param(key), child(path, key)))
                                         : read_number(param(key), child(path, key));
    };
    const auto positive = [&](const char* key) {
      const double x = value(key);
      if (!(x > 0)) fail(child(path, key), "expected a value greater than 0" + got(param(key)));
      return x;
    };
    const auto non_negative = [&](const char* key) {
      const double x = value(key);
      if (x < 0) fail(child(path, key), "expected a value >= 0" + got(param(key)));
      return x;
    };
    Distribution d;
    if (name == "constant") {
      check_fields(v, path, {"dist", "value"});
      d = {DistKind::Constant, value("value"), 0};
    } else if (name == "uniform") {
      check_fields(v, path, {"dist", "min", "max"});
      d = {DistKind::Uniform, value("min"), value("max")};
      if (d.b < d.a) fail(child(path, "max"), "expected a value >= min (" + compact(param("min")) + ")" + got(param("max")));
    } else if (name == "exponential") {
      check_fields(v, path, {"dist", "mean"});
      d = {DistKind::Exponential, non_negative("mean"), 0};
    } else if (name == "normal") {
      check_fields(v, path, {"dist", "mean", "stddev"});
      d = {DistKind::Normal, value("mean"), non_negative("stddev")};
    } else if (name == "lognormal") {
      check_fields(v, path, {"dist", "mean", "stddev"});
      d = lognormal(positive("mean"), non_negative("stddev"));
    } else {  // pareto
      check_fields(v, path, {"dist", "scale", "shape"});
      const double scale = positive("scale");
      const double shape = read_number(param("shape"), child(path, "shape"));
      if (!(shape > 0)) fail(child(path, "shape"), "expected a number greater than 0" + got(param("shape")));
      d = {DistKind::Pareto, scale, shape};
    }
    return d;
  }

  // Mean and stddev of the resulting distribution -> mu and sigma of the normal.
  static Distribution lognormal(double mean, double stddev) {
    const double sigma2 = std::log1p(stddev * stddev / (mean * mean));
    return {DistKind::Lognormal, std::log(mean) - sigma2 / 2, std::sqrt(sigma2)};
  }

  // Generated names are prefix + 1..count. They must not clash with file tasks
  // or with each other ("job" x 20 and "job1" both make "job11").
  void check_generated_names(const std::vector<GeneratorSpec>& gens) const {
    std::unordered_map<std::string_view, std::size_t> by_prefix;
    const auto clash = [&](std::size_t a, std::size_t b, const std::string& name) {
      fail(child(gens[std::max(a, b)].path, "name"),
           "duplicate task name " + show_text(name) + " (also " + gens[std::min(a, b)].path + ")");
    };
    for (std::size_t i = 0; i < gens.size(); ++i) {
      const auto [it, inserted] = by_prefix.try_emplace(gens[i].prefix, i);
      if (!inserted) clash(it->second, i, gens[i].prefix + "1");
    }
    // Two generators clash only if one prefix is the other plus digits ("g",
    // "g1"); then the longer prefix + "1" is one of the shorter one's names.
    for (std::size_t i = 0; i < gens.size(); ++i) {
      const std::string first = gens[i].prefix + "1";
      if (const auto other = generator_of(first, gens, by_prefix, i)) clash(i, *other, first);
    }
    for (std::size_t t = 0; t < w_.tasks.size(); ++t) {
      const std::string& name = w_.tasks[t].name;
      if (const auto g = generator_of(name, gens, by_prefix, gens.size()))
        fail(child(gens[*g].path, "name"),
             "duplicate task name " + show_text(name) + " (also tasks[" + std::to_string(t) + "])");
    }
  }

  // Samples, per task: arrival gap, burst, then io every/duration pairs as the
  // program is built, then the priority.
  void generate(const GeneratorSpec& g, Rng& rng) {
    const ProcessId shared = g.process ? named_process(*g.process) : 0;
    const std::size_t first_phase = w_.phases.size();
    Time arrival = g.start;
    for (std::int64_t k = 1; k <= g.count; ++k) {
      if (k == kPhaseSampleTasks + 1) reserve_phases_like(first_phase, g.count);
      TaskSpec t;
      t.name = g.prefix + std::to_string(k);
      arrival = sat_add(arrival, sampled_time(sample(g.arrival, rng), 0));
      t.arrival = arrival;
      const Time burst = sampled_time(sample(g.burst, rng), 1);
      t.first_phase = static_cast<std::uint32_t>(w_.phases.size());
      const Time duration = add_generated_program(g, burst, rng);
      if (g.spawn) {
        check_phase_limits(1, g.path, g.path);
        Phase spawn;
        spawn.kind = PhaseKind::Spawn;
        spawn.spawn = *g.spawn;
        w_.phases.push_back(spawn);
      }
      t.phase_count = static_cast<std::uint32_t>(w_.phases.size() - t.first_phase);
      t.priority = g.priority;
      if (g.priority_dist) t.priority = sampled_priority(sample(*g.priority_dist, rng));
      t.nice = g.nice;
      t.process = g.process ? shared : own_process(t.name);
      if (g.runtime != kNoRuntime) {
        t.role = TaskRole::Fiber;
        t.runtime = g.runtime;
        t.process = w_.runtimes[g.runtime].process;
      }
      account_time(duration, arrival, g.path);
      w_.tasks.push_back(std::move(t));
    }
  }

  // Growing the phases by doubling would write every phase about twice
  // (and fault in the storage it leaves behind): after a generator's first
  // kPhaseSampleTasks tasks, room is reserved for the rest at their mean
  // number of phases plus a quarter. Only the storage changes: the pages of
  // room left unused are never touched, and a program longer than the
  // estimate still grows the vector.
  static constexpr std::int64_t kPhaseSampleTasks = 4096;
  void reserve_phases_like(std::size_t first_phase, std::int64_t count) {
    const double per_task = static_cast<double>(w_.phases.size() - first_phase) / kPhaseSampleTasks;
    const double rest = per_task * static_cast<double>(count - kPhaseSampleTasks) * 1.25;
    const double wanted = std::min(static_cast<double>(w_.phases.size()) + rest, static_cast<double>(kMaxPhases));
    reserve_huge(w_.phases, static_cast<std::size_t>(wanted));
  }

  static int sampled_priority(double x) {
    if (!(x > 0)) return 0;
    if (x >= static_cast<double>(kMaxPriority)) return static_cast<int>(kMaxPriority);
    return static_cast<int>(std::llround(x));
  }

  // cpu(min(every, left)), io, cpu, io, ..., cpu. Returns the total duration.
  Time add_generated_program(const GeneratorSpec& g, Time burst, Rng& rng) {
    const std::size_t first = w_.phases.size();
    const auto push = [&](PhaseKind kind, DeviceId device, Time duration) {
      Phase p;
      p.kind = kind;
      p.device = static_cast<std::uint16_t>(device);
      p.duration = duration;
      if (static_cast<std::int64_t>(w_.phases.size() - first) >= kMaxPhasesPerTask)
        fail(g.path, "a generated task would have more than " + std::to_string(kMaxPhasesPerTask) +
                         " phases (the limit per task); make io.every larger");
      check_phase_limits(1, g.path, g.path);
      grow_huge(w_.phases);
      w_.phases.push_back(p);
    };
    if (!g.has_io) {
      push(PhaseKind::Cpu, 0, burst);
      return burst;
    }
    Time left = burst;
    Time total = 0;
    for (;;) {
      const Time chunk = std::min(sampled_time(sample(g.every, rng), 1), left);
      push(PhaseKind::Cpu, 0, chunk);
      total = sat_add(total, chunk);
      left -= chunk;
      if (left == 0) return total;
      const Time service = sampled_time(sample(g.io_duration, rng), 1);
      push(PhaseKind::Io, g.device, service);
      total = sat_add(total, service);
    }
  }

  std::string source_;
  TimeUnit unit_ = TimeUnit::Milliseconds;
  Workload w_;
  std::unordered_map<std::string, CpuId> cpu_ids_;
  std::unordered_map<std::string, DeviceId> device_ids_;
  std::unordered_map<std::string, std::uint32_t> lock_ids_;
  std::unordered_map<std::string, RuntimeId> runtime_ids_;
  std::unordered_map<std::string, std::uint32_t> channel_ids_;
  // Per channel: where some program sends on it / receives from it.
  mutable std::vector<std::optional<std::string>> channel_senders_, channel_receivers_;
  std::unordered_map<std::string, ProcessId> process_ids_;
  std::unordered_map<std::string, std::size_t> file_task_names_;
  // Spawn phases as read; add_spawn_slots turns them into Workload::spawns.
  struct SpawnProto {
    SpawnSpec spec;
    bool as_given = false;
    RuntimeId runtime = kNoRuntime;
    std::string path;  // of the "spawn" field
  };
  mutable std::vector<SpawnProto> spawn_protos_;
  std::unordered_map<std::string, std::uint32_t> template_ids_;
  std::vector<std::string> template_paths_;
  std::vector<std::vector<Step>> template_steps_;
  std::unordered_map<CpuMask, std::uint32_t> affinity_ids_;
  Time total_duration_ = 0;
  Time latest_arrival_ = 0;
};

// ---- JSON text -> document --------------------------------------------------

// Line and column (1-based, in bytes, as nlohmann counts) of byte `index`.
std::string position(std::string_view text, std::size_t index) {
  index = std::min(index, text.size());
  const std::string_view before = text.substr(0, index);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t column = last_newline == std::string_view::npos ? index + 1 : index - last_newline;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 7:
// syntax error while parsing value - <reason>" -> "<reason>".
std::string short_reason(const std::string& what) {
  std::string_view s = what;
  if (const std::size_t col = s.find("column "); col != std::string_view::npos)
    if (const std::size_t colon = s.find(": ", col); colon != std::string_view::npos) s.remove_prefix(colon + 2);
  if (s.rfind("syntax error while parsing ", 0) == 0)
    if (const std::size_t dash = s.find(" - "); dash != std::string_view::npos) s.remove_prefix(dash + 3);
  constexpr std::size_t kMaxReason = 120;
  const std::string_view cut = utf8_prefix(s, kMaxReason);
  return valid_utf8(cut) + (cut.size() < s.size() ? "..." : "");
}

// "an object nested more than 64 deep (the limit)"
std::string too_deep(bool object) {
  return std::string("an ") + (object ? "object" : "array") + " nested more than " + std::to_string(kMaxJsonDepth) +
         " deep (the limit)";
}

// A SAX pass that rejects duplicate keys, which the DOM parser would silently
// merge, and nesting deeper than kMaxJsonDepth, which anything recursive over
// the document (copying it, writing it out) would overflow the stack on.
// nlohmann's SAX parser itself is iterative. (Its parse callback could check
// keys in the DOM pass, but it rescans the parent container at every object
// end, which is quadratic in the length of an array of objects.) For texts
// read without building a document (check_json_text); DocumentBuilder makes
// the same checks while it builds one.
class JsonTextCheck final : public nlohmann::json_sax<Json> {
 public:
  explicit JsonTextCheck(const std::string& source) : source_(source) {}

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return enter(true); }
  bool start_array(std::size_t) override { return enter(false); }
  bool end_object() override { return leave(); }
  bool end_array() override { return leave(); }
  bool key(string_t& k) override {
    Frame& top = stack_.back();
    top.key = k;
    if (!top.keys.insert(k).second) throw WorkloadError(source_, path(), "duplicate field");
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;  // the DOM parse reports syntax errors with their place
  }

 private:
  struct Frame {
    bool object;
    std::unordered_set<std::string> keys;
    std::string key;       // object: the current key
    std::size_t next = 0;  // array: elements seen
  };
  bool value() {
    if (!stack_.empty() && !stack_.back().object) ++stack_.back().next;
    return true;
  }
  bool enter(bool object) {
    value();
    if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth))
      throw WorkloadError(source_, path(), too_deep(object));
    stack_.push_back(Frame{object, {}, {}, 0});
    return true;
  }
  bool leave() {
    stack_.pop_back();
    return true;
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : stack_) out = f.object ? child(out, f.key) : item(out, f.next - 1);
    return out;
  }

  std::string source_;
  std::vector<Frame> stack_;
};

// The document of a JSON text, built in one SAX pass (the same document as
// Json::parse builds) that makes JsonTextCheck's checks as it goes: a
// duplicate key is found as it goes into its object's map. A syntax error
// anywhere in the text is reported before them, as it was when the text was
// parsed first and checked after: the first check error is kept, and
// finish() throws it once the whole text has parsed.
class DocumentBuilder {
 public:
  DocumentBuilder(Json& root, const std::string& source) : root_(root), source_(source) {}

  bool null() { return value(nullptr) != nullptr; }
  bool boolean(bool b) { return value(b) != nullptr; }
  bool number_integer(Json::number_integer_t n) { return value(n) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t n) { return value(n) != nullptr; }
  bool number_float(Json::number_float_t x, const Json::string_t&) { return value(x) != nullptr; }
  bool string(Json::string_t& s) { return value(std::move(s)) != nullptr; }
  bool binary(Json::binary_t& b) { return value(std::move(b)) != nullptr; }
  bool start_object(std::size_t) { return enter(Json::value_t::object); }
  bool start_array(std::size_t) { return enter(Json::value_t::array); }
  bool end_object() { return leave(); }
  bool end_array() { return leave(); }
  bool key(Json::string_t& k) {
    Frame& top = stack_.back();
    const auto [at, inserted] = top.value->get_ptr<Json::object_t*>()->try_emplace(std::move(k));
    top.key = &at->first;
    element_ = &at->second;  // a duplicate's value replaces the first one's, as in Json::parse
    if (!inserted) defer("duplicate field");
    return true;
  }
  // Syntax errors and numbers out of range, thrown as Json::parse throws them.
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;
  }

  // Throws the first duplicate key or too deep nesting met, if any.
  void finish() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  struct Frame {
    Json* value;                      // an open object or array
    const std::string* key = nullptr;  // object: the current key
  };
  // Puts `v` where the next value goes: the root, the end of the innermost
  // open array, or the element of the key just read. Open containers are
  // only ever added to innermost first, so the stack's pointers stay valid.
  template <class Value>
  Json* value(Value&& v) {
    if (stack_.empty()) return &(root_ = Json(std::forward<Value>(v)));
    if (Json::array_t* array = stack_.back().value->get_ptr<Json::array_t*>())
      return &array->emplace_back(std::forward<Value>(v));
    *element_ = Json(std::forward<Value>(v));
    return element_;
  }
  bool enter(Json::value_t kind) {
    Json* opened = value(kind);
    if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) defer(too_deep(kind == Json::value_t::object));
    stack_.push_back({opened});
    return true;
  }
  bool leave() {
    stack_.pop_back();
    return true;
  }
  void defer(const std::string& message) {
    if (!error_) error_ = std::make_exception_ptr(WorkloadError(source_, path(), message));
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : stack_) out = f.value->is_object() ? child(out, *f.key) : item(out, f.value->size() - 1);
    return out;
  }

  Json& root_;
  const std::string& source_;
  std::vector<Frame> stack_;
  Json* element_ = nullptr;  // the value of the key just read
  std::exception_ptr error_;
};

// A NUL byte ends the text for nlohmann's reader, which would then accept
// anything after it.
void check_no_nul(std::string_view text, const std::string& source) {
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos)
    throw WorkloadError(source, "",
                        "invalid JSON at " + position(text, nul) + ": a NUL byte (a workload file is text)");
}

Json parse_json(std::string_view text, const std::string& source) {
  check_no_nul(text, source);
  Json doc;
  DocumentBuilder builder(doc, source);
  try {
    Json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const Json::parse_error& e) {
    const std::size_t index = e.byte > 0 ? e.byte - 1 : 0;
    throw WorkloadError(source, "",
                        "invalid JSON at " + position(text, index) + ": " + short_reason(e.what()));
  } catch (const Json::exception& e) {
    // e.g. "number overflow parsing '1e400'": no position given; find the literal.
    std::string what = short_reason(e.what());
    if (const std::size_t bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
    std::string where;
    const std::size_t open = what.find('\''), close = what.rfind('\'');
    if (open != std::string::npos && close > open + 1)
      if (const std::size_t at = text.find(what.substr(open + 1, close - open - 1)); at != std::string_view::npos)
        where = " at " + position(text, at);
    throw WorkloadError(source, "", "invalid JSON" + where + ": " + what);
  }
  builder.finish();
  return doc;
}

}  // namespace

std::int64_t parse_size(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  const std::string_view unit = text.substr(digits);
  const std::pair<const char*, std::int64_t> units[] = {
      {"", 1},        {"B", 1},           {"KiB", 1LL << 10},  {"MiB", 1LL << 20},    {"GiB", 1LL << 30},
      {"TiB", 1LL << 40}, {"kB", 1000}, {"MB", 1000'000}, {"GB", 1000'000'000}, {"TB", 1000'000'000'000}};
  if (digits > 0 && digits <= 16)
    for (const auto& [name, scale] : units)
      if (unit == name) {
        const std::int64_t n = std::stoll(std::string(text.substr(0, digits)));
        if (n <= kMaxBytes / scale) return n * scale;
      }
  throw std::invalid_argument(std::string(kExpectedSize) + ", got " + show_text(text));
}

Time parse_duration(std::string_view text, TimeUnit unit) {
  // The text as messages show it, made only for a message.
  const auto shown = [&] { return show_text(text); };
  const auto expected = [&] {
    return std::invalid_argument("expected a duration such as 250us, 1.5ms or 2s, got " + shown());
  };
  if (text.size() > 1 && text[0] == '-' && is_digit(text[1]))
    throw std::invalid_argument("expected a non-negative duration, got " + shown());

  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::string_view whole = text.substr(0, i);
  std::string_view fraction;
  if (i < text.size() && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    fraction = text.substr(start, i - start);
    if (fraction.empty()) throw expected();
  }
  if (whole.empty()) throw expected();

  const std::string_view suffix = text.substr(i);
  Time scale = unit_ns(unit);
  if (!suffix.empty()) {
    const auto u = unit_from_suffix(suffix);
    if (!u) {
      const bool word = std::all_of(suffix.begin(), suffix.end(),
                                    [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
      if (!word) throw expected();
      throw std::invalid_argument("unknown time unit " + show_text(suffix) + " in " + shown() +
                                  " (expected ns, us, ms or s)");
    }
    scale = unit_ns(*u);
  }

  // Whole part, stopping as soon as it is over the limit (no overflow).
  Time value = 0;
  for (char c : whole) {
    value = value * 10 + (c - '0');
    if (value > kMaxDuration / scale) throw std::invalid_argument(exceeds_limit(shown()));
  }
  value *= scale;
  // Fraction digits: each is worth scale/10^k ns; below 1 ns only zeros are exact.
  Time place = scale;
  for (char c : fraction) {
    place /= 10;
    const int digit = c - '0';
    if (place == 0 && digit != 0)
      throw std::invalid_argument(shown() + " is not a whole number of nanoseconds");
    value += digit * place;
  }
  if (value > kMaxDuration) throw std::invalid_argument(exceeds_limit(shown()));
  return value;
}

Workload parse_workload(std::string_view json_text, const std::string& source) {
  const Json doc = parse_json(json_text, source);
  return WorkloadParser(source).parse(doc);
}

void check_json_text(std::string_view text, const std::string& source) {
  check_no_nul(text, source);
  JsonTextCheck check(source);
  try {
    Json::sax_parse(text.begin(), text.end(), &check);
  } catch (const Json::exception&) {
    // Syntax and number errors: the reader that parses the text reports them.
  }
}

namespace {
// Reads `fd` to its end, refusing more than kMaxWorkloadBytes.
std::string read_capped(int fd, std::size_t size_hint, const std::function<WorkloadError(const std::string&)>& fail) {
  const auto limit_text = std::to_string(kMaxWorkloadBytes >> 20) + " MiB";
  // A file's size is known: a buffer of that size (zeroing 64 KiB for a 7 KiB
  // file cost more than parsing it). Standard input starts at 64 KiB.
  std::string text(size_hint > 0 ? size_hint : std::size_t{1} << 16, '\0');
  std::size_t got = 0;
  while (true) {
    if (got == text.size()) {
      if (text.size() > kMaxWorkloadBytes) throw fail("more than the limit of " + limit_text);
      text.resize(std::min(text.size() * 2, kMaxWorkloadBytes + 1));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(std::string("cannot read file: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}
}  // namespace

std::string read_workload_file(const std::string& path) {
  if (path == "-") {  // standard input: whatever it is, up to the same limit
    return read_capped(0, 0, [](const std::string& why) { return WorkloadError(kStdinName, "", why); });
  }
  const auto fail = [&](const std::string& why) { return WorkloadError(path, "", why); };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw fail(std::string("cannot read file: ") + std::strerror(errno));
  struct stat info {};
  std::string text;
  try {
    if (::fstat(fd, &info) != 0) throw fail(std::string("cannot read file: ") + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) throw fail(std::string("cannot read file: ") + std::strerror(EISDIR));
    if (!S_ISREG(info.st_mode))
      throw fail("not a regular file (a device, pipe or socket); a workload is read from a file, or from "
                 "standard input as -");
    if (static_cast<std::uint64_t>(info.st_size) > kMaxWorkloadBytes)
      throw fail("the file is " + std::to_string(static_cast<std::uint64_t>(info.st_size) >> 20) +
                 " MiB, larger than the limit of " + std::to_string(kMaxWorkloadBytes >> 20) +
                 " MiB (use \"generate\" for many tasks)");
    // One byte more than fstat said, in case the file grows.
    text = read_capped(fd, static_cast<std::size_t>(info.st_size) + 1, fail);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return text;
}

Workload load_workload(const std::string& path) {
  return parse_workload(read_workload_file(path), path == "-" ? kStdinName : path);
}

}  // namespace timeslice
