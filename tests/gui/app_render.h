// For the window-free tests that draw the whole app headless: a shipped
// workload's path, and frames rendered into ImGui's draw lists.
#pragma once

#include <string>

#include "gui/ui/app.h"
#include "gui/ui/headless.h"

namespace timeslice::gui {

inline std::string workload_path(const std::string& name) {
  return std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name;
}

// Draw `frames` frames of `app`; the vertices of the last one.
inline int render(App& app, int frames = 2) {
  for (int i = 0; i < frames; ++i) {
    ImGui::NewFrame();
    app.frame(1.0f / 60.0f);
    ImGui::Render();
  }
  return HeadlessImGui::vertices();
}

}  // namespace timeslice::gui
