# Shared by the tmux drivers of ProcessInterfaceTests: a private tmux server and a wait for text.
server="kilo-test-$$"
t() { tmux -L "$server" -f /dev/null "$@"; }
wait_for() { # TEXT COUNT [TENTHS]: waits until TEXT shows COUNT times on the screen (default 30 s)
    i=0
    while [ "$i" -lt "${3:-300}" ]; do
        n=$(t capture-pane -p -S -200 -t 0 | grep -o "$1" | wc -l)
        [ "$n" -ge "$2" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
