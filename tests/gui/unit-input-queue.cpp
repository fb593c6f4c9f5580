// The input queue (gui/model/input_queue.h): every press reaches a frame of
// its own, whatever arrives in one event batch.
#include <catch2/catch.hpp>

#include <string>

#include "gui/model/input_queue.h"

using namespace timeslice::gui;

namespace {

// GLFW's codes, spelled out so the test needs no GLFW header.
constexpr int kRight = 262, kLeftCtrl = 341, kA = 65, kDigit4 = 52, kDigit2 = 50;

// Frames until the queue is empty; counts the frames in which `key` went
// down (what ImGui::IsKeyPressed sees).
int presses_seen(InputQueue& q, int key, int* frames = nullptr) {
  int presses = 0, n = 0;
  bool was_down = q.key_down(key);
  while (q.pending() && n < 1000) {
    q.next_frame();
    ++n;
    if (q.key_down(key) && !was_down) ++presses;
    was_down = q.key_down(key);
  }
  if (frames) *frames = n;
  return presses;
}

}  // namespace

TEST_CASE("input queue: six quick taps in one batch are six presses") {
  InputQueue q;
  for (int i = 0; i < 6; ++i) {
    q.key(kRight, true);
    q.key(kRight, false);
  }
  int frames = 0;
  CHECK(presses_seen(q, kRight, &frames) == 6);
  CHECK(frames == 12);  // one change per frame: down, up, down, ...
  CHECK_FALSE(q.key_down(kRight));
}

TEST_CASE("input queue: a held key stays down until its release is taken") {
  InputQueue q;
  q.key(kRight, true);
  q.next_frame();
  CHECK(q.key_down(kRight));
  CHECK_FALSE(q.pending());
  q.next_frame();  // nothing new: still down
  CHECK(q.key_down(kRight));
  q.key(kRight, false);
  q.next_frame();
  CHECK_FALSE(q.key_down(kRight));
}

TEST_CASE("input queue: different keys change in the same frame") {
  InputQueue q;
  q.key(kLeftCtrl, true);
  q.key(kA, true);
  q.next_frame();
  CHECK(q.key_down(kLeftCtrl));
  CHECK(q.key_down(kA));
  CHECK_FALSE(q.pending());
}

TEST_CASE("input queue: Ctrl+A then a digit: the selection comes before the text") {
  // "4" in a field, then Ctrl+A and "2" typed quickly: the field must see
  // Ctrl and A down together in a frame with no text, and "2" only later.
  InputQueue q;
  q.key(kLeftCtrl, true);
  q.key(kA, true);
  q.key(kA, false);
  q.key(kLeftCtrl, false);
  q.key(kDigit2, true);
  q.character('2');
  q.key(kDigit2, false);

  std::string typed;
  bool select_all_seen = false;
  for (int n = 0; q.pending() && n < 100; ++n) {
    const auto chars = q.next_frame();
    if (q.key_down(kLeftCtrl) && q.key_down(kA)) {
      select_all_seen = true;
      CHECK(chars.empty());
      CHECK(typed.empty());
    }
    for (unsigned c : chars) typed += static_cast<char>(c);
  }
  CHECK(select_all_seen);
  CHECK(typed == "2");
}

TEST_CASE("input queue: typing keeps every character, in order") {
  InputQueue q;
  for (const char c : std::string("4242")) {
    const int key = c == '4' ? kDigit4 : kDigit2;
    q.key(key, true);
    q.character(static_cast<unsigned>(c));
    q.key(key, false);
  }
  std::string typed;
  for (int n = 0; q.pending() && n < 100; ++n)
    for (unsigned c : q.next_frame()) typed += static_cast<char>(c);
  CHECK(typed == "4242");
}

TEST_CASE("input queue: a double-click in one batch is two clicks") {
  InputQueue q;
  for (int i = 0; i < 2; ++i) {
    q.button(0, true);
    q.button(0, false);
  }
  int downs = 0;
  bool was = false;
  for (int n = 0; q.pending() && n < 100; ++n) {
    q.next_frame();
    if (q.button_down(0) && !was) ++downs;
    was = q.button_down(0);
  }
  CHECK(downs == 2);
}

TEST_CASE("input queue: codes outside the tables are ignored") {
  InputQueue q;
  q.key(-1, true);  // GLFW_KEY_UNKNOWN
  q.key(InputQueue::kKeys, true);
  q.button(InputQueue::kButtons, true);
  CHECK_FALSE(q.pending());
  CHECK_FALSE(q.key_down(-1));
}

TEST_CASE("input queue: double-clicks are timed by the events, not the frames") {
  InputQueue q;
  // Two clicks 40 ms apart at one spot, taken over four frames (slow ones:
  // ImGui's frame clock would say 0.4 s passed).
  q.button(0, true, 10.00, 100, 50);
  q.button(0, false, 10.01, 100, 50);
  q.button(0, true, 10.05, 101, 50);
  q.button(0, false, 10.06, 101, 50);
  std::vector<bool> doubles;
  while (q.pending()) {
    q.next_frame();
    doubles.push_back(q.double_clicked(0));
  }
  CHECK(doubles == std::vector<bool>{false, false, true, false});

  // Too slow, or too far apart: two single clicks.
  InputQueue slow;
  slow.button(0, true, 1.0, 10, 10);
  slow.button(0, false, 1.1, 10, 10);
  slow.button(0, true, 1.4, 10, 10);
  InputQueue far;
  far.button(0, true, 1.0, 10, 10);
  far.button(0, false, 1.01, 10, 10);
  far.button(0, true, 1.05, 30, 10);
  for (InputQueue* x : {&slow, &far}) {
    bool any = false;
    while (x->pending()) {
      x->next_frame();
      any |= x->double_clicked(0);
    }
    CHECK_FALSE(any);
  }
}

TEST_CASE("input queue: a third quick click is not a second double-click") {
  InputQueue q;
  for (int i = 0; i < 3; ++i) {
    q.button(0, true, 0.05 * i, 0, 0);
    q.button(0, false, 0.05 * i + 0.01, 0, 0);
  }
  int doubles = 0;
  while (q.pending()) {
    q.next_frame();
    doubles += q.double_clicked(0);
  }
  CHECK(doubles == 1);
}

TEST_CASE("input queue: a key pressed with Ctrl is seen with Ctrl down") {
  // What xdotool sends for "ctrl+a": Ctrl is released before A.
  InputQueue q;
  q.key(kLeftCtrl, true);
  q.key(kA, true);
  q.key(kLeftCtrl, false);
  q.key(kA, false);
  bool ctrl_a = false;
  for (int n = 0; q.pending() && n < 10; ++n) {
    q.next_frame();
    ctrl_a |= q.key_down(kLeftCtrl) && q.key_down(kA);
  }
  CHECK(ctrl_a);
  // The same in a batch of its own, the Ctrl press arriving a frame early.
  InputQueue late;
  late.key(kLeftCtrl, true);
  late.next_frame();
  late.key(kA, true);
  late.key(kLeftCtrl, false);
  late.next_frame();
  CHECK(late.key_down(kA));
  CHECK(late.key_down(kLeftCtrl));
}
