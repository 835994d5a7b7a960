// select: the projection keeps paths nested (list) or renames (table), copies each value's
// original text, omits missing members and objects left empty, and keeps time and key.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/field_path.hpp"
#include "json/record_extractor.hpp"
#include "ops/select.hpp"
#include "stage_capture.hpp"

using namespace eddy;

namespace {

SelectSpec spec_of(std::vector<std::pair<std::string, std::string>> fields, bool nested) {
    SelectSpec s;
    s.nested = nested;
    for (auto& [name, path] : fields) s.fields.push_back({name, parse_field_path(path).value(), {}});
    return s;
}

struct SelectProbe {
    FieldPlan plan;
    std::unique_ptr<SelectStage> stage;
    std::unique_ptr<RecordExtractor> extractor;
    std::vector<FieldValue> fields;
    std::string buf;
    StageCapture out;

    explicit SelectProbe(const SelectSpec& spec) {
        stage = std::make_unique<SelectStage>(spec, plan);
        extractor = std::make_unique<RecordExtractor>(plan);
        fields.resize(std::max<size_t>(plan.slot_count(), 1));
    }
    std::string on(const std::string& line, int64_t time = 7) {
        buf = line;
        buf.append(64, ' ');
        REQUIRE(extractor->extract(std::string_view(buf.data(), line.size()), buf.size(), fields.data()).empty());
        Event e{EventTime(time), ArrivalSeq(1), KeyId(), std::string_view(buf.data(), line.size()), fields.data()};
        stage->on_event(e, out);
        REQUIRE(!out.rows.empty());
        return out.rows.back();
    }
};

}  // namespace

TEST_CASE("select: a list keeps each path, grouped under shared first steps") {
    SelectProbe p(spec_of({{"ts", "ts"}, {"user.name", "user.name"}, {"tags", "tags"}, {"user.id", "user.id"}}, true));
    CHECK(p.on(R"({"ts":1,"user":{"id":7,"name":"a\u00e9","age":3},"tags":[1, 2 ,3] })") ==
          R"({"ts":1,"user":{"name":"a\u00e9","id":7},"tags":[1, 2 ,3]})");
    CHECK(p.out.row_times.back() == 7);  // the event's time, not re-read
    CHECK(p.on(R"({"ts":2,"user":{"age":3}})") == R"({"ts":2})");
    CHECK(p.on(R"({"user":null,"tags":null})") == R"({"tags":null})");
    CHECK(p.on(R"({"x":1})") == R"({})");
}

TEST_CASE("select: values are copied as written, objects and numbers included") {
    SelectProbe p(spec_of({{"o", "o"}, {"n", "n"}, {"b", "b"}, {"s", "s"}}, true));
    CHECK(p.on(R"({"s":"\/x\t", "n":1.50E+3 , "b":false,"o":{ "a" : [ {} ] } })") ==
          R"({"o":{ "a" : [ {} ] },"n":1.50E+3,"b":false,"s":"\/x\t"})");
}

TEST_CASE("select: a table renames; pointers reach arrays and dotted names") {
    SelectProbe p(spec_of({{"who", "user.name"}, {"first tag", "/tags/0"}, {"a.b", "/a.b"}}, false));
    CHECK(p.on(R"({"user":{"name":"x"},"tags":["t0","t1"],"a.b":2})") == R"({"who":"x","first tag":"t0","a.b":2})");
    SelectProbe nested(spec_of({{"/tags/1", "/tags/1"}}, true));
    CHECK(nested.on(R"({"tags":["t0","t1"]})") == R"({"tags":{"1":"t1"}})");
}
