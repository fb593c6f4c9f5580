#include "gui/model/program_text.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <stdexcept>

#include "sim/format/workload_json.h"

namespace timeslice::gui {

namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '/' || c == '#';
}

// Text the parser reads back as one word.
bool plain_word(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), word_char);
}

std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Whether every key of `p` is one of `keys` (and each plain word: the text
// form has no quoting).
bool only_keys(const Json& p, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : p.items()) {
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) return false;
    if (v.is_string() && !plain_word(v.get<std::string>())) return false;
  }
  return true;
}

bool phases_to_text(const Json& program, std::string& out) {
  if (!program.is_array()) return false;
  bool first = true;
  for (const Json& p : program) {
    if (!p.is_object()) return false;
    if (!first) out += ", ";
    first = false;
    if (p.contains("cpu") && p.size() == 1) {
      out += "cpu " + value_text(p["cpu"]);
    } else if (p.contains("io") && p["io"].is_string() && p.contains("duration") &&
               only_keys(p, {"io", "duration", "wait", "fds"}) &&
               (!p.contains("wait") || p["wait"].is_string()) &&
               (!p.contains("fds") || p["fds"].is_number_integer())) {
      out += "io " + p["io"].get<std::string>() + " " + value_text(p["duration"]);
      if (p.contains("wait")) out += " wait " + p["wait"].get<std::string>();
      if (p.contains("fds")) out += " fds " + p["fds"].dump();
    } else if (p.contains("sleep") && p.size() == 1) {
      out += "sleep " + value_text(p["sleep"]);
    } else if (p.contains("yield") && p.size() == 1 && p["yield"] == true) {
      out += "yield";
    } else if (p.contains("syscall") && p.size() == 1) {
      out += "syscall " + value_text(p["syscall"]);
    } else if (p.contains("send") && p.size() == 1 && p["send"].is_string()) {
      out += "send " + p["send"].get<std::string>();
    } else if (p.contains("recv") && p.size() == 1 && p["recv"].is_string()) {
      out += "recv " + p["recv"].get<std::string>();
    } else if (p.contains("lock") && p.size() == 1 && p["lock"].is_string()) {
      out += "lock " + p["lock"].get<std::string>();
    } else if (p.contains("unlock") && p.size() == 1 && p["unlock"].is_string()) {
      out += "unlock " + p["unlock"].get<std::string>();
    } else if (p.contains("spawn") && p["spawn"].is_string() &&
               only_keys(p, {"spawn", "count", "as", "exec", "runtime", "on_refused"}) &&
               (!p.contains("count") || p["count"].is_number_integer()) &&
               (!p.contains("as") || p["as"].is_string()) && (!p.contains("exec") || p["exec"].is_boolean()) &&
               (!p.contains("runtime") || p["runtime"].is_string()) &&
               (!p.contains("on_refused") || p["on_refused"].is_string())) {
      out += "spawn " + p["spawn"].get<std::string>();
      if (p.contains("count")) out += " count " + p["count"].dump();
      if (p.contains("as")) out += " as " + p["as"].get<std::string>();
      if (p.contains("exec")) out += p["exec"].get<bool>() ? " exec" : " exec false";
      if (p.contains("runtime")) out += " runtime " + p["runtime"].get<std::string>();
      if (p.contains("on_refused")) out += " on_refused " + p["on_refused"].get<std::string>();
    } else if (p.contains("repeat") && p.contains("program") && p.size() == 2 &&
               p["repeat"].is_number_integer()) {
      out += "repeat " + p["repeat"].dump() + " (";
      if (!phases_to_text(p["program"], out)) return false;
      out += ")";
    } else {
      return false;
    }
  }
  return true;
}

TimeUnit unit_of(const std::string& u) {
  if (u == "ns") return TimeUnit::Nanoseconds;
  if (u == "us") return TimeUnit::Microseconds;
  if (u == "s") return TimeUnit::Seconds;
  return TimeUnit::Milliseconds;
}

class Parser {
 public:
  Parser(const std::string& text, TimeUnit unit) : s_(text), unit_(unit) {}

  Json program(bool nested) {
    Json out = Json::array();
    skip();
    if (nested && peek() == ')') fail("empty repeat");
    if (!nested && at_end()) fail("empty program");
    for (;;) {
      out.push_back(phase());
      skip();
      if (peek() == ',' || peek() == ';') {
        ++i_;
        continue;
      }
      if (nested && peek() == ')') return out;
      if (!nested && at_end()) return out;
      fail(nested ? "expected ',' or ')'" : "expected ',' between phases");
    }
  }
  bool at_end() {
    skip();
    return i_ >= s_.size();
  }
  [[noreturn]] void fail(const std::string& what) {
    throw std::invalid_argument("at " + std::to_string(i_ + 1) + ": " + what);
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string word() {
    skip();
    const std::size_t b = i_;
    while (i_ < s_.size() && word_char(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }
  Json duration(const char* after) {
    const std::size_t at = i_;
    const std::string w = word();
    if (w.empty()) fail(std::string("expected a duration after '") + after + "'");
    try {
      parse_duration(w, unit_);
    } catch (const std::invalid_argument& e) {
      i_ = at;
      fail(std::string("bad duration '") + w + "': " + e.what());
    }
    // Bare numbers stay numbers, as a file would have them.
    const bool bare = w.find_first_not_of("0123456789.") == std::string::npos;
    if (!bare) return w;
    if (w.find('.') == std::string::npos) return std::stoll(w);
    return std::stod(w);
  }
  // Optional "key value" pairs after a phase, as the file names them:
  // io's "wait spin", "fds 1001"; spawn's "count 10", "as thread", "exec"
  // (or "exec false"), "runtime go", "on_refused exit". Numbers stay numbers.
  void options(Json& p, const std::string& phase, std::initializer_list<const char*> keys) {
    for (;;) {
      skip();
      const std::size_t at = i_;
      if (at >= s_.size() || !word_char(s_[at])) return;
      const std::string key = word();
      if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) == keys.end()) {
        i_ = at;
        std::string names;
        for (const char* k : keys) names += (names.empty() ? "" : ", ") + std::string(k);
        fail("unknown option '" + key + "' of " + phase + " (" + names + ")");
      }
      if (p.contains(key)) {
        i_ = at;
        fail("'" + key + "' given twice");
      }
      if (key == "exec") {
        const std::size_t before = i_;
        const std::string v = word();
        if (v == "true" || v == "false") {
          p["exec"] = v == "true";
        } else {
          i_ = before;
          p["exec"] = true;
        }
        continue;
      }
      const std::string v = word();
      if (v.empty()) fail("expected a value after '" + key + "'");
      if (key == "count" || key == "fds") {
        if (v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
          fail("expected a whole number after '" + key + "'");
        p[key] = std::stoll(v);
      } else {
        p[key] = v;
      }
    }
  }

  Json phase() {
    const std::size_t at = i_;
    const std::string kind = word();
    if (kind == "cpu") return Json{{"cpu", duration("cpu")}};
    if (kind == "sleep") return Json{{"sleep", duration("sleep")}};
    if (kind == "yield") return Json{{"yield", true}};
    if (kind == "syscall") return Json{{"syscall", duration("syscall")}};
    if (kind == "send" || kind == "recv" || kind == "lock" || kind == "unlock") {
      const std::string channel = word();
      if (channel.empty())
        fail("expected a " + std::string(kind == "send" || kind == "recv" ? "channel" : "lock") +
             " name after '" + kind + "'");
      return Json{{kind, channel}};
    }
    if (kind == "io") {
      const std::string device = word();
      if (device.empty()) fail("expected a device name after 'io'");
      Json p{{"io", device}};
      p["duration"] = duration(("io " + device).c_str());
      options(p, "io", {"wait", "fds"});
      return p;
    }
    if (kind == "spawn") {
      const std::string name = word();
      if (name.empty()) fail("expected a template name after 'spawn'");
      Json p{{"spawn", name}};
      options(p, "spawn", {"count", "as", "exec", "runtime", "on_refused"});
      return p;
    }
    if (kind == "repeat") {
      const std::string n = word();
      if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos)
        fail("expected a count after 'repeat'");
      skip();
      if (peek() != '(') fail("expected '(' after 'repeat " + n + "'");
      ++i_;
      Json body = program(true);
      ++i_;  // ')'
      Json p{{"repeat", std::stoll(n)}};
      p["program"] = std::move(body);
      return p;
    }
    i_ = at;
    constexpr const char* kPhases = "(cpu, io, sleep, yield, lock, unlock, spawn, repeat; fibers: syscall, send, recv)";
    fail(kind.empty() ? std::string("expected a phase ") + kPhases
                      : "unknown phase '" + kind + "' " + kPhases);
  }

  const std::string& s_;
  TimeUnit unit_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::string> program_to_text(const Json& task) {
  std::string out;
  if (task.contains("burst") && !task.contains("program"))
    return "cpu " + value_text(task["burst"]);
  if (!task.contains("program")) return std::nullopt;
  if (!phases_to_text(task["program"], out)) return std::nullopt;
  return out;
}

ProgramParse parse_program_text(const std::string& text, const std::string& time_unit) {
  ProgramParse r;
  try {
    Parser p(text, unit_of(time_unit));
    r.program = p.program(false);
  } catch (const std::exception& e) {
    r.error = e.what();
    r.program = Json();
  }
  return r;
}

std::string apply_program_text(Json& task, const std::string& text, const std::string& time_unit) {
  ProgramParse p = parse_program_text(text, time_unit);
  if (!p.ok()) return p.error;
  task.erase("burst");
  if (p.program.size() == 1 && p.program[0].contains("cpu")) {
    task["burst"] = p.program[0]["cpu"];
    task.erase("program");
  } else {
    task["program"] = std::move(p.program);
  }
  return "";
}

}  // namespace timeslice::gui
