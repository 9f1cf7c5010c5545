// Small helpers of the tests for this machine: shell commands and loopback
// ports.
#pragma once

#include <string>

namespace partywork::testing {

// Runs a shell command; returns its exit status and appends its output
// (stdout and stderr).
int RunCommand(const std::string& command, std::string* output = nullptr);
// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();
// Whether something accepts TCP connections on 127.0.0.1:port.
bool Listening(int port);
// GET `path` from 127.0.0.1:port; the whole HTTP response, "" on failure.
std::string HttpGet(int port, const std::string& path);

}  // namespace partywork::testing
