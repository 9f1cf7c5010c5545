#include "bench/lib/cpu.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace partywork::bench {
namespace {

// The fields of /proc/<pid>/stat after the command (which may hold spaces,
// so it is skipped up to its closing parenthesis): [0] is the state, [1] the
// parent, [11] utime, [12] stime, [13] cutime, [14] cstime, in clock ticks.
std::vector<std::string> StatFields(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

double Ticks(const std::vector<std::string>& f, size_t from, size_t to) {
  double ticks = 0;
  for (size_t i = from; i <= to && i < f.size(); ++i) ticks += std::strtod(f[i].c_str(), nullptr);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

double CpuSeconds(pid_t pid) {
  const auto f = StatFields(pid);
  return f.size() > 12 ? Ticks(f, 11, 12) : -1;
}

pid_t ParentOf(pid_t pid) {
  const auto f = StatFields(pid);
  return f.size() > 1 ? static_cast<pid_t>(std::atol(f[1].c_str())) : -1;
}

double CpuSecondsWithChildren(pid_t pid) {
  const auto own = StatFields(pid);
  if (own.size() <= 14) return -1;
  double seconds = Ticks(own, 11, 14);  // itself and the children it reaped
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return seconds;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    const long child = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    const auto f = StatFields(static_cast<pid_t>(child));
    if (f.size() > 12 && std::atol(f[1].c_str()) == pid) seconds += Ticks(f, 11, 12);
  }
  closedir(proc);
  return seconds;
}

void CpuMeter::Watch(std::string name, pid_t pid, bool with_children) {
  watched_.push_back({std::move(name), pid, with_children});
}

std::vector<double> CpuMeter::Sample() const {
  std::vector<double> out;
  for (const Watched& w : watched_) {
    out.push_back(w.with_children ? CpuSecondsWithChildren(w.pid) : CpuSeconds(w.pid));
  }
  return out;
}

std::vector<CpuMeter::Use> CpuMeter::PerCall(const std::vector<double>& before,
                                             const std::vector<double>& after,
                                             int64_t calls) const {
  std::vector<Use> out;
  if (calls <= 0) return out;
  for (size_t i = 0; i < watched_.size() && i < before.size() && i < after.size(); ++i) {
    if (before[i] < 0 || after[i] < 0) continue;
    out.push_back({watched_[i].name, (after[i] - before[i]) * 1e6 / static_cast<double>(calls)});
  }
  return out;
}

}  // namespace partywork::bench
