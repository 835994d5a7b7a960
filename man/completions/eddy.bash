# bash completion for eddy(1). Installed as share/bash-completion/completions/eddy; to try it
# from the source tree: source man/completions/eddy.bash
# Self-contained: uses only compgen/compopt, not the bash-completion package's helpers.
# Keep in step with the CLI in src/main.cpp (tests/scenarios/completions.sh checks that every
# long option of `eddy run --help` is listed here).

# _eddy_files KIND: fill COMPREPLY with names for $cur; KIND is toml (pipeline files and
# directories to descend into), dir (directories) or any (every file).
_eddy_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    case $1 in
        toml) COMPREPLY+=($(compgen -f -X '!*.toml' -- "$cur") $(compgen -d -- "$cur")) ;;
        dir)  COMPREPLY+=($(compgen -d -- "$cur")) ;;
        *)    COMPREPLY+=($(compgen -f -- "$cur")) ;;
    esac
}

# _eddy_words WORDS...: fill COMPREPLY with the WORDS that start with $cur.
_eddy_words() {
    local IFS=$' \t\n'
    COMPREPLY+=($(compgen -W "$*" -- "$cur"))
}

_eddy() {
    local cur prev opt prefix= i word sub= subpos=0
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}

    # --opt=VALUE: with '=' in COMP_WORDBREAKS (the default) bash splits it into
    # "--opt" "=" "VALUE"; otherwise it arrives as one word.
    opt=$prev
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then
        opt=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        prefix=$opt=
        cur=${cur#*=}
    fi
    _eddy_complete
    # An unsplit "--opt=VALUE" word is replaced as a whole: keep its "--opt=".
    [[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
    return 0
}

# The body of _eddy; sees its locals cur, prev, opt, i, word, sub and subpos.
_eddy_complete() {
    # The subcommand is the first word after "eddy" that is not an option.
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        case $word in
            -*) ;;
            *) sub=$word; subpos=$i; break ;;
        esac
    done

    local run_opts='-o --output --state --format --now --threads --drain --progress --no-progress
                    --stats --quiet --reset-state --wait -h --help'
    case $sub in
        '')
            if [[ $cur == -* ]]; then
                _eddy_words -h --help --version
            else
                _eddy_words run check test state
            fi
            ;;
        run)
            # The value of an option that takes one.
            case $opt in
                -o|--output) _eddy_files any; return 0 ;;
                --state)     _eddy_files dir; return 0 ;;
                --format)    _eddy_words ndjson csv tsv; return 0 ;;
                --now|--threads) return 0 ;;  # a time or a number: nothing to offer
            esac
            if [[ $cur == -* ]]; then
                _eddy_words $run_opts
                return 0
            fi
            # The first positional argument is the pipeline file, the rest are inputs.
            local have_pipeline= skip=
            for (( i = subpos + 1; i < COMP_CWORD; i++ )); do
                word=${COMP_WORDS[i]}
                if [[ -n $skip ]]; then skip=; continue; fi
                case $word in
                    -o|--output|--state|--format|--now|--threads) skip=1 ;;
                    =) skip=1 ;;  # the value after a split "--opt" "="
                    -*) ;;
                    *) have_pipeline=1; break ;;
                esac
            done
            if [[ -n $have_pipeline ]]; then
                _eddy_files any
            else
                _eddy_files toml
            fi
            ;;
        check)
            if [[ $cur == -* ]]; then
                _eddy_words -h --help
            else
                _eddy_files toml
            fi
            ;;
        test)
            if [[ $cur == -* ]]; then
                _eddy_words --update -h --help
            else
                _eddy_files toml
            fi
            ;;
        state)
            if [[ $opt == --state ]]; then
                _eddy_files dir
                return 0
            fi
            if [[ $cur == -* ]]; then
                _eddy_words --state --wait -h --help
                return 0
            fi
            local have_action= skip=
            for (( i = subpos + 1; i < COMP_CWORD; i++ )); do
                word=${COMP_WORDS[i]}
                if [[ -n $skip ]]; then skip=; continue; fi
                case $word in
                    --state|=) skip=1 ;;
                    info|dump|reset) have_action=1 ;;
                esac
            done
            [[ -z $have_action ]] && _eddy_words info dump reset
            ;;
    esac
    return 0
} &&
complete -F _eddy eddy
