// Memory of a running process, from /proc/<pid>/status.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace partywork::bench {

// The process's peak resident set size (VmHWM) in KiB; -1 if unknown.
int64_t PeakRssKib(pid_t pid);
// Its resident set size now (VmRSS) in KiB; -1 if unknown.
int64_t RssKib(pid_t pid);
// Starts its peak (VmHWM) again from its RSS now (/proc/<pid>/clear_refs),
// so that the peak of one step can be read; false if it cannot.
bool ResetPeakRss(pid_t pid);

}  // namespace partywork::bench
