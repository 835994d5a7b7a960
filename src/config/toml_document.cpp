// A dedicated pthread with a 512 MiB stack (reserved, touched only as deep as the file needs):
// ~300 bytes of toml++ stack per dotted-key part times the most parts 1 MiB can hold fits.
#include "config/toml_document.hpp"

#include <pthread.h>

#include <exception>
#include <new>
#include <optional>

namespace eddy {

namespace {
struct ParseJob {
    std::string_view text;
    std::string_view path;
    std::optional<toml::table> result;
    std::exception_ptr error;
};

void* run_parse(void* arg) {
    auto* job = static_cast<ParseJob*>(arg);
    try {
        job->result = toml::parse(job->text, job->path);
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}
}  // namespace

toml::table parse_toml_document(std::string_view text, std::string_view display_path) {
    ParseJob job{text, display_path, std::nullopt, nullptr};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, size_t{512} << 20);
    pthread_t thread;
    const int rc = pthread_create(&thread, &attr, run_parse, &job);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        // No thread to be had: parse here; only absurdly deep keys could still hurt.
        return toml::parse(text, display_path);
    }
    pthread_join(thread, nullptr);
    if (job.error) std::rethrow_exception(job.error);
    return std::move(*job.result);
}

}  // namespace eddy
