// A volatile sig_atomic_t is the one object a handler may portably write.
#include "core/stop_request.hpp"

namespace eddy {

namespace {
volatile std::sig_atomic_t g_stop_signal = 0;
}

int stop_signal() { return g_stop_signal; }
void request_stop(int sig) { g_stop_signal = sig; }

}  // namespace eddy
