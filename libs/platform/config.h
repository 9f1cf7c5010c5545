// Configuration from flags and environment variables.
//
// Every setting has a name ("grpc-port"); its value comes from the flag
// --grpc-port=VALUE, else the environment variable PARTYWORK_GRPC_PORT, else
// its default. docs/configuration.md lists every setting of every binary.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace partywork {

struct SettingSpec {
  std::string name;
  std::string default_value;
  std::string help;
};

class Config {
 public:
  // Parses argv[1..]: --name=value flags and positional words (e.g. a mode
  // such as "migrate"). An unknown flag is an error. `env` defaults to the
  // process environment.
  static absl::StatusOr<Config> Load(const std::vector<SettingSpec>& specs, int argc,
                                     const char* const* argv,
                                     const std::map<std::string, std::string>* env = nullptr);

  // The environment variable that sets `name`: PARTYWORK_ + upper snake case.
  static std::string EnvName(const std::string& name);
  // A help text listing every setting, its variable and default.
  static std::string Help(const std::vector<SettingSpec>& specs);

  const std::string& String(const std::string& name) const;
  // Typed readers; an unparsable value was already refused by Load.
  int Int(const std::string& name) const;
  absl::Duration Duration(const std::string& name) const;
  bool Bool(const std::string& name) const;

  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace partywork
