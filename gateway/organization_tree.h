// The organization tree as the gateway needs it to check scopes: each
// organization's parent over time, learnt from membership's event feed
// (OrganizationEstablished, OrganizationsReorganized). The gateway keeps no
// database of its own for it: every replica replays the feed from its start
// when it starts, then follows it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "partywork/common/v1/feed.pb.h"

namespace partywork::gateway {

class OrganizationTree {
 public:
  enum class Placement { kWithin, kOutside, kUnknown };

  // Applies one event of membership's feed; other kinds are ignored. Applying
  // an event twice changes nothing.
  void Apply(const common::v1::Event& event);

  // Whether organizations/`organization` lies in the subtree of
  // organizations/`root` on `day`. Each organization is placed by its version
  // in force that day (its first one before it was established, its last one
  // after it ended), so past reads see the tree as it was. kUnknown: the feed
  // has not mentioned the organization or one of its ancestors.
  Placement Locate(int64_t organization, int64_t root, absl::CivilDay day) const;

  size_t size() const;

 private:
  struct Organization {
    std::map<absl::CivilDay, int64_t> parent_from;  // first day → parent id (0: none)
  };
  void SetParent(int64_t organization, int64_t parent, absl::CivilDay from);

  mutable std::shared_mutex mu_;
  std::unordered_map<int64_t, Organization> organizations_;  // guarded by mu_
};

// Follows membership's feed into a tree: first replays it up to its head
// (caught_up() turns true), then follows new events; reconnects with backoff.
class TreeFollower {
 public:
  TreeFollower(std::shared_ptr<grpc::Channel> channel, std::string identity_secret,
               OrganizationTree* tree);
  ~TreeFollower();  // stops
  TreeFollower(const TreeFollower&) = delete;
  TreeFollower& operator=(const TreeFollower&) = delete;

  // Before Start(): runs on the follower's thread once it has caught up.
  void OnCaughtUp(std::function<void()> caught_up) { on_caught_up_ = std::move(caught_up); }
  void Start();
  void Stop();
  bool caught_up() const { return caught_up_.load(); }
  int64_t applied() const { return applied_.load(); }

 private:
  void Run();
  // One stream from applied(); true if it ended at the feed's head as asked.
  bool FollowOnce(bool stop_at_head);

  std::shared_ptr<grpc::Channel> channel_;
  std::string identity_secret_;
  OrganizationTree* tree_;
  std::function<void()> on_caught_up_;
  std::atomic<int64_t> applied_{0};
  std::atomic<bool> caught_up_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                   // guarded by mu_
  grpc::ClientContext* current_ = nullptr;  // guarded by mu_
  std::thread thread_;
};

}  // namespace partywork::gateway
