// The panels: one file each, each a function of the App drawing one ImGui
// window (or, for the toolbar and menu, a strip). Layout is in app.cpp.
#pragma once

#include "gui/ui/app.h"

namespace timeslice::gui {

void draw_menu_bar(App& app);      // menu.cpp: File, Examples, View, Help
void draw_toolbar(App& app);       // panel_toolbar.cpp: playback controls
void draw_timeline(App& app);      // panel_timeline.cpp
void draw_charts(App& app);        // panel_charts.cpp
void draw_textbook(App& app);      // panel_textbook.cpp: book-style Gantt chart and table
void draw_queues(App& app);        // panel_queues.cpp
void draw_tasks(App& app);         // panel_tasks.cpp: the task table
void draw_task_details(App& app);  // panel_tasks.cpp: the selected task
void draw_summary(App& app);       // panel_summary.cpp
void draw_log(App& app);           // panel_log.cpp
void draw_editor(App& app);        // panel_editor.cpp: structured editor
void draw_json_editor(App& app);   // panel_editor.cpp: raw JSON
void draw_compare(App& app);       // panel_compare.cpp
void draw_help(App& app);          // panel_help.cpp: keys, legend
void draw_file_popups(App& app);   // menu.cpp: open / save-as dialogs

// recording.cpp: the recording level's picker (toolbar) and submenu (View).
void record_combo(App& app);
void record_menu(App& app);
// When the shown run did not keep `needed` (a timeline: Slices; the log:
// Decisions), say so and how to get `what`, and return true: the panel then
// draws nothing else rather than an empty, misleading view.
bool draw_not_recorded(App& app, RecordLevel needed, const char* what);

}  // namespace timeslice::gui
