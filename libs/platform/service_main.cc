#include "libs/platform/service_main.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/platform/errors.h"
#include "libs/platform/log.h"

namespace partywork {

std::vector<SettingSpec> CommonSettings(const ServiceSpec& spec) {
  return {
      {"listen-host", "0.0.0.0", "Address the gRPC and metrics servers listen on."},
      {"grpc-port", absl::StrCat(spec.grpc_port), "gRPC port."},
      {"metrics-port", absl::StrCat(spec.metrics_port),
       "Port of the Prometheus endpoint (GET /metrics)."},
      {"database-url",
       absl::StrCat("postgresql://partywork_", spec.name,
                    "@127.0.0.1:55432/partywork?connect_timeout=3&application_name=partywork-",
                    spec.name),
       "libpq connection URI of the service's own role."},
      {"db-workers", "4", "Database worker threads, each owning one connection."},
      {"db-acquire-timeout", "2s",
       "Longest a call waits for a free database worker before UNAVAILABLE."},
      {"db-queue-limit", "10000", "Most calls waiting for a database worker."},
      {"identity-secret", "",
       "Secret shared by partywork's servers to sign and verify caller identities. Required."},
      {"max-connection-age", "5m",
       "Clients are asked to reconnect after this long, so they re-resolve replicas."},
      {"max-connection-age-grace", "30s", "Time calls get to finish on an aged connection."},
      {"drain-delay", "0s",
       "On SIGTERM, time between turning health NOT_SERVING and refusing new calls."},
      {"shutdown-grace", "10s", "On SIGTERM, time in-flight calls get to finish."},
      {"log-level", "info", "Lowest log level written: debug, info, warn or error."},
  };
}

std::vector<SettingSpec> AllSettings(const ServiceSpec& spec) {
  std::vector<SettingSpec> all = CommonSettings(spec);
  all.insert(all.end(), spec.settings.begin(), spec.settings.end());
  return all;
}

std::vector<SettingSpec> FeedSettings() {
  return {
      {"feed-poll-interval", "200ms",
       "How often an idle StreamEvents call looks for events committed by other replicas."},
      {"feed-heartbeat", "5s", "An idle StreamEvents call sends an empty response this often."},
  };
}

std::shared_ptr<feed::EventFeed> ServeEventFeed(ServiceRuntime& rt) {
  feed::EventFeedOptions options;
  options.schema = rt.schema;
  options.poll_interval = rt.config.Duration("feed-poll-interval");
  options.heartbeat = rt.config.Duration("feed-heartbeat");
  auto feed = std::make_shared<feed::EventFeed>(rt.db, options);
  rt.host.Register(feed->service(), common::v1::EventFeedService::service_full_name());
  rt.host.OnDrain([f = feed.get()] { f->Drain(); });
  return feed;
}

namespace {

int Serve(const ServiceSpec& spec, const Config& config) {
  if (config.String("identity-secret").empty()) {
    log::Error("identity-secret is required (PARTYWORK_IDENTITY_SECRET)");
    return 2;
  }
  db::Database db({config.String("database-url"), spec.name, config.Int("db-workers"),
                   config.Int("db-queue-limit"), config.Duration("db-acquire-timeout")});
  HostOptions options;
  options.service = spec.name;
  options.listen_host = config.String("listen-host");
  options.grpc_port = config.Int("grpc-port");
  options.metrics_port = config.Int("metrics-port");
  options.max_connection_age = config.Duration("max-connection-age");
  options.max_connection_age_grace = config.Duration("max-connection-age-grace");
  options.drain_delay = config.Duration("drain-delay");
  options.shutdown_grace = config.Duration("shutdown-grace");
  options.identity_secret = config.String("identity-secret");
  ServiceHost host(options);
  ServiceRuntime runtime{config, db, host, spec.name, options.identity_secret};
  auto parts = spec.wire(runtime);
  if (!parts.ok()) {
    log::Error("cannot start", {{"error", std::string(parts.status().message())}});
    return 1;
  }
  if (auto s = host.Start(); !s.ok()) {
    log::Error("cannot start", {{"error", std::string(s.message())}});
    return 1;
  }
  (*parts)->Started();
  host.SetServing(true);
  host.Wait();
  parts->reset();
  return 0;
}

}  // namespace

int ServiceMain(const ServiceSpec& spec, int argc, char** argv) {
  BlockTerminationSignals();
  // gRPC's locks are abseil's, and the deadlock detector Debian's abseil
  // leaves on keeps a lock graph on every acquisition: a few per cent of each
  // call's CPU under load (measured in docs/performance.md).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const std::vector<SettingSpec> settings = AllSettings(spec);
  const std::string binary = "partywork-" + spec.name;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "help") {
      std::string modes = "serve|migrate";
      for (const auto& [name, run] : spec.extra_modes) modes += "|" + name;
      std::printf("Usage: %s [%s] [--setting=value …]\n\n%s", binary.c_str(), modes.c_str(),
                  Config::Help(settings).c_str());
      return 0;
    }
  }
  auto config = Config::Load(settings, argc, argv);
  if (!config.ok()) {
    std::fprintf(stderr, "%s: %s\n", binary.c_str(),
                 std::string(config.status().message()).c_str());
    return 2;
  }
  log::Init(spec.name, config->String("log-level"));
  errors::SetDomain(spec.name + ".partywork");
  std::string mode = config->positional().empty() ? "serve" : config->positional()[0];
  if (mode == "migrate") {
    auto applied = db::Migrate(config->String("database-url"), spec.name, spec.migrations);
    if (!applied.ok()) {
      log::Error("migration failed", {{"error", std::string(applied.status().message())}});
      return 1;
    }
    log::Info("schema up to date", {{"schema", spec.name}, {"applied", applied->size()}});
    return 0;
  }
  if (auto extra = spec.extra_modes.find(mode); extra != spec.extra_modes.end()) {
    return extra->second(*config);
  }
  if (mode != "serve") {
    std::string modes = "serve, migrate";
    for (const auto& [name, run] : spec.extra_modes) modes += ", " + name;
    std::fprintf(stderr, "%s: unknown mode \"%s\" (%s)\n", binary.c_str(), mode.c_str(),
                 modes.c_str());
    return 2;
  }
  return Serve(spec, *config);
}

}  // namespace partywork
