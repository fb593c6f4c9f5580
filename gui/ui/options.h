// Command-line options of timeslice-gui, parsed without a window so tests
// can check them.
#pragma once

#include <string>

#include "gui/ui/app.h"

namespace timeslice::gui {

struct GuiArgs {
  AppOptions app;
  std::string screenshot;  // render, write this PNG and exit
  int frames = 4;          // frames to render before the screenshot
  int width = 1600, height = 1000;
  bool help = false;
  std::string error;  // a usage error, when not empty
  int status = 0;     // exit status for `error`: 1 bad option value, 2 bad usage
};

GuiArgs parse_gui_args(int argc, const char* const* argv);
const char* gui_usage();

}  // namespace timeslice::gui
