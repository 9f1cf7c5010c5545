// The main() of every partywork binary: settings from flags and environment,
// the `migrate` mode (apply the schema and exit), and the `serve` mode (the
// default): database workers, the service's own parts, the server, and a
// graceful shutdown.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/platform/config.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/migrations.h"
#include "libs/platform/feed/event_feed.h"
#include "libs/platform/server.h"

namespace partywork {

// What a service's wiring gets to build its parts with.
struct ServiceRuntime {
  const Config& config;
  db::Database& db;
  ServiceHost& host;
  std::string schema;
  std::string identity_secret;
};

// What a service's wiring builds: kept alive while the server runs and
// destroyed after it has stopped, before the database workers stop.
class ServiceParts {
 public:
  virtual ~ServiceParts() = default;
  // Runs once the server is listening (e.g. to start feed consumers).
  virtual void Started() {}
};

struct ServiceSpec {
  std::string name;  // "membership": binary partywork-<name>, schema <name>
  int grpc_port = 0;
  int metrics_port = 0;
  std::vector<db::Migration> migrations;
  std::vector<SettingSpec> settings;  // the service's own, beyond the common ones
  // Builds the service's parts and registers its gRPC services on
  // runtime.host, before the server starts.
  std::function<absl::StatusOr<std::unique_ptr<ServiceParts>>(ServiceRuntime&)> wire;
  // Modes beyond serve and migrate (e.g. the gateway's mint-token): the
  // mode's word on the command line runs it and exits with its result.
  std::map<std::string, std::function<int(const Config&)>> extra_modes;
};

// The settings every binary has; their defaults follow the spec's name and
// ports.
std::vector<SettingSpec> CommonSettings(const ServiceSpec& spec);
// Every setting of `spec`'s binary: the common ones, then its own.
std::vector<SettingSpec> AllSettings(const ServiceSpec& spec);

// Settings of a service that serves an event feed.
std::vector<SettingSpec> FeedSettings();
// Serves the service's outbox as its EventFeedService, configured by
// FeedSettings(), and ends its streams when the server drains.
std::shared_ptr<feed::EventFeed> ServeEventFeed(ServiceRuntime& runtime);

int ServiceMain(const ServiceSpec& spec, int argc, char** argv);

}  // namespace partywork
