# fish completion for eddy(1). Installed as share/fish/vendor_completions.d/eddy.fish; to try it
# from the source tree: source man/completions/eddy.fish
# Keep in step with the CLI in src/main.cpp.

# Print the subcommand: the first word after "eddy" that is not an option (so an input file
# named "test" does not count). Fails when there is none yet.
function __eddy_subcommand
    for t in (commandline -opc)[2..-1]
        switch $t
            case '-*'
            case '*'
                echo $t
                return 0
        end
    end
    return 1
end

function __eddy_no_subcommand
    not __eddy_subcommand >/dev/null
end

# True when the subcommand is $argv[1].
function __eddy_using
    set -l sub (__eddy_subcommand); and test "$sub" = $argv[1]
end

# True when `eddy run` already has its pipeline argument (the first word after "run" that is
# neither an option nor an option's value).
function __eddy_run_has_pipeline
    set -l tokens (commandline -opc)
    set -l seen_run 0
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        if test $seen_run = 0
            test "$t" = run; and set seen_run 1
            continue
        end
        switch $t
            case -o --output --state --format --now --threads
                set skip 1
            case '-*'
            case '*'
                return 0
        end
    end
    return 1
end

# No file names unless a subcommand asks for them.
complete -c eddy -f

complete -c eddy -n __eddy_no_subcommand -s h -l help -d 'print help and exit'
complete -c eddy -n __eddy_no_subcommand -l version -d 'print the version and exit'
complete -c eddy -n __eddy_no_subcommand -a run -d 'run PIPELINE.toml over INPUT files (or stdin)'
complete -c eddy -n __eddy_no_subcommand -a check -d 'validate PIPELINE.toml and print its plan'
complete -c eddy -n __eddy_no_subcommand -a test -d 'run the [[test]] cases of pipeline files'
complete -c eddy -n __eddy_no_subcommand -a state -d 'look into or clear persisted state'

# eddy run PIPELINE.toml [INPUT...] [options]
set -l run '__eddy_using run'
complete -c eddy -n $run -s h -l help -d 'print help and exit'
complete -c eddy -n $run -s o -l output -r -F -d 'append results to FILE instead of stdout'
complete -c eddy -n $run -l state -x -a '(__fish_complete_directories)' -d 'LMDB state directory (overrides [state] dir)'
complete -c eddy -n $run -l format -x -a 'ndjson csv tsv' -d 'output format (overrides [output] format)'
complete -c eddy -n $run -l now -x -d 'the wall clock, RFC 3339 or epoch (for max_future; tests)'
complete -c eddy -n $run -l threads -x -d 'worker threads; output never depends on it'
complete -c eddy -n $run -l drain -d 'at end of input close every open window'
complete -c eddy -n $run -l progress -d 'progress on stderr'
complete -c eddy -n $run -l no-progress -d 'no progress on stderr'
complete -c eddy -n $run -l stats -d 'one JSON object of counters on stderr at exit'
complete -c eddy -n $run -l quiet -d 'no warnings and no end-of-run summary of dropped data'
complete -c eddy -n $run -l reset-state -d 'discard persisted state first'
complete -c eddy -n $run -l wait -d 'wait for the state lock instead of failing with exit 75'
complete -c eddy -n "$run; and not __eddy_run_has_pipeline" -k -a '(__fish_complete_suffix .toml)'
complete -c eddy -n "$run; and __eddy_run_has_pipeline" -F

# eddy check PIPELINE.toml
complete -c eddy -n '__eddy_using check' -s h -l help -d 'print help and exit'
complete -c eddy -n '__eddy_using check' -k -a '(__fish_complete_suffix .toml)'

# eddy test PIPELINE.toml... [--update]
complete -c eddy -n '__eddy_using test' -s h -l help -d 'print help and exit'
complete -c eddy -n '__eddy_using test' -l update -d "write the actual output to each case's expected_file"
complete -c eddy -n '__eddy_using test' -k -a '(__fish_complete_suffix .toml)'

# eddy state info|dump|reset --state DIR [--wait]
set -l state '__eddy_using state'
complete -c eddy -n $state -s h -l help -d 'print help and exit'
complete -c eddy -n $state -l state -x -a '(__fish_complete_directories)' -d 'the state directory'
complete -c eddy -n $state -l wait -d 'reset: wait for a run that holds the state dir'
set -l no_action "$state; and not __fish_seen_subcommand_from info dump reset"
complete -c eddy -n $no_action -a info -d 'a summary for people'
complete -c eddy -n $no_action -a dump -d 'every stored entry as NDJSON'
complete -c eddy -n $no_action -a reset -d 'clear the state'
