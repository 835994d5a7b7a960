// Parses a filter's `where` text into an Expression (grammar and messages: docs/filter-select.md).
// Errors carry the 1-based byte offset in the text in Error::column (line 0).
#pragma once
#include <string_view>

#include "core/error.hpp"
#include "expr/expression.hpp"

namespace eddy {

// Parentheses and `!` may nest this deep: the parser and the evaluator recurse.
inline constexpr int kMaxExpressionDepth = 64;

Result<Expression> parse_expression(std::string_view text);

}  // namespace eddy
