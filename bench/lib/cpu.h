// CPU time of processes, from /proc (utime + stime): the benchmarks record
// the CPU each server spent per call, which stays meaningful when other work
// shares the machine and the rates do not.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace partywork::bench {

// CPU seconds the process has used (all its threads); -1 if unknown.
double CpuSeconds(pid_t pid);
// The same for the process with its children, those running and those it
// has reaped (a PostgreSQL server: the postmaster and every backend).
double CpuSecondsWithChildren(pid_t pid);
// The parent of `pid`; -1 if unknown.
pid_t ParentOf(pid_t pid);

// The CPU of named processes between two samples.
class CpuMeter {
 public:
  struct Use {
    std::string process;
    double us_per_call = 0;
  };

  void Watch(std::string name, pid_t pid, bool with_children = false);
  std::vector<double> Sample() const;  // seconds, one per watched process
  // CPU µs per call of each process from `before` to `after`.
  std::vector<Use> PerCall(const std::vector<double>& before, const std::vector<double>& after,
                           int64_t calls) const;

 private:
  struct Watched {
    std::string name;
    pid_t pid;
    bool with_children;
  };
  std::vector<Watched> watched_;
};

}  // namespace partywork::bench
