// An ImGui context without a window or renderer, for tests and benchmarks:
// fonts built in memory, a fixed display size, and the 32-bit vertex offset
// flag that a renderer backend would set (Debian's ImGui uses 16-bit
// indices, so big frames need it).
#pragma once

#include <imgui.h>

#include "gui/ui/theme.h"

namespace timeslice::gui {

class HeadlessImGui {
 public:
  HeadlessImGui(float width = 1600, float height = 1000) {
    ImGui::CreateContext();
    apply_theme();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // Vertices in the last rendered frame.
  static int vertices() { return ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalVtxCount : 0; }
};

}  // namespace timeslice::gui
