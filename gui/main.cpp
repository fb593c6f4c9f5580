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

#include "gui/model/input_queue.h"
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

// Every key, button and character event, queued (gui/model/input_queue.h).
// These callbacks are installed before the ImGui backend's, which calls them
// first and then writes io as 1.86 does; apply_input() overwrites that with
// the queue's state before each frame.
timeslice::gui::InputQueue input;

void key_event(GLFWwindow*, int key, int, int action, int) {
  if (action != GLFW_REPEAT) input.key(key, action == GLFW_PRESS);
}
void button_event(GLFWwindow* window, int button, int action, int) {
  double x = 0, y = 0;
  glfwGetCursorPos(window, &x, &y);
  input.button(button, action == GLFW_PRESS, glfwGetTime(), static_cast<float>(x),
               static_cast<float>(y));
}
void char_event(GLFWwindow*, unsigned int c) { input.character(c); }

// After ImGui_ImplGlfw_NewFrame: this frame's share of the queued input.
void apply_input() {
  ImGuiIO& io = ImGui::GetIO();
  const std::vector<unsigned> typed = input.next_frame();
  for (int k = 0; k < timeslice::gui::InputQueue::kKeys; ++k) io.KeysDown[k] = input.key_down(k);
  auto either = [](int a, int b) { return input.key_down(a) || input.key_down(b); };
  io.KeyCtrl = either(GLFW_KEY_LEFT_CONTROL, GLFW_KEY_RIGHT_CONTROL);
  io.KeyShift = either(GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT);
  io.KeyAlt = either(GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_ALT);
  io.KeySuper = either(GLFW_KEY_LEFT_SUPER, GLFW_KEY_RIGHT_SUPER);
  for (int b = 0; b < timeslice::gui::InputQueue::kButtons; ++b) io.MouseDown[b] = input.button_down(b);
  io.InputQueueCharacters.resize(0);  // the backend's copy, added as they came
  for (unsigned c : typed) io.AddInputCharacter(c);
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
  glfwSetKeyCallback(window, key_event);  // the backend chains these
  glfwSetMouseButtonCallback(window, button_event);
  glfwSetCharCallback(window, char_event);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int status = 0;
  {
    App app(args.app);
    if (!app.startup_error.empty()) {
      std::fprintf(stderr, "timeslice-gui: %s\n", app.startup_error.c_str());
      status = 1;
      app.quit_requested = true;
    }
    const bool shooting = !args.screenshot.empty();
    for (int frame = 1; !glfwWindowShouldClose(window) && !app.quit_requested; ++frame) {
      // Idle (paused, no input): sleep until an event instead of spinning.
      if (shooting || app.playback.playing || input.pending())
        glfwPollEvents();
      else
        glfwWaitEventsTimeout(0.25);
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      apply_input();
      // A screenshot shows no hover effects, wherever the pointer happens to be.
      if (shooting) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      app.double_clicked = input.double_clicked(0);
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
