#include "gui/ui/options.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "sim/core/policy.h"
#include "sim/format/workload_json.h"

namespace timeslice::gui {

const char* gui_usage() {
  return "usage: timeslice-gui [FILE] [options]\n"
         "  Watch a workload run on a per-CPU timeline, step through its decisions,\n"
         "  edit it and compare schedulers. FILE defaults to workloads/textbook.json.\n"
         "\n"
         "  --screenshot OUT.png   render the window, write it as a PNG and exit\n"
         "                         (headless: xvfb-run -a timeslice-gui ... --screenshot x.png)\n"
         "  --frames N             frames to render before the screenshot (default 4)\n"
         "  --size WxH             window size (default 1600x1000)\n"
         "  --cursor T             start with the cursor at time T (e.g. 12ms)\n"
         "  --zoom FROM,TO         start zoomed to that stretch (e.g. 95ms,105ms)\n"
         "  --select TASK          select a task and open its details\n"
         "  --task-lanes           show a lane per task, coloured by its state\n"
         "  --compare POLICY       compare with the same workload under POLICY\n"
         "  --compare FILE.json    compare with another workload, stacked on one time axis\n"
         "                         (e.g. workloads/c10k-goroutines.json)\n"
         "  --tab editor|compare|json|help   open that tab\n"
         "  --play                 start playing\n"
         "  --textbook             the textbook view: a book-style Gantt chart with a time\n"
         "                         at every switch, and waiting/turnaround per task\n"
         "  --record LEVEL         what runs keep: decisions (default: timeline and the\n"
         "                         decision log), slices (timeline, no log) or metrics\n"
         "                         (figures only; cheapest for huge workloads)\n"
         "  --help                 this text\n"
         "\n"
         "Keys: Space play/pause, Right/Left next/previous event (Shift: decision),\n"
         "Home/End restart/end, Up/Down speed, F fit, +/- zoom, Esc clear selection,\n"
         "A/B put a marker at the cursor (the time between is shown), X clears them.\n";
}

namespace {
// An option with a value it cannot use: exit status 1 ("bad input"), where a
// malformed command line is 2, as for the timeslice CLI.
struct BadValue : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
}  // namespace

GuiArgs parse_gui_args(int argc, const char* const* argv) {
  GuiArgs a;
  auto value = [&](int& i, const std::string& flag) -> std::string {
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    return argv[++i];
  };
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h")
        a.help = true;
      else if (arg == "--screenshot")
        a.screenshot = value(i, arg);
      else if (arg == "--frames") {
        a.frames = std::atoi(value(i, arg).c_str());
        if (a.frames < 1 || a.frames > 100000)
          throw BadValue("--frames: expected 1 to 100000");
      } else if (arg == "--size") {
        const std::string v = value(i, arg);
        const auto x = v.find('x');
        a.width = x == std::string::npos ? 0 : std::atoi(v.substr(0, x).c_str());
        a.height = x == std::string::npos ? 0 : std::atoi(v.substr(x + 1).c_str());
        if (a.width < 320 || a.height < 240 || a.width > 8192 || a.height > 8192)
          throw BadValue("--size: expected WxH, e.g. 1600x1000");
      } else if (arg == "--cursor") {
        const std::string v = value(i, arg);
        try {
          a.app.cursor = parse_duration(v, TimeUnit::Milliseconds);
        } catch (const std::invalid_argument& e) {
          throw BadValue("--cursor: " + std::string(e.what()));
        }
      } else if (arg == "--zoom") {
        const std::string v = value(i, arg);
        const auto comma = v.find(',');
        try {
          if (comma == std::string::npos) throw std::invalid_argument("expected FROM,TO (e.g. 95ms,105ms)");
          a.app.zoom_from = parse_duration(v.substr(0, comma), TimeUnit::Milliseconds);
          a.app.zoom_to = parse_duration(v.substr(comma + 1), TimeUnit::Milliseconds);
          if (a.app.zoom_to <= a.app.zoom_from) throw std::invalid_argument("TO must be after FROM");
        } catch (const std::invalid_argument& e) {
          throw BadValue("--zoom: " + std::string(e.what()));
        }
      } else if (arg == "--select")
        a.app.select = value(i, arg);
      else if (arg == "--task-lanes")
        a.app.task_lanes = true;
      else if (arg == "--compare") {
        // A policy's name, or a workload file (a path: it has a '/' or ends in .json).
        const std::string v = value(i, arg);
        const bool looks_like_file =
            v.find('/') != std::string::npos || (v.size() > 5 && v.substr(v.size() - 5) == ".json");
        if (find_policy(v)) {
          a.app.compare = v;
          a.app.compare_file.clear();
        } else if (looks_like_file) {
          std::error_code ec;
          if (!std::filesystem::is_regular_file(v, ec))
            throw BadValue("--compare: no workload file " + v);
          a.app.compare_file = v;
          a.app.compare.clear();
        } else {
          std::string names;
          for (const PolicyInfo& p : policy_registry()) names += (names.empty() ? "" : ", ") + p.name;
          throw BadValue("--compare: no policy \"" + v + "\" (policies: " + names +
                         "; or a workload FILE.json)");
        }
      } else if (arg == "--tab") {
        a.app.tab = value(i, arg);
        if (a.app.tab != "editor" && a.app.tab != "compare" && a.app.tab != "json" &&
            a.app.tab != "help")
          throw BadValue("--tab: expected editor, compare, json or help (got " + a.app.tab + ")");
      } else if (arg == "--record") {
        const std::string v = value(i, arg);
        const auto level = parse_record_level(v);
        if (!level)
          throw BadValue("--record: expected metrics, slices or decisions (got " +
                                      v + ")");
        a.app.record = *level;
      } else if (arg == "--textbook")
        a.app.textbook = true;
      else if (arg == "--play")
        a.app.play = true;
      else if (!arg.empty() && arg[0] == '-')
        throw std::invalid_argument("unknown option " + arg);
      else if (a.app.file.empty())
        a.app.file = arg;
      else
        throw std::invalid_argument("one workload file at a time (got " + arg + ")");
    }
  } catch (const BadValue& e) {
    a.error = e.what();
    a.status = 1;
  } catch (const std::invalid_argument& e) {
    a.error = e.what();
    a.status = 2;
  }
  return a;
}

}  // namespace timeslice::gui
