#!/bin/sh
# Drives kilo in a tmux pseudo-terminal for ProcessInterfaceTests: types a partial line and
# Ctrl-C, then a partial command and Tab, then quits. Prints the screen after each step.
# usage: tmux-session.sh KILO HISTORY_FILE REPO
kilo="$1"; history="$2"; repo="$3"
. "$(dirname "$0")/tmux-lib.sh"
t new-session -d -x 120 -y 40 "cd '$repo' && KILO_HISTORY='$history' TERM=xterm '$kilo'" </dev/null >/dev/null 2>&1
wait_for 'kilo>' 1 || echo "no prompt"
t send-keys -t 0 abc C-c
wait_for 'kilo>' 2 || echo "no prompt after Ctrl-C"
t send-keys -t 0 'set se' Tab
wait_for 'set seed' 1 || echo "no completion"
t send-keys -t 0 ' 11' Enter
wait_for 'seed = 11' 1 || echo "no output"
echo "--- screen"
t capture-pane -p -t 0
t send-keys -t 0 quit Enter
sleep 0.3
t kill-server >/dev/null 2>&1
exit 0
