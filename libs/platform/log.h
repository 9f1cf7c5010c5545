// Structured logs: one JSON object per line on stderr, with the fields of
// docs/operations.md (ts level msg service grpc.method grpc.code duration_ms
// request_id trace_id peer subject).
#pragma once

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace partywork::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Names the service in every line and sets the lowest level written
// ("debug", "info", "warn", "error"). Unknown names mean "info".
void Init(std::string service, std::string_view min_level);

// Whether a line at `level` is written (so a caller can skip building it).
bool Enabled(Level level);

void Write(Level level, std::string_view msg, nlohmann::json fields = nlohmann::json::object());

inline void Debug(std::string_view msg, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kDebug, msg, std::move(f));
}
inline void Info(std::string_view msg, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kInfo, msg, std::move(f));
}
inline void Warn(std::string_view msg, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kWarn, msg, std::move(f));
}
inline void Error(std::string_view msg, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kError, msg, std::move(f));
}

}  // namespace partywork::log
