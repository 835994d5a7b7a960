// The sessionize event arena: views stay valid until released, chunks are freed with their
// last event, a line longer than a chunk gets its own.
#include <doctest/doctest.h>

#include <string>

#include "state/event_arena.hpp"

using namespace eddy;

TEST_CASE("event arena: bytes stay readable until released; merged sessions move no bytes") {
    EventArena arena;
    const auto a = arena.store("{\"a\":1}");
    const auto b = arena.store("");
    const std::string big(3 << 20, 'x');  // larger than a chunk: a chunk of its own
    const auto c = arena.store(big);
    const auto d = arena.store("tail");
    CHECK(arena.view(a) == "{\"a\":1}");
    CHECK(arena.view(b).empty());
    CHECK(arena.view(c) == big);
    CHECK(arena.view(d) == "tail");
    const size_t before = arena.bytes_reserved();
    arena.release(c);  // the big chunk held only c, and it is not current any more
    CHECK(arena.bytes_reserved() == before - big.size());
    arena.release(a);
    arena.release(b);
    CHECK(arena.view(d) == "tail");
}
