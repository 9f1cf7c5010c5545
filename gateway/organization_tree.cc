#include "gateway/organization_tree.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/identity.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"
#include "libs/platform/resource.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::gateway {
namespace {

namespace mv1 = ::partywork::membership::v1;

constexpr char kOrganizations[] = "organizations";
constexpr char kFeedLabel[] = "membership-tree";  // the gateway's follower of membership's feed
// Deeper than any real tree: a cycle in bad data must not loop forever.
constexpr int kMaxDepth = 64;

// The feed consumers' gauges, under the gateway's own label.
struct FollowerMetrics {
  metrics::Gauge& applied;
  metrics::Gauge& lag;
};

FollowerMetrics& Metrics() {
  auto& r = metrics::Registry::Default();
  static FollowerMetrics m{
      r.AddGauge("partywork_feed_consumer_applied_sequence",
                 "Last sequence of the feed applied by this consumer.", {"feed"})
          .With({kFeedLabel}),
      r.AddGauge("partywork_feed_consumer_lag",
                 "Events of the feed not yet applied (head minus applied).", {"feed"})
          .With({kFeedLabel})};
  return m;
}

}  // namespace

void OrganizationTree::SetParent(int64_t organization, int64_t parent, absl::CivilDay from) {
  organizations_[organization].parent_from[from] = parent;
}

void OrganizationTree::Apply(const common::v1::Event& event) {
  // An organization's version: its parent from the first day of the version.
  auto learn = [this](const mv1::Organization& o, const google::type::Date& fallback) {
    auto id = ResourceId(o.name(), kOrganizations);
    auto from = ToCivilDay(o.version_from());
    if (!from) from = ToCivilDay(o.established_on());
    if (!from) from = ToCivilDay(fallback);
    if (!id || !from) return;
    SetParent(*id, ResourceId(o.parent(), kOrganizations).value_or(0), *from);
  };
  mv1::OrganizationEstablished established;
  mv1::OrganizationsReorganized reorganized;
  if (event.payload().Is<mv1::OrganizationEstablished>() &&
      event.payload().UnpackTo(&established)) {
    std::unique_lock lock(mu_);
    learn(established.organization(), established.organization().established_on());
  } else if (event.payload().Is<mv1::OrganizationsReorganized>() &&
             event.payload().UnpackTo(&reorganized)) {
    std::unique_lock lock(mu_);
    // Ended organizations keep their last version: past reads still place them.
    for (const auto& o : reorganized.reorganization().results()) {
      learn(o, reorganized.reorganization().effective_on());
    }
  }
}

OrganizationTree::Placement OrganizationTree::Locate(int64_t organization, int64_t root,
                                                     absl::CivilDay day) const {
  std::shared_lock lock(mu_);
  int64_t current = organization;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    if (current == root) return Placement::kWithin;
    auto it = organizations_.find(current);
    if (it == organizations_.end()) return Placement::kUnknown;
    const auto& versions = it->second.parent_from;
    auto in_force = versions.upper_bound(day);     // the first version after `day`…
    if (in_force != versions.begin()) --in_force;  // …so the one before is in force
    current = in_force->second;
    if (current == 0) return Placement::kOutside;  // reached a top-level organization
  }
  return Placement::kOutside;
}

size_t OrganizationTree::size() const {
  std::shared_lock lock(mu_);
  return organizations_.size();
}

TreeFollower::TreeFollower(std::shared_ptr<grpc::Channel> channel, std::string identity_secret,
                           OrganizationTree* tree)
    : channel_(std::move(channel)), identity_secret_(std::move(identity_secret)), tree_(tree) {}

TreeFollower::~TreeFollower() { Stop(); }

void TreeFollower::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void TreeFollower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TreeFollower::Run() {
  const absl::Duration kRetryMin = absl::Milliseconds(100), kRetryMax = absl::Seconds(5);
  absl::Duration backoff = kRetryMin;
  while (true) {
    // Replay up to the head first (the stream then ends), so that readiness
    // does not wait for a heartbeat when the feed is quiet.
    const bool replaying = !caught_up_;
    const bool reached_head = FollowOnce(/*stop_at_head=*/replaying);
    if (replaying && reached_head) {
      caught_up_ = true;
      log::Info("organization tree caught up",
                {{"applied_sequence", applied_.load()}, {"organizations", tree_->size()}});
      if (on_caught_up_) on_caught_up_();
      backoff = kRetryMin;
      continue;
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, absl::ToChronoNanoseconds(backoff), [this] { return stopping_; })) {
      return;
    }
    backoff = std::min(backoff * 2, kRetryMax);
  }
}

bool TreeFollower::FollowOnce(bool stop_at_head) {
  auto stub = common::v1::EventFeedService::NewStub(channel_);
  grpc::ClientContext context;
  context.AddMetadata(
      kIdentityHeader,
      IdentitySigner(identity_secret_).Sign({"service:gateway", "service", ""}, absl::Hours(24)));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    current_ = &context;
  }
  common::v1::StreamEventsRequest request;
  request.set_after_sequence(applied_);
  request.set_stop_at_head(stop_at_head);
  auto reader = stub->StreamEvents(&context, request);
  common::v1::StreamEventsResponse response;
  std::string gap;
  while (gap.empty() && reader->Read(&response)) {
    for (const auto& event : response.events()) {
      if (event.sequence() <= applied_) continue;  // delivered again
      if (event.sequence() != applied_ + 1) {
        gap = absl::StrCat("the feed jumped from ", applied_.load(), " to ", event.sequence());
        context.TryCancel();
        break;
      }
      tree_->Apply(event);
      applied_ = event.sequence();
    }
    Metrics().applied.Set(static_cast<double>(applied_.load()));
    Metrics().lag.Set(
        static_cast<double>(std::max<int64_t>(0, response.head_sequence() - applied_)));
  }
  grpc::Status status = reader->Finish();
  bool stopping;
  {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = nullptr;
    stopping = stopping_;
  }
  if (stopping) return false;
  if (!gap.empty() || !status.ok()) {
    log::Warn("organization tree: membership's feed failed; reconnecting",
              {{"error", gap.empty() ? status.error_message() : gap}});
    return false;
  }
  return stop_at_head;
}

}  // namespace partywork::gateway
