// Keyboard and mouse-button input, queued so that no press is lost.
//
// Dear ImGui 1.86 keeps only the current state of each key and button
// (io.KeysDown, io.MouseDown) and its GLFW backend writes that state as
// events arrive: a press and its release that come in one event batch (a
// quick tap, a double-click, xdotool, a slow frame) leave the key up, and
// ImGui never sees the press. Six quick taps of Right moved the cursor two
// steps; a lost Ctrl+A let the next digit append to the field.
//
// main.cpp installs GLFW callbacks, chained before the backend's, that push
// every event here; each frame takes the events in order, one change per key
// or button at most (the rest wait for the next frame), and main.cpp writes
// the resulting state into ImGui's io before ImGui::NewFrame. Typed text is
// held back the same way, so a character typed after Ctrl+A reaches the field
// after the selection. This is ImGui 1.87's "trickle" rule:
//   - a key or button event stops the frame if that key or button already
//     changed in it, or if text was typed in it;
//   - a typed character stops the frame if any key or button changed in it;
//   - a modifier (Shift, Ctrl, Alt, Super) changing stops the frame if any
//     other key changed in it, so a key pressed with Ctrl held is seen with
//     Ctrl down even when the release of Ctrl comes in the same batch
//     (xdotool sends Ctrl down, A down, Ctrl up, A up).
// Pure: no GLFW, no ImGui; unit-tested in tests/gui/unit-input-queue.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <vector>

namespace timeslice::gui {

class InputQueue {
 public:
  static constexpr int kKeys = 512;     // io.KeysDown's size in ImGui 1.86
  static constexpr int kButtons = 5;    // io.MouseDown's size

  // A key (a GLFW key code) or mouse button went down or up; codes outside
  // the tables are ignored. Repeats are not state changes: do not push them.
  void key(int code, bool down) { push(Kind::Key, code, down); }
  // A mouse button event at `seconds` (event time, any clock) and pointer
  // position (x, y), for telling double-clicks by when they happened.
  void button(int code, bool down, double seconds = 0, float x = 0, float y = 0) {
    push(Kind::Button, code, down, seconds, x, y);
  }
  // A character was typed (GLFW's char callback).
  void character(unsigned codepoint) { events_.push_back({Kind::Char, 0, false, codepoint}); }

  // Apply this frame's share of the queue to the state below and return the
  // characters typed in it, in order.
  std::vector<unsigned> next_frame();
  // Events still waiting for a later frame (then do not sleep for input).
  bool pending() const { return !events_.empty(); }

  // GLFW's modifier key codes (GLFW_KEY_LEFT_SHIFT .. GLFW_KEY_RIGHT_SUPER).
  static bool is_modifier(int code) { return code >= 340 && code <= 347; }

  // The state after the frames taken so far.
  bool key_down(int code) const { return code >= 0 && code < kKeys && keys_[code]; }
  bool button_down(int code) const { return code >= 0 && code < kButtons && buttons_[code]; }
  // Whether the press taken this frame was the second of a double-click:
  // within kDoubleClickSeconds and kDoubleClickPixels of the press before,
  // by the events' own times. ImGui 1.86 times double-clicks by frames, so
  // on a slow renderer (software GL: 100-300 ms a frame) the two presses,
  // a frame each, land more than its 0.3 s apart and the double-click is lost.
  bool double_clicked(int code) const {
    return code >= 0 && code < kButtons && double_clicked_[code];
  }
  static constexpr double kDoubleClickSeconds = 0.30;  // ImGui's io.MouseDoubleClickTime
  static constexpr float kDoubleClickPixels = 6;       // ImGui's io.MouseDoubleClickMaxDist

 private:
  enum class Kind { Key, Button, Char };
  struct Event {
    Kind kind;
    int code;
    bool down;
    unsigned codepoint;
    double seconds;
    float x, y;
  };
  void push(Kind kind, int code, bool down, double seconds = 0, float x = 0, float y = 0);
  void note_press(const Event& e);

  std::deque<Event> events_;
  std::array<bool, kKeys> keys_{};
  std::array<bool, kButtons> buttons_{};
  std::array<bool, kButtons> double_clicked_{};
  struct Press {
    double seconds = -1e300;
    float x = 0, y = 0;
  };
  std::array<Press, kButtons> last_press_{};
};

}  // namespace timeslice::gui
