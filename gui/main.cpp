// timeslice-gui: the desktop visualizer. This file is only the platform
// glue: a GLFW window with an OpenGL 3.3 context, Dear ImGui's GLFW and
// OpenGL3 backends, the frame loop, and --screenshot (glReadPixels to PNG).
// Everything else is in gui/ui (App and its panels) and gui/model.
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "gui/ui/app.h"
#include "gui/ui/options.h"
#include "gui/ui/theme.h"

namespace {

void glfw_error(int code, const char* what) {
  std::fprintf(stderr, "timeslice-gui: GLFW error %d: %s\n", code, what);
}

// The back buffer as a PNG (OpenGL's rows run bottom-up).
bool write_png(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(&pixels[static_cast<std::size_t>(h - 1 - y) * row], row,
                &flipped[static_cast<std::size_t>(y) * row]);
  return stbi_write_png(path.c_str(), w, h, 3, flipped.data(), static_cast<int>(row)) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace timeslice::gui;
  const GuiArgs args = parse_gui_args(argc, argv);
  if (args.help) {
    std::fputs(gui_usage(), stdout);
    return 0;
  }
  if (!args.error.empty()) {
    // A bad value needs only its message; a malformed command line the usage too.
    std::fprintf(stderr, "timeslice-gui: %s\n%s", args.error.c_str(),
                 args.status == 2 ? gui_usage() : "");
    return args.status;
  }

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "timeslice-gui: cannot open a window (no display? headless: xvfb-run -a "
                 "timeslice-gui ...)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(args.width, args.height, "timeslice", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "timeslice-gui: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(args.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  apply_theme();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int status = 0;
  {
    App app(args.app);
    const bool shooting = !args.screenshot.empty();
    for (int frame = 1; !glfwWindowShouldClose(window) && !app.quit_requested; ++frame) {
      // Idle (paused, no input): sleep until an event instead of spinning.
      if (shooting || app.playback.playing)
        glfwPollEvents();
      else
        glfwWaitEventsTimeout(0.25);
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // A screenshot shows no hover effects, wherever the pointer happens to be.
      if (shooting) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      app.frame(ImGui::GetIO().DeltaTime);
      ImGui::Render();
      int w = 0, h = 0;
      glfwGetFramebufferSize(window, &w, &h);
      glViewport(0, 0, w, h);
      glClearColor(0.08f, 0.085f, 0.1f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      if (shooting && frame >= args.frames) {
        if (!write_png(args.screenshot, w, h)) {
          std::fprintf(stderr, "timeslice-gui: cannot write %s\n", args.screenshot.c_str());
          status = 1;
        }
        break;
      }
      glfwSwapBuffers(window);
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
