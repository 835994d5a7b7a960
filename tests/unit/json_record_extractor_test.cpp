// The extractor validates whole lines (SPEC §5, §8 rules 4, 5) and captures the plan's paths
// with canonical text (rule 12). Expected values are written out by hand.
#include <doctest/doctest.h>

#include <string>

#include "config/field_path.hpp"
#include "json/record_extractor.hpp"

using namespace eddy;

namespace {
FieldPath dotted(std::string s) {
    FieldPath p;
    p.text = s;
    size_t at = 0;
    while (true) {
        size_t dot = s.find('.', at);
        p.steps.push_back(s.substr(at, dot - at));
        if (dot == std::string::npos) break;
        at = dot + 1;
    }
    return p;
}
FieldPath pointer(std::vector<std::string> steps) {
    FieldPath p;
    p.pointer = true;
    p.steps = std::move(steps);
    return p;
}

struct Probe {
    FieldPlan plan;
    std::vector<FieldSlot> slots;
    std::unique_ptr<RecordExtractor> ex;
    std::vector<FieldValue> out;
    std::string buf;
    explicit Probe(std::vector<FieldPath> paths) {
        for (auto& p : paths) slots.push_back(plan.add(p));
        ex = std::make_unique<RecordExtractor>(plan);
        out.resize(plan.slot_count());
    }
    std::string run(std::string line) {
        buf = line;
        buf.append(64, ' ');
        return std::string(ex->extract(std::string_view(buf.data(), line.size()), buf.size(), out.data()));
    }
    const FieldValue& at(size_t i) { return out[slots[i].index()]; }
};
}  // namespace

TEST_CASE("extractor captures scalars with canonical text") {
    Probe p({dotted("a"), dotted("b"), dotted("c"), dotted("d"), dotted("e"), dotted("missing")});
    REQUIRE(p.run(R"({"a":"x\u00e9\n","b":1.50,"c":-7,"d":true,"e":null})") == "");
    CHECK(p.at(0).kind == JsonKind::string);
    CHECK(p.at(0).string == "x\xc3\xa9\n");
    CHECK(p.at(0).canonical == "\"x\xc3\xa9\\n\"");  // é unescaped, \n kept escaped
    CHECK(p.at(1).kind == JsonKind::floating);
    CHECK(p.at(1).canonical == "1.5");
    CHECK(p.at(1).raw == "1.50");
    CHECK(p.at(2).kind == JsonKind::integer);
    CHECK(p.at(2).integer == -7);
    CHECK(p.at(2).canonical == "-7");
    CHECK(p.at(3).canonical == "true");
    CHECK(p.at(4).kind == JsonKind::null);
    CHECK(p.at(5).kind == JsonKind::missing);
}

TEST_CASE("extractor: 1 and 1.0 have different canonical text, 1.0 prints as a float") {
    Probe p({dotted("v")});
    REQUIRE(p.run(R"({"v":1.0})") == "");
    CHECK(p.at(0).canonical == "1.0");
    REQUIRE(p.run(R"({"v":1})") == "");
    CHECK(p.at(0).canonical == "1");
    REQUIRE(p.run(R"({"v":1e2})") == "");
    CHECK(p.at(0).canonical == "100.0");
}

TEST_CASE("extractor: objects and arrays become compact canonical text, member order kept") {
    Probe p({dotted("o"), dotted("o.k")});
    REQUIRE(p.run(R"({"o" : { "z" : [ 1 , 2.50 , "s" ] , "k" : {"y":null} }})") == "");
    CHECK(p.at(0).kind == JsonKind::object);
    CHECK(p.at(0).canonical == R"({"z":[1,2.5,"s"],"k":{"y":null}})");
    CHECK(p.at(1).canonical == R"({"y":null})");
}

TEST_CASE("extractor: dotted paths walk objects, pointers index arrays and reach dotted names") {
    Probe p({dotted("http.ts"), pointer({"a.b"}), pointer({"arr", "1"}), pointer({"arr", "5"})});
    REQUIRE(p.run(R"({"http":{"ts":"t1"},"a.b":2,"arr":[10,20,30]})") == "");
    CHECK(p.at(0).string == "t1");
    CHECK(p.at(1).integer == 2);
    CHECK(p.at(2).integer == 20);
    CHECK(p.at(3).kind == JsonKind::missing);
}

TEST_CASE("extractor: the first occurrence of a duplicate name wins") {
    Probe p({dotted("a"), dotted("o.b")});
    REQUIRE(p.run(R"({"a":1,"a":2,"o":{"b":"first"},"o":{"b":"second"}})") == "");
    CHECK(p.at(0).integer == 1);
    CHECK(p.at(1).string == "first");
}

TEST_CASE("extractor: big integers are kept as their text") {
    Probe p({dotted("n"), dotted("u")});
    REQUIRE(p.run(R"({"n":123456789012345678901234567890,"u":18446744073709551615})") == "");
    CHECK(p.at(0).kind == JsonKind::big_integer);
    CHECK(p.at(0).canonical == "123456789012345678901234567890");
    CHECK(p.at(1).kind == JsonKind::integer);
    CHECK_FALSE(p.at(1).integer_fits);
    CHECK(p.at(1).canonical == "18446744073709551615");
}

TEST_CASE("extractor: a syntax error anywhere makes the line invalid, even in unread fields") {
    Probe p({dotted("a")});
    CHECK(p.run(R"({"a":1,"b":tru})") != "");
    CHECK(p.run(R"({"a":1,"b":"\ud800"})") != "");   // lone surrogate
    CHECK(p.run(R"({"a":1,"b":"\udc00x"})") != "");  // lone low surrogate
    CHECK(p.run(R"({"a":1,"b":1e400})") != "");      // beyond a double's range
    CHECK(p.run(R"({"a":1,"b":01})") != "");
    CHECK(p.run(R"({"a":1,})") != "");
    CHECK(p.run(R"({"a":1} {"a":2})") != "");
    CHECK(p.run(R"({"a":1} x)") != "");
    CHECK(p.run("{\"a\":\"x\ty\"}") != "");          // raw control character in a string
    CHECK(p.run("{\"a\":\"\xff\"}") == "invalid UTF-8");
    CHECK(p.run(R"({"a":"open)") == "invalid JSON: unclosed string");
    CHECK(p.run(R"([1,2])") == "not an object");
    CHECK(p.run(R"("s")") == "not an object");
    CHECK(p.run("{\"a\":1}\r") == "");  // \r before \n is whitespace
}

TEST_CASE("extractor: nesting up to 1024 levels is valid, deeper is not") {
    Probe p({dotted("a")});
    auto nested = [](int depth) {  // depth counts the top-level object as 1
        std::string s = "{\"x\":";
        for (int i = 1; i < depth; ++i) s += "[";
        s += "0";
        for (int i = 1; i < depth; ++i) s += "]";
        return s + "}";
    };
    CHECK(p.run(nested(1024)) == "");
    CHECK(p.run(nested(1025)) != "");
}

TEST_CASE("extractor: canonical text is built only for slots whose readers need it") {
    FieldPlan plan;
    FieldSlot num = plan.add(dotted("x"), false);
    FieldSlot key = plan.add(dotted("k"), true);
    FieldSlot both = plan.add(dotted("y"), false);
    plan.add(dotted("y"), true);  // a second reader wants the text: the slot gets it
    RecordExtractor ex(plan);
    std::vector<FieldValue> out(plan.slot_count());
    std::string line = R"({"x":2.50,"k":"a","y":1e1})";
    std::string buf = line + std::string(64, ' ');
    REQUIRE(ex.extract(std::string_view(buf.data(), line.size()), buf.size(), out.data()) == "");
    CHECK(out[num.index()].number == 2.5);
    CHECK(out[num.index()].canonical.empty());
    CHECK(out[key.index()].canonical == "\"a\"");
    CHECK(out[both.index()].canonical == "10.0");
}

TEST_CASE("extractor: negative integers below int64 are big integers, not errors") {
    Probe p({dotted("n")});
    REQUIRE(p.run(R"({"n":-9223372036854775809})") == "");
    CHECK(p.at(0).kind == JsonKind::big_integer);
    CHECK(p.at(0).canonical == "-9223372036854775809");
    REQUIRE(p.run(R"({"n":-9223372036854775808})") == "");
    CHECK(p.at(0).kind == JsonKind::integer);
    CHECK(p.at(0).integer == INT64_MIN);
    CHECK(p.run(R"({"n":-01})") != "");
}
