// Queue building blocks shared by the policies.
//
// FifoQueue: an intrusive doubly linked list over task ids: O(1) push at
// either end and O(1) removal of any task (needed when a topology migrates it).
// RankedQueue: tasks ordered by (key, enqueue order), O(log n) push and
// removal, O(1) front and back (ranked_queue.h).
// Both find the first task allowed on a CPU by scanning from the front, which
// is O(1) unless affinity masks exclude the front tasks. Their per-task
// entries live in the run's shared per-task storage (SchedContext::per_task):
// call attach() before use.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/policy.h"
#include "sim/policies/ranked_queue.h"

namespace timeslice {

class FifoQueue {
 public:
  // Use the run's shared per-task links (SchedContext::per_task) in `slot`.
  // Every queue of a policy holding a task at one time may share a slot.
  void attach(SchedContext& ctx, int slot = 0) { nodes_.attach(ctx, slot); }

  void push_back(TaskId t) { link(t, tail_, kNoTask); }
  void push_front(TaskId t) { link(t, kNoTask, head_); }
  // Put t just ahead of the queued task `next` (kNoTask: at the back).
  void insert_before(TaskId t, TaskId next) {
    link(t, next == kNoTask ? tail_ : node(next).prev, next);
  }

  void remove(TaskId t) {
    Node& n = node(t);
    (n.prev == kNoTask ? head_ : node(n.prev).next) = n.next;
    (n.next == kNoTask ? tail_ : node(n.next).prev) = n.prev;
    n.prev = n.next = kNoTask;
    n.queued = false;
    --size_;
  }

  // Move every task of `other` (which shares this one's slot) to the back of
  // this queue, in order, in O(1).
  void append(FifoQueue& other) {
    if (other.empty()) return;
    if (empty()) {
      head_ = other.head_;
    } else {
      node(tail_).next = other.head_;
      node(other.head_).prev = tail_;
    }
    tail_ = other.tail_;
    size_ += other.size_;
    other.head_ = other.tail_ = kNoTask;
    other.size_ = 0;
  }

  // Whether t is in a queue sharing this one's slot.
  bool contains(TaskId t) const { return node(t).queued; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  TaskId front() const { return head_; }
  TaskId back() const { return tail_; }
  // The queued tasks after and before t (kNoTask at either end).
  TaskId next(TaskId t) const { return node(t).next; }
  TaskId prev(TaskId t) const { return node(t).prev; }

  // First task (from the front) that may run on `cpu`, or kNoTask.
  TaskId first_allowed(const SchedContext& ctx, CpuId cpu) const {
    for (TaskId t = head_; t != kNoTask; t = node(t).next)
      if (ctx.allowed(t, cpu)) return t;
    return kNoTask;
  }
  // Last task that may run on `cpu`, or kNoTask (scans from the back).
  TaskId last_allowed(const SchedContext& ctx, CpuId cpu) const {
    for (TaskId t = tail_; t != kNoTask; t = node(t).prev)
      if (ctx.allowed(t, cpu)) return t;
    return kNoTask;
  }

  void for_each(const std::function<void(TaskId)>& visit) const {
    for (TaskId t = head_; t != kNoTask; t = node(t).next) visit(t);
  }
  // Visit from the back (the last first) until `visit` returns false.
  bool visit_from_back(const std::function<bool(TaskId)>& visit) const {
    for (TaskId t = tail_; t != kNoTask; t = node(t).prev)
      if (!visit(t)) return false;
    return true;
  }

 private:
  struct Node {
    TaskId prev = kNoTask, next = kNoTask;
    bool queued = false;
  };
  Node& node(TaskId t) { return nodes_[t]; }
  const Node& node(TaskId t) const { return nodes_[t]; }
  void link(TaskId t, TaskId prev, TaskId next) {
    Node& n = node(t);
    n.prev = prev;
    n.next = next;
    n.queued = true;
    (prev == kNoTask ? head_ : node(prev).next) = t;
    (next == kNoTask ? tail_ : node(next).prev) = t;
    ++size_;
  }
  PerTask<Node> nodes_;
  TaskId head_ = kNoTask, tail_ = kNoTask;
  std::size_t size_ = 0;
};

// A policy whose run queue is a single Queue (FifoQueue or RankedQueue): the
// queue hooks are the queue's own; the policy adds ordering and preemption.
template <class Queue>
class SingleQueuePolicy : public Policy {
 public:
  void attach(SchedContext& ctx) override {
    Policy::attach(ctx);
    queue_.attach(ctx);
  }
  void dequeue(TaskId t) override { queue_.remove(t); }
  TaskId pick_next(CpuId cpu) override { return queue_.first_allowed(ctx(), cpu); }
  TaskId last_allowed(CpuId cpu) const override { return queue_.last_allowed(ctx(), cpu); }
  std::size_t queued() const override { return queue_.size(); }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    queue_.for_each(visit);
  }
  void visit_from_back(const std::function<bool(TaskId)>& visit) const override {
    queue_.visit_from_back(visit);
  }

 protected:
  Queue queue_;
};

}  // namespace timeslice
