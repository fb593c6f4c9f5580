// AugmentedQueue: tasks ordered by (key, enqueue order), each with a `value`,
// in a balanced binary search tree where each subtree keeps the smallest value
// of its tasks, so that the first task in order whose value passes a test
// that smaller values pass too is found in O(log n). This is how Linux keeps
// EEVDF's run queue (kernel/sched/fair.c: the rb-tree sorted by virtual
// deadline, augmented with min_vruntime by min_vruntime_cb_propagate,
// searched by pick_eevdf's "heap search for the EEVD entity"): key =
// deadline, value = vruntime, test = eligible. Used by eevdf and priority
// (its aging). (The plain ordered run queue is RankedQueue, ranked_queue.h.)
//
// Its nodes live in the run's shared per-task storage
// (SchedContext::per_task; call attach() before use), as Linux keeps a
// sched_entity's rb_node in the task: no allocation per enqueue, and a queued
// task costs nothing beyond its node, 40 bytes.
//
// The tree is a treap (a binary search tree that is a heap on a priority
// drawn per node), balanced in expectation: O(log n) push and remove.
// Priorities come from a fixed hash of the enqueue order, so runs stay
// deterministic (and the order, a total one, does not depend on the shape).
// The first and last tasks are kept, so front() and back() cost nothing.
// A task's key and value are fixed while it is queued.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/policy.h"

namespace timeslice {

class AugmentedQueue {
 public:
  void attach(SchedContext& ctx, int slot = 0) { nodes_.attach(ctx, slot); }

  void push(TaskId t, std::int64_t key, std::int64_t value) { insert(t, key, ++seq_, value); }
  // Ahead of the queued tasks with the same key (a preempted task keeps its
  // place, as Linux does for real-time tasks).
  void push_front(TaskId t, std::int64_t key, std::int64_t value) { insert(t, key, --front_seq_, value); }

  void remove(TaskId t) {
    root_ = erase(root_, t);
    nodes_[t].seq = kNotQueued;
    --size_;
    if (t == first_) first_ = extreme(&Node::left);
    if (t == last_) last_ = extreme(&Node::right);
  }

  // Whether t is in a queue sharing this one's slot.
  bool contains(TaskId t) const { return nodes_[t].seq != kNotQueued; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The key t was queued with (t must be queued).
  std::int64_t key_of(TaskId t) const { return nodes_[t].key; }
  // The smallest value of any queued task (the queue must not be empty).
  std::int64_t min_value() const { return nodes_[root_].min_value; }
  TaskId front() const { return first_; }
  TaskId back() const { return last_; }

  // The first task in order whose value passes `ok`, where ok(v) implies
  // ok(u) for every u < v; kNoTask if none. O(depth).
  template <class Ok>
  TaskId first_where(Ok&& ok) const {
    TaskId node = root_;
    while (node != kNoTask) {
      const Node& n = nodes_[node];
      if (n.left != kNoTask && ok(nodes_[n.left].min_value)) {
        node = n.left;  // the left subtree holds one: it comes first
        continue;
      }
      if (ok(n.value)) return node;
      node = n.right;
    }
    return kNoTask;
  }

  // First task in order for which pred(task) holds, or kNoTask (stops early).
  template <class Pred>
  TaskId find_first(Pred&& pred) const {
    TaskId found = kNoTask;
    walk(/*forward=*/true, [&](TaskId t) {
      if (!pred(t)) return true;
      found = t;
      return false;
    });
    return found;
  }
  TaskId first_allowed(const SchedContext& ctx, CpuId cpu) const {
    if (first_ == kNoTask || ctx.allowed(first_, cpu)) return first_;
    return find_first([&](TaskId t) { return ctx.allowed(t, cpu); });
  }
  // Last task in order that may run on `cpu`, or kNoTask (from the back).
  TaskId last_allowed(const SchedContext& ctx, CpuId cpu) const {
    if (last_ == kNoTask || ctx.allowed(last_, cpu)) return last_;
    TaskId found = kNoTask;
    walk(/*forward=*/false, [&](TaskId t) {
      if (!ctx.allowed(t, cpu)) return true;
      found = t;
      return false;
    });
    return found;
  }

  void for_each(const std::function<void(TaskId)>& visit) const {
    walk(/*forward=*/true, [&](TaskId t) {
      visit(t);
      return true;
    });
  }
  // Visit from the back (the last in order first) until `visit` returns false.
  bool visit_from_back(const std::function<bool(TaskId)>& visit) const {
    return walk(/*forward=*/false, visit);
  }

 private:
  // The enqueue order of a task that is in no queue: pushes count up from 1,
  // pushes to the front down from -1.
  static constexpr std::int64_t kNotQueued = 0;
  struct Node {
    std::int64_t key = 0, seq = kNotQueued;
    std::int64_t value = 0, min_value = 0;  // min_value: smallest value in its subtree
    TaskId left = kNoTask, right = kNoTask;
  };
  static_assert(sizeof(Node) == 40);

  void insert(TaskId t, std::int64_t key, std::int64_t seq, std::int64_t value) {
    Node& n = nodes_[t];
    n.key = key;
    n.seq = seq;
    n.value = n.min_value = value;
    n.left = n.right = kNoTask;
    root_ = insert(root_, t);
    ++size_;
    if (first_ == kNoTask || before(t, first_)) first_ = t;
    if (last_ == kNoTask || before(last_, t)) last_ = t;
  }
  bool before(TaskId a, TaskId b) const {
    const Node& x = nodes_[a];
    const Node& y = nodes_[b];
    return x.key != y.key ? x.key < y.key : x.seq < y.seq;
  }
  // A heap on this keeps the tree balanced: splitmix64's finaliser, a
  // well-spread number from the enqueue order.
  std::uint64_t priority(TaskId t) const {
    std::uint64_t x = static_cast<std::uint64_t>(nodes_[t].seq) + 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  void update(TaskId t) {
    Node& n = nodes_[t];
    n.min_value = n.value;
    if (n.left != kNoTask) n.min_value = std::min(n.min_value, nodes_[n.left].min_value);
    if (n.right != kNoTask) n.min_value = std::min(n.min_value, nodes_[n.right].min_value);
  }
  TaskId rotate_right(TaskId t) {  // t's left child takes its place
    const TaskId l = nodes_[t].left;
    nodes_[t].left = nodes_[l].right;
    nodes_[l].right = t;
    update(t);
    update(l);
    return l;
  }
  TaskId rotate_left(TaskId t) {  // t's right child takes its place
    const TaskId r = nodes_[t].right;
    nodes_[t].right = nodes_[r].left;
    nodes_[r].left = t;
    update(t);
    update(r);
    return r;
  }
  TaskId insert(TaskId root, TaskId t) {
    if (root == kNoTask) return t;
    if (before(t, root)) {
      nodes_[root].left = insert(nodes_[root].left, t);
      if (priority(nodes_[root].left) > priority(root)) return rotate_right(root);
    } else {
      nodes_[root].right = insert(nodes_[root].right, t);
      if (priority(nodes_[root].right) > priority(root)) return rotate_left(root);
    }
    update(root);
    return root;
  }
  TaskId erase(TaskId root, TaskId t) {
    if (root == t) return merge(nodes_[t].left, nodes_[t].right);
    if (before(t, root)) nodes_[root].left = erase(nodes_[root].left, t);
    else nodes_[root].right = erase(nodes_[root].right, t);
    update(root);
    return root;
  }
  // Join two trees, every task of `a` before every task of `b`.
  TaskId merge(TaskId a, TaskId b) {
    if (a == kNoTask) return b;
    if (b == kNoTask) return a;
    if (priority(a) > priority(b)) {
      nodes_[a].right = merge(nodes_[a].right, b);
      update(a);
      return a;
    }
    nodes_[b].left = merge(a, nodes_[b].left);
    update(b);
    return b;
  }
  TaskId extreme(TaskId Node::*side) const {
    if (root_ == kNoTask) return kNoTask;
    TaskId t = root_;
    while (nodes_[t].*side != kNoTask) t = nodes_[t].*side;
    return t;
  }
  // In-order walk (reverse order if !forward) until visit returns false.
  template <class Visit>
  bool walk(bool forward, Visit&& visit) const {
    std::vector<TaskId> stack;
    TaskId t = root_;
    while (t != kNoTask || !stack.empty()) {
      for (; t != kNoTask; t = forward ? nodes_[t].left : nodes_[t].right) stack.push_back(t);
      t = stack.back();
      stack.pop_back();
      if (!visit(t)) return false;
      t = forward ? nodes_[t].right : nodes_[t].left;
    }
    return true;
  }

  PerTask<Node> nodes_;
  TaskId root_ = kNoTask;
  TaskId first_ = kNoTask, last_ = kNoTask;  // the first and last in order
  std::size_t size_ = 0;
  std::int64_t seq_ = 0, front_seq_ = 0;
};

}  // namespace timeslice
