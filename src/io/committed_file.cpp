// truncate(2) happens before the file is opened for appending, so no byte of this run can
// land before the cut.
#include "io/committed_file.hpp"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

namespace eddy {

void cut_back_to_committed(const std::string& path, std::optional<uint64_t> committed) {
    if (!committed) return;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT && *committed == 0) return;
        throw EddyError(ExitCode::io, path + ": the output file is gone, but " + std::to_string(*committed) +
                                          " bytes of it were committed; eddy never rewrites committed output "
                                          "(restore the file, or start over with --reset-state)");
    }
    const auto size = static_cast<uint64_t>(st.st_size);
    if (size < *committed)
        throw EddyError(ExitCode::io, path + ": the output file has " + std::to_string(size) + " bytes but " +
                                          std::to_string(*committed) +
                                          " were committed; eddy never rewrites committed output "
                                          "(restore the file, or start over with --reset-state)");
    if (size > *committed && ::truncate(path.c_str(), static_cast<off_t>(*committed)) != 0)
        throw EddyError(ExitCode::io, path + ": cannot cut back to the committed length: " + std::strerror(errno));
}

std::string output_key(const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    char cwd[PATH_MAX];
    if (!::getcwd(cwd, sizeof cwd)) return path;
    return std::string(cwd) + "/" + path;
}

}  // namespace eddy
