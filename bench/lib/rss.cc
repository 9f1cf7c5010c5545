#include "bench/lib/rss.h"

#include <fstream>
#include <string>

namespace partywork::bench {
namespace {

int64_t StatusField(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

}  // namespace

int64_t PeakRssKib(pid_t pid) { return StatusField(pid, "VmHWM"); }
int64_t RssKib(pid_t pid) { return StatusField(pid, "VmRSS"); }

bool ResetPeakRss(pid_t pid) {
  std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace partywork::bench
