// The process-wide "stop" raised by SIGINT/SIGTERM/SIGHUP: the handler only records the
// signal; the reader treats an interrupted read as the end of input, and the runner exits.
#pragma once
#include <csignal>

namespace eddy {

// The signal that asked eddy to stop, or 0.
int stop_signal();
// Async-signal-safe: called from the signal handler.
void request_stop(int sig);

}  // namespace eddy
