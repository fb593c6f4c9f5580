#include "gui/model/input_queue.h"

#include <bitset>

namespace timeslice::gui {

void InputQueue::push(Kind kind, int code, bool down, double seconds, float x, float y) {
  const int size = kind == Kind::Key ? kKeys : kButtons;
  if (code < 0 || code >= size) return;
  events_.push_back({kind, code, down, 0, seconds, x, y});
}

void InputQueue::note_press(const Event& e) {
  Press& last = last_press_[static_cast<std::size_t>(e.code)];
  const float dx = e.x - last.x, dy = e.y - last.y;
  const bool twice = e.seconds - last.seconds < kDoubleClickSeconds &&
                     dx * dx + dy * dy < kDoubleClickPixels * kDoubleClickPixels;
  double_clicked_[static_cast<std::size_t>(e.code)] = twice;
  // A third quick press starts a new pair, as in ImGui.
  last = twice ? Press{} : Press{e.seconds, e.x, e.y};
}

std::vector<unsigned> InputQueue::next_frame() {
  std::vector<unsigned> typed;
  double_clicked_.fill(false);
  std::bitset<kKeys> keys_changed;
  std::bitset<kButtons> buttons_changed;
  while (!events_.empty()) {
    const Event& e = events_.front();
    if (e.kind == Kind::Char) {
      if (keys_changed.any() || buttons_changed.any()) break;
      typed.push_back(e.codepoint);
    } else {
      const bool key = e.kind == Kind::Key;
      const bool changed_already =
          key ? keys_changed.test(static_cast<std::size_t>(e.code))
              : buttons_changed.test(static_cast<std::size_t>(e.code));
      const bool modifier_after_key =
          key && is_modifier(e.code) && keys_changed.any() &&
          !keys_changed.test(static_cast<std::size_t>(e.code));
      if (changed_already || !typed.empty() || modifier_after_key) break;
      bool& state = key ? keys_[static_cast<std::size_t>(e.code)]
                        : buttons_[static_cast<std::size_t>(e.code)];
      if (state != e.down) {
        state = e.down;
        if (key) {
          keys_changed.set(static_cast<std::size_t>(e.code));
        } else {
          buttons_changed.set(static_cast<std::size_t>(e.code));
          if (e.down) note_press(e);
        }
      }
    }
    events_.pop_front();
  }
  return typed;
}

}  // namespace timeslice::gui
