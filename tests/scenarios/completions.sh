#!/usr/bin/env bash
# Shell completions (man/completions/): the bash completion offers the subcommands, the options
# of `eddy run` and the values of --format and of the state action; it lists every option
# that the binary's --help prints, and offers no option the binary lacks (so it cannot fall
# behind the CLI in src/main.cpp); the zsh and fish files name every long option too and pass
# `zsh -n` / `fish -n` where those shells are installed; and `cmake --install` puts all three
# in the conventional places under the prefix when the binary's build dir is at hand.
set -u
export LC_ALL=C  # the order sort gives
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"
: "${EDDY:?EDDY must name the eddy binary}"
comp=$here/../../man/completions
for f in eddy.bash _eddy eddy.fish; do [ -s "$comp/$f" ] || fail "missing $comp/$f"; done

# --- bash: run the completion function on simulated command lines --------------------------
# Self-contained: the completion uses only compgen/compopt, so bash-completion need not be
# installed; no bash-completion helper is sourced here, whether it is installed or not.
. "$comp/eddy.bash" || fail "sourcing eddy.bash failed"
complete -p eddy >/dev/null 2>&1 || fail "eddy.bash does not register a completion for eddy"

# complete_line WORD...: the candidates for the last WORD (the one being completed), sorted,
# one line.
complete_line() {
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _eddy eddy "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect_completion() {  # expect_completion "WANT" WORD...
  local want=$1; shift
  local got; got=$(complete_line "$@")
  [ "$got" = "$want" ] || fail "completing [$*]: got [$got], expected [$want]"
}

mkdir -p files/sub && : > files/a.toml && : > files/b.ndjson
cd files
expect_completion "check run state test" eddy ''
expect_completion "--format" eddy run --for
expect_completion "csv ndjson tsv" eddy run x.toml --format ''
expect_completion "csv" eddy run x.toml --format = c       # --format=c, split at '='
expect_completion "dump info reset" eddy state ''
expect_completion "--help --version -h" eddy -
expect_completion "--update" eddy test a.toml --u
expect_completion "a.toml sub" eddy run ''                 # the pipeline: *.toml and directories
expect_completion "a.toml b.ndjson sub" eddy run a.toml '' # inputs: any file
expect_completion "sub" eddy run a.toml --state ''         # a directory
expect_completion "a.toml sub" eddy test ''
expect_completion "dump info reset" eddy state --state sub ''
cd ..

# Every option the binary's --help prints is offered, and nothing else: per subcommand, the
# options (short and long) from the help's option column against the completion of "-".
help_options() {  # help_options [SUBCOMMAND]: the options --help lists, sorted, one line
  "$EDDY" "$@" --help 2>&1 | grep -E '^ +-' | awk '{print $1}' | tr ',' '\n' | grep -E '^-' | sort -u | tr '\n' ' ' | sed 's/ $//'
}
top=$(help_options)
[ -n "$top" ] || fail "no options in '$EDDY --help'"
for sub in run check test state; do
  want=$(help_options "$sub")
  [ -n "$want" ] || fail "no options in '$EDDY $sub --help'"
  case $sub in
    run|check|test) pos=a.toml ;;
    state) pos=info ;;
  esac
  got=$(complete_line eddy "$sub" "$pos" -)
  [ "$got" = "$want" ] || fail "eddy $sub: the bash completion offers [$got], --help lists [$want]"
  # The zsh and fish files name each long option too.
  for opt in $want; do
    case $opt in --*) ;; *) continue ;; esac
    grep -q -- "$opt" "$comp/_eddy" || fail "_eddy (zsh) lacks $sub $opt"
    grep -q -- "-l ${opt#--}\b" "$comp/eddy.fish" || fail "eddy.fish lacks $sub $opt"
  done
done
want_top=$(printf '%s\n' $top | sort | tr '\n' ' ' | sed 's/ $//')
got_top=$(complete_line eddy -)
[ "$got_top" = "$want_top" ] || fail "eddy: the bash completion offers [$got_top], --help lists [$want_top]"

# The values --help lists for --format and for the state action.
formats=$("$EDDY" run --help 2>&1 | grep -oE -- '--format [A-Z]+:\{[^}]*\}' | sed 's/.*{//; s/}//' | tr ',' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$formats" ] || fail "no {values} after --format in '$EDDY run --help'"
expect_completion "$formats" eddy run a.toml --format ''
actions=$("$EDDY" state --help 2>&1 | grep -oE -- '^ +action [A-Z]+:\{[^}]*\}' | sed 's/.*{//; s/}//' | tr ',' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$actions" ] || fail "no {values} for action in '$EDDY state --help'"
expect_completion "$actions" eddy state ''

# --- zsh and fish: syntax only --------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$comp/_eddy" || fail "zsh -n _eddy"
else
  echo "skipped: zsh -n (zsh is not installed)"
fi
if command -v fish >/dev/null 2>&1; then
  fish -n "$comp/eddy.fish" || fail "fish -n eddy.fish"
else
  echo "skipped: fish -n (fish is not installed)"
fi

# --- install: the build dir of $EDDY, if it is one -------------------------------------------
build=$(cd "$(dirname "$EDDY")" && pwd)
if [ ! -f "$build/cmake_install.cmake" ]; then
  echo "skipped: install check ($build has no cmake_install.cmake)"
elif ! command -v cmake >/dev/null 2>&1; then
  echo "skipped: install check (no cmake)"
elif [ "$here/../../CMakeLists.txt" -nt "$build/cmake_install.cmake" ]; then
  echo "skipped: install check ($build was configured before the last change to CMakeLists.txt; re-run cmake)"
else
  prefix=$PWD/prefix
  cmake --install "$build" --prefix "$prefix" >install.log 2>&1 || fail "cmake --install $build failed: $(tail -5 install.log)"
  for f in share/bash-completion/completions/eddy:eddy.bash share/zsh/site-functions/_eddy:_eddy \
           share/fish/vendor_completions.d/eddy.fish:eddy.fish; do
    [ -f "$prefix/${f%%:*}" ] || fail "cmake --install did not install ${f%%:*} (got: $(cd "$prefix" && find . -type f | tr '\n' ' '))"
    same_file "$prefix/${f%%:*}" "$comp/${f#*:}"
  done
  [ -x "$prefix/bin/eddy" ] || fail "cmake --install did not install bin/eddy"
fi
echo "completions: ok"
