# `cmake --install build [--prefix P]` and `cpack` (a .deb):
#   bin/timeslice, bin/timeslice-gui
#   share/timeslice/workloads/*.json         the shipped workloads
#   share/timeslice/workload.schema.json     the workload format's JSON Schema
#   share/timeslice/fonts/DejaVuSans.ttf     the visualizer's font (with the GUI)
#   share/doc/timeslice/                     README.md, teaching.md and its images
#   share/man/man1/timeslice.1, timeslice-gui.1   (help2man, from --help)
#   share/bash-completion/completions/timeslice, timeslice-gui
#   share/applications/timeslice-gui.desktop, share/icons/hicolor/scalable/apps/timeslice.svg
#   lib/libtimeslice_sim.a, lib/libtimeslice_format.a, include/timeslice/sim/**.h,
#   lib/cmake/timeslice/  find_package(timeslice): timeslice::sim, timeslice::format
# The visualizer finds its workloads and font from its own location
# (BIN/../share/timeslice), so an installed prefix can be moved; the build tree
# gets the same layout (build/share/timeslice, links to the sources).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TIMESLICE_DATA_DIR ${CMAKE_INSTALL_DATADIR}/timeslice)

install(TARGETS timeslice RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY workloads/ DESTINATION ${TIMESLICE_DATA_DIR}/workloads FILES_MATCHING PATTERN "*.json")
install(FILES docs/workload.schema.json DESTINATION ${TIMESLICE_DATA_DIR})
install(FILES README.md docs/teaching.md docs/workload.schema.json DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/img DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES dist/timeslice.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME timeslice)
if(TARGET timeslice-gui)  # the same file completes the visualizer
  install(CODE "file(CREATE_LINK timeslice \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/bash-completion/completions/timeslice-gui\" SYMBOLIC)")
endif()

# The build tree laid out like a prefix for what the binaries look up.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/share/timeslice)
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/workloads ${CMAKE_BINARY_DIR}/share/timeslice/workloads SYMBOLIC)

# ---- The library: find_package(timeslice) ------------------------------------
set_target_properties(timeslice_sim PROPERTIES EXPORT_NAME sim)
set_target_properties(timeslice_format PROPERTIES EXPORT_NAME format)
install(TARGETS timeslice_sim timeslice_format EXPORT timesliceTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY sim/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/timeslice/sim FILES_MATCHING PATTERN "*.h")
set(TIMESLICE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/timeslice)
install(EXPORT timesliceTargets NAMESPACE timeslice:: DESTINATION ${TIMESLICE_CMAKE_DIR})
configure_package_config_file(cmake/timesliceConfig.cmake.in ${CMAKE_BINARY_DIR}/timesliceConfig.cmake
                              INSTALL_DESTINATION ${TIMESLICE_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/timesliceConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/timesliceConfig.cmake ${CMAKE_BINARY_DIR}/timesliceConfigVersion.cmake
        DESTINATION ${TIMESLICE_CMAKE_DIR})

# ---- Man pages from --help (Debian's help2man) ---------------------------------
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(TIMESLICE_MAN_DIR ${CMAKE_BINARY_DIR}/man)
  file(MAKE_DIRECTORY ${TIMESLICE_MAN_DIR})
  add_custom_command(
    OUTPUT ${TIMESLICE_MAN_DIR}/timeslice.1
    COMMAND bash ${PROJECT_SOURCE_DIR}/dist/make-man.sh ${HELP2MAN} $<TARGET_FILE:timeslice>
            ${PROJECT_VERSION} ${TIMESLICE_MAN_DIR}/timeslice.1
    DEPENDS timeslice ${PROJECT_SOURCE_DIR}/dist/make-man.sh
    COMMENT "Man page timeslice.1 (help2man)" VERBATIM)
  set(TIMESLICE_MAN_PAGES ${TIMESLICE_MAN_DIR}/timeslice.1)
  if(TARGET timeslice-gui)
    add_custom_command(
      OUTPUT ${TIMESLICE_MAN_DIR}/timeslice-gui.1
      COMMAND bash ${PROJECT_SOURCE_DIR}/dist/make-man.sh ${HELP2MAN} $<TARGET_FILE:timeslice-gui>
              ${PROJECT_VERSION} ${TIMESLICE_MAN_DIR}/timeslice-gui.1
      DEPENDS timeslice-gui ${PROJECT_SOURCE_DIR}/dist/make-man.sh
      COMMENT "Man page timeslice-gui.1 (help2man)" VERBATIM)
    list(APPEND TIMESLICE_MAN_PAGES ${TIMESLICE_MAN_DIR}/timeslice-gui.1)
  endif()
  add_custom_target(man ALL DEPENDS ${TIMESLICE_MAN_PAGES})
  install(FILES ${TIMESLICE_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "timeslice: no man pages (apt-get install help2man)")
endif()

# ---- A .deb: cpack -G DEB in the build directory ----------------------------------
set(CPACK_PACKAGE_NAME timeslice)
set(CPACK_PACKAGE_VENDOR "timeslice")
set(CPACK_PACKAGE_CONTACT "timeslice maintainers <timeslice@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Preemptive multitasking OS scheduler simulator and visualizer")
set(CPACK_PACKAGE_DESCRIPTION
    "A deterministic discrete-event simulator of OS scheduling: JSON workloads run under FCFS, SJF, RR, MLFQ, CFS, EEVDF and more on one or more CPUs, with a batch CLI and a desktop visualizer.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the binaries' shared libraries
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)

# The test: install into a temporary prefix, move it, use it from elsewhere
# (both binaries, man pages, completion, find_package from a consumer project).
# Not in sanitizer builds: their static libraries need the sanitizer runtime
# in whatever links them.
if(TIMESLICE_BUILD_TESTS AND NOT TIMESLICE_SANITIZE)
  if(TARGET png_check)
    set(TIMESLICE_PNG_CHECK $<TARGET_FILE:png_check>)
  else()
    set(TIMESLICE_PNG_CHECK -)
  endif()
  add_test(NAME install COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install-check.sh ${CMAKE_BINARY_DIR}
                                     ${TIMESLICE_PNG_CHECK})
  set_tests_properties(install PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 900)
endif()
