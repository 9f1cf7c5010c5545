#include "libs/platform/config.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

extern char** environ;

namespace partywork {
namespace {

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

// Settings are typed by their default's shape, so a bad value is refused at
// startup rather than when first read.
absl::Status CheckType(const SettingSpec& spec, const std::string& value) {
  const std::string& d = spec.default_value;
  int i;
  absl::Duration dur;
  bool b;
  if (absl::SimpleAtoi(d, &i) && !absl::SimpleAtoi(value, &i)) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", spec.name, ": \"", value, "\" is not a whole number"));
  }
  if (!absl::SimpleAtoi(d, &i) && absl::ParseDuration(d, &dur) &&
      !absl::ParseDuration(value, &dur)) {
    return absl::InvalidArgumentError(absl::StrCat("setting ", spec.name, ": \"", value,
                                                   "\" is not a duration (e.g. 500ms, 10s, 5m)"));
  }
  if ((d == "true" || d == "false") && !absl::SimpleAtob(value, &b)) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", spec.name, ": \"", value, "\" is not true or false"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string Config::EnvName(const std::string& name) {
  return absl::StrCat("PARTYWORK_", absl::AsciiStrToUpper(absl::StrReplaceAll(name, {{"-", "_"}})));
}

absl::StatusOr<Config> Config::Load(const std::vector<SettingSpec>& specs, int argc,
                                    const char* const* argv,
                                    const std::map<std::string, std::string>* env) {
  std::map<std::string, std::string> process_env;
  if (env == nullptr) {
    process_env = ProcessEnvironment();
    env = &process_env;
  }
  Config config;
  std::map<std::string, const SettingSpec*> by_name;
  for (const auto& spec : specs) {
    by_name[spec.name] = &spec;
    auto it = env->find(EnvName(spec.name));
    config.values_[spec.name] = it != env->end() ? it->second : spec.default_value;
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg(argv[i]);
    if (!absl::StartsWith(arg, "--")) {
      config.positional_.push_back(arg);
      continue;
    }
    arg = arg.substr(2);
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (by_name.find(name) == by_name.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    if (eq == std::string::npos) {
      // A bare boolean flag means true; any other needs a value.
      if (by_name[name]->default_value != "true" && by_name[name]->default_value != "false") {
        return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      }
      config.values_[name] = "true";
    } else {
      config.values_[name] = arg.substr(eq + 1);
    }
  }
  for (const auto& spec : specs) {
    if (auto s = CheckType(spec, config.values_[spec.name]); !s.ok()) return s;
  }
  return config;
}

std::string Config::Help(const std::vector<SettingSpec>& specs) {
  std::string out = "Settings (flag, environment variable, default):\n";
  for (const auto& spec : specs) {
    absl::StrAppend(&out, "  --", spec.name, "  ", EnvName(spec.name), "  [", spec.default_value,
                    "]\n      ", spec.help, "\n");
  }
  return out;
}

const std::string& Config::String(const std::string& name) const {
  static const std::string kEmpty;
  auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

int Config::Int(const std::string& name) const {
  int v = 0;
  (void)absl::SimpleAtoi(String(name), &v);
  return v;
}

absl::Duration Config::Duration(const std::string& name) const {
  absl::Duration d;
  return absl::ParseDuration(String(name), &d) ? d : absl::ZeroDuration();
}

bool Config::Bool(const std::string& name) const {
  bool b = false;
  (void)absl::SimpleAtob(String(name), &b);
  return b;
}

}  // namespace partywork
