// Generated inputs for the sketch tests: uniform, normal, lognormal and Zipf draws made from
// mt19937_64's standard-defined output, so every machine feeds the sketches the same values.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

namespace eddy::sketch_data {

inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

inline double normal(std::mt19937_64& rng) {
    const double u1 = 1.0 - uniform01(rng);  // (0, 1]
    const double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

inline double lognormal(std::mt19937_64& rng, double mu, double sigma) { return std::exp(mu + sigma * normal(rng)); }

// Zipf over 1..n with exponent s, by inverse CDF.
class Zipf {
public:
    Zipf(size_t n, double s) : cdf_(n) {
        double total = 0;
        for (size_t i = 0; i < n; ++i) cdf_[i] = total += 1.0 / std::pow(static_cast<double>(i + 1), s);
        for (double& c : cdf_) c /= total;
    }
    int64_t operator()(std::mt19937_64& rng) const {
        const double u = uniform01(rng);
        return static_cast<int64_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()) + 1;
    }

private:
    std::vector<double> cdf_;
};

}  // namespace eddy::sketch_data
