#include "libs/platform/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace partywork::log {
namespace {

std::mutex g_mu;
std::string g_service = "partywork";  // guarded by g_mu
std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Init(std::string service, std::string_view min_level) {
  Level level = Level::kInfo;
  if (min_level == "debug") level = Level::kDebug;
  if (min_level == "warn") level = Level::kWarn;
  if (min_level == "error") level = Level::kError;
  g_min_level = static_cast<int>(level);
  std::lock_guard<std::mutex> lock(g_mu);
  g_service = std::move(service);
}

bool Enabled(Level level) { return static_cast<int>(level) >= g_min_level.load(); }

void Write(Level level, std::string_view msg, nlohmann::json fields) {
  if (!Enabled(level)) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["msg"] = msg;
  std::lock_guard<std::mutex> lock(g_mu);
  line["service"] = g_service;
  for (auto& [key, value] : fields.items()) line[key] = value;
  // Invalid UTF-8 in a field must not make a log line throw.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fprintf(stderr, "%s\n", text.c_str());
}

}  // namespace partywork::log
