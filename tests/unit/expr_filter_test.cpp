// The filter expression language: parsing (with the offsets of errors) and evaluation on
// records read by the real extractor, so paths, types and raw values are as in a run.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expr/expression_parser.hpp"
#include "expr/filter_program.hpp"
#include "json/record_extractor.hpp"

using namespace eddy;

namespace {

struct FilterProbe {
    FieldPlan plan;
    std::optional<FilterProgram> program;
    std::unique_ptr<RecordExtractor> extractor;
    std::vector<FieldValue> fields;
    std::string buf;

    explicit FilterProbe(std::string_view where) {
        auto e = parse_expression(where);
        REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
        program.emplace(e.value(), plan);
        extractor = std::make_unique<RecordExtractor>(plan);
        fields.resize(std::max<size_t>(plan.slot_count(), 1));
    }
    bool on(const std::string& line) {
        buf = line;
        buf.append(64, ' ');
        const std::string reason(extractor->extract(std::string_view(buf.data(), line.size()), buf.size(), fields.data()));
        REQUIRE(reason.empty());
        return program->matches(fields.data());
    }
};

// "column: message" (1-based byte column in the expression), or "(ok)".
std::string parse_error(std::string_view text) {
    auto e = parse_expression(text);
    if (e.ok()) return "(ok)";
    return std::to_string(e.error().column) + ": " + e.error().message;
}

}  // namespace

TEST_CASE("filter: numbers compare by value whatever their spelling") {
    FilterProbe eq("a == 1");
    CHECK(eq.on(R"({"a":1})"));
    CHECK(eq.on(R"({"a":1.0})"));
    CHECK(eq.on(R"({"a":1e0})"));
    CHECK_FALSE(eq.on(R"({"a":"1"})"));
    CHECK_FALSE(eq.on(R"({"a":true})"));
    FilterProbe big("a == 5e2 && b < 2 && c >= -1.5 && d > 18446744073709551615");
    CHECK(big.on(R"({"a":500,"b":1.5,"c":-1.5,"d":1e20})"));
    CHECK_FALSE(big.on(R"({"a":500,"b":2,"c":-1.5,"d":1e20})"));
    // Two int64 values compare exactly (a double would make them equal).
    FilterProbe exact("a != 9007199254740993");
    CHECK(exact.on(R"({"a":9007199254740992})"));
    CHECK_FALSE(exact.on(R"({"a":9007199254740993})"));
}

TEST_CASE("filter: strings compare by their characters, bytewise for order") {
    FilterProbe eq("s == \"\\u00e9t\\u00E9\" || s == 'it\\'s'");
    CHECK(eq.on(R"({"s":"été"})"));
    CHECK(eq.on(R"({"s":"\u00e9t\u00e9"})"));
    CHECK(eq.on(R"({"s":"it's"})"));
    FilterProbe quote("s == 'a\\'b'");
    CHECK(quote.on(R"({"s":"a'b"})"));
    FilterProbe order("s < \"b\" && s >= \"B\"");
    CHECK(order.on(R"({"s":"a"})"));
    CHECK(order.on(R"({"s":"B"})"));
    CHECK_FALSE(order.on(R"({"s":"b"})"));
    CHECK_FALSE(order.on(R"({"s":"é"})"));  // 0xC3 sorts after every ASCII byte
}

TEST_CASE("filter: missing reads as null for equality; order needs two numbers or two strings") {
    FilterProbe is_null("a == null");
    CHECK(is_null.on(R"({})"));
    CHECK(is_null.on(R"({"a":null})"));
    CHECK_FALSE(is_null.on(R"({"a":0})"));
    FilterProbe not_null("a != null");
    CHECK(not_null.on(R"({"a":false})"));
    CHECK_FALSE(not_null.on(R"({})"));
    FilterProbe present("exists(a)");
    CHECK(present.on(R"({"a":null})"));
    CHECK_FALSE(present.on(R"({"b":1})"));
    FilterProbe lt("a < 1");
    CHECK_FALSE(lt.on(R"({})"));
    CHECK_FALSE(lt.on(R"({"a":null})"));
    CHECK_FALSE(lt.on(R"({"a":"0"})"));
    CHECK_FALSE(lt.on(R"({"a":false})"));
    CHECK_FALSE(lt.on(R"({"a":[0]})"));
    FilterProbe not_lt("!(a < 1)");
    CHECK(not_lt.on(R"({})"));
    CHECK(not_lt.on(R"({"a":"0"})"));
    CHECK_FALSE(not_lt.on(R"({"a":0})"));
}

TEST_CASE("filter: arrays and objects compare by canonical text") {
    FilterProbe eq("a == b");
    CHECK(eq.on(R"({"a":{"x":1.50, "y":[1]},"b":{"x":1.5,"y":[ 1 ]}})"));
    CHECK_FALSE(eq.on(R"({"a":{"x":1,"y":2},"b":{"y":2,"x":1}})"));  // member order matters
    CHECK_FALSE(eq.on(R"({"a":[1],"b":[1.0]})"));
    CHECK(eq.on(R"({})"));  // missing == missing
}

TEST_CASE("filter: in lists, regexes, exists and bare operands") {
    FilterProbe in("a in [1, \"x\", null]");
    CHECK(in.on(R"({"a":"x"})"));
    CHECK(in.on(R"({"a":1.0})"));
    CHECK(in.on(R"({})"));
    CHECK_FALSE(in.on(R"({"a":2})"));
    FilterProbe empty("a in []");
    CHECK_FALSE(empty.on(R"({"a":1})"));
    FilterProbe re("s =~ \"^\\d+$\"");
    CHECK(re.on(R"({"s":"123"})"));
    CHECK_FALSE(re.on(R"({"s":"12a"})"));
    CHECK_FALSE(re.on(R"({"s":123})"));
    FilterProbe bot("matches(agent, \"(?i)bot\") && !(agent =~ \"^curl\")");
    CHECK(bot.on(R"({"agent":"GoogleBot/2.1"})"));
    CHECK_FALSE(bot.on(R"({"agent":"curl bot"})"));
    // A regex is not unescaped: \" reaches RE2, which reads it as a quote.
    FilterProbe quote("s =~ \"a\\\"b\"");
    CHECK(quote.on(R"({"s":"xa\"b"})"));
    FilterProbe flag("flag");
    CHECK(flag.on(R"({"flag":true})"));
    CHECK_FALSE(flag.on(R"({"flag":"true"})"));
    CHECK_FALSE(flag.on(R"({"flag":1})"));
    CHECK_FALSE(flag.on(R"({})"));
}

TEST_CASE("filter: a condition compared as a value is a boolean") {
    FilterProbe absent("exists(a) == false");
    CHECK(absent.on(R"({})"));
    CHECK_FALSE(absent.on(R"({"a":1})"));
    FilterProbe same("(a == 1) == b");
    CHECK(same.on(R"({"a":1,"b":true})"));
    CHECK(same.on(R"({"a":2,"b":false})"));
    CHECK_FALSE(same.on(R"({"a":2,"b":true})"));
    FilterProbe re("matches(s, \"x\") != true");
    CHECK(re.on(R"({"s":"y"})"));
    CHECK_FALSE(re.on(R"({"s":"x"})"));
    FilterProbe ordered("exists(a) < 1");  // a boolean has no order
    CHECK_FALSE(ordered.on(R"({"a":0})"));
}

TEST_CASE("filter: precedence, short circuit order and paths") {
    FilterProbe neg("!a == 1");  // !(a == 1)
    CHECK_FALSE(neg.on(R"({"a":1})"));
    CHECK(neg.on(R"({"a":2})"));
    FilterProbe prec("a == 1 || b == 1 && c == 1");  // a == 1 || (b == 1 && c == 1)
    CHECK(prec.on(R"({"a":1})"));
    CHECK_FALSE(prec.on(R"({"b":1})"));
    CHECK(prec.on(R"({"b":1,"c":1})"));
    FilterProbe grouped("(a == 1 || b == 1) && c == 1");
    CHECK_FALSE(grouped.on(R"({"a":1})"));
    CHECK(grouped.on(R"({"a":1,"c":1})"));
    FilterProbe paths("http.status >= 500 && /a.b/0 == 3 && exists(/x~1y)");
    CHECK(paths.on(R"({"http":{"status":503},"a.b":[3],"x/y":0})"));
    CHECK_FALSE(paths.on(R"({"http":{"status":503},"a":{"b":[3]},"x/y":0})"));
}

TEST_CASE("filter: errors name the byte where they were found") {
    CHECK(parse_error("") == "1: empty expression");
    CHECK(parse_error("   ") == "4: empty expression");
    CHECK(parse_error("a >=") == "5: expected a value after '>='");
    CHECK(parse_error("a >= && b") == "6: expected a value after '>='");
    CHECK(parse_error("a == 1 &&") == "10: expected a value after '&&'");
    CHECK(parse_error("== 1") == "1: unexpected '=='");
    CHECK(parse_error("a = 1") == "3: unexpected '=' (did you mean '=='?)");
    CHECK(parse_error("a & b") == "3: unexpected '&' (did you mean '&&'?)");
    CHECK(parse_error("a | b") == "3: unexpected '|' (did you mean '||'?)");
    CHECK(parse_error("a == \"x") == "6: unterminated string");
    CHECK(parse_error("a < b < c") == "7: comparisons do not chain; combine them with &&");
    CHECK(parse_error("(a == 1") == "8: expected ')'");
    CHECK(parse_error("a in 1") == "6: 'in' needs a list such as [\"a\", \"b\"]");
    CHECK(parse_error("a in [1, b]") == "10: only literals may appear in an 'in' list");
    CHECK(parse_error("a in [1, 2") == "11: expected ']' to close the list");
    CHECK(parse_error("a in [1 2]") == "9: expected ']' to close the list");
    CHECK(parse_error("exist(a)") == "1: unknown function 'exist' (did you mean 'exists'?)");
    CHECK(parse_error("exists(1)") == "8: exists() takes one field path");
    CHECK(parse_error("matches(a)") == "10: matches() takes a field path and a regex");
    CHECK(parse_error("matches(a, b)") == "12: matches() takes a field path and a regex");
    CHECK(parse_error("a =~ 1") == "6: expected a quoted regex after '=~'");
    CHECK(parse_error("a =~ \"(\"").rfind("6: invalid regex \"(\": ", 0) == 0);
    CHECK(parse_error("a..b == 1") == "3: bad field path 'a..b': empty name");
    CHECK(parse_error("a == 1 b") == "8: unexpected text after the expression");
    CHECK(parse_error("a == 5xx") == "6: bad number");
    CHECK(parse_error("a == \"\\q\"") == "7: bad escape '\\q' in string");
    CHECK(parse_error("a == \"\\ud800\"") == "7: bad escape in string (a lone surrogate)");
    CHECK(parse_error("in == 1") == "1: unexpected 'in'");
    CHECK(parse_error(std::string(70, '(') + "a" + std::string(70, ')')).find("nested deeper than 64") != std::string::npos);
    CHECK(parse_error("a == 1 && !(b != \"x\") || c in [1, 2.5, -3, true, null, 'y']") == "(ok)");
}
