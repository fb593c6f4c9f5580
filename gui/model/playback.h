// Playback of a run: the cursor time, play/pause and speed. Stepping to the
// next event or decision asks the RunModel for the time. Pure; unit-tested.
#pragma once

#include "gui/model/view_model.h"

namespace timeslice::gui {

struct Playback {
  Time cursor = 0;
  bool playing = false;
  double speed = 1e6;  // simulated ns per second of real time

  // A speed that plays the whole run in about `seconds` (a 1-2-5 value).
  static double speed_for(Time run_end, double seconds = 12.0);
  // Advance by `seconds` of real time while playing; stops at the end.
  void advance(double seconds, Time end);

  void restart() { cursor = 0; }
  void to_end(Time end) {
    cursor = end;
    playing = false;
  }
  void step_event(const RunModel& m) { pause_at(m.next_event(cursor)); }
  void back_event(const RunModel& m) { pause_at(m.prev_event(cursor)); }
  void step_decision(const RunModel& m) { pause_at(m.next_decision(cursor)); }
  void back_decision(const RunModel& m) { pause_at(m.prev_decision(cursor)); }
  void faster() { speed *= 2; }
  void slower() { speed = speed / 2 < 1 ? 1 : speed / 2; }

 private:
  void pause_at(Time t) {
    cursor = t;
    playing = false;
  }
  double carry_ = 0;  // fractional ns not yet applied
};

}  // namespace timeslice::gui
