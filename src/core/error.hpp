// Errors: values at the edges (Error, Result<T>) and one exception type at the top
// (EddyError) that carries the message and the sysexits code the process ends with.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace eddy {

// Exit codes, SPEC §1.
enum class ExitCode : int {
    ok = 0,
    usage = 64,
    data = 65,          // bad input under on_invalid = "fail"
    no_input = 66,      // input cannot be opened
    internal = 70,
    cant_create = 73,   // output cannot be created
    io = 74,            // disk full, map full, a limit
    locked = 75,
    config = 78,
    hangup = 129,
    interrupted = 130,
    broken_pipe = 141,
    terminated = 143,
};

// An error found at an edge. line/column are 1-based positions in the text that was
// parsed (0 = unknown); the caller that knows the file name turns it into "file:line:col".
struct Error {
    std::string message;
    int line = 0;
    int column = 0;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }
private:
    std::variant<T, Error> v_;
};

// The one exception: thrown only where the run must end. main() prints
// "eddy: <message>" and exits with code(). The message has no "eddy: " prefix.
class EddyError : public std::runtime_error {
public:
    EddyError(ExitCode code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
    ExitCode code() const { return code_; }
private:
    ExitCode code_;
};

}  // namespace eddy
