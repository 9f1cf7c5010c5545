// A thread with a connection of its own that handles queued items a batch
// at a time: every item queued while one batch is handled goes into the next
// (up to max_batch), so batches grow with the load and a lone item waits for
// nothing. Used where one statement for many callers costs PostgreSQL and
// the service far less than one statement each (read audit records,
// lookups by id).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "libs/platform/db/database.h"
#include "libs/platform/log.h"

namespace partywork::db {

struct BatchQueueOptions {
  std::string conninfo;  // the service's database, its own role
  int max_batch = 1000;  // most items handled together
  int queue_limit = 10000;
};

template <class Item>
class BatchQueue {
 public:
  // Handles one batch on the queue's thread; it must answer every item.
  using Handle = std::function<void(Connection&, std::vector<Item>&)>;

  BatchQueue(BatchQueueOptions options, Handle handle)
      : options_(std::move(options)), handle_(std::move(handle)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~BatchQueue() {  // handles what is queued, then stops
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Queues `item`; false (and `item` left to the caller) when the queue is
  // full or stopping.
  bool Push(Item& item) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || static_cast<int>(queue_.size()) >= options_.queue_limit) return false;
    queue_.push_back(std::move(item));
    cv_.notify_one();
    return true;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything handled
      std::vector<Item> batch;
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      lock.unlock();
      try {
        handle_(connection_, batch);
      } catch (const std::exception& e) {  // a handler answers its own failures
        log::Error("batch handler failed", {{"error", e.what()}});
      }
      batch.clear();  // the items go outside the lock
      lock.lock();
    }
  }

  BatchQueueOptions options_;
  Handle handle_;
  Connection connection_{options_.conninfo};  // the queue's own
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread thread_;
};

}  // namespace partywork::db
