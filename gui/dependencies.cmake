# Finds what the desktop visualizer needs: Debian's libimgui-dev (pkg-config
# `imgui`, which requires libstb-dev), libglfw3-dev and OpenGL. Sets
# TIMESLICE_GUI_DEPS_FOUND, so the top-level CMakeLists can turn the GUI on
# by default only where they are installed (the CLI builds without them).
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(IMGUI QUIET IMPORTED_TARGET imgui)
endif()
find_package(glfw3 QUIET)
set(OpenGL_GL_PREFERENCE GLVND)
find_package(OpenGL QUIET)
if(IMGUI_FOUND AND glfw3_FOUND AND OpenGL_FOUND)
  set(TIMESLICE_GUI_DEPS_FOUND ON)
else()
  set(TIMESLICE_GUI_DEPS_FOUND OFF)
  message(STATUS "timeslice-gui: not built by default (needs libimgui-dev, libglfw3-dev, libstb-dev)")
endif()
