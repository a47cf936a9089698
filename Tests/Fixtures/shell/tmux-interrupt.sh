#!/bin/sh
# Drives kilo in a tmux pseudo-terminal for ProcessInterfaceTests: loads a file, starts a long
# training run, presses Ctrl-C while it runs, then checks that the prompt is back with the loaded
# data and settings intact. Prints the screen at the end.
# usage: tmux-interrupt.sh KILO CONFIG REPO
kilo="$1"; config="$2"; repo="$3"
. "$(dirname "$0")/tmux-lib.sh"
t new-session -d -x 160 -y 50 "cd '$repo' && KILO_HISTORY=/dev/null TERM=xterm '$kilo' --config '$config'" </dev/null >/dev/null 2>&1
wait_for 'kilo>' 1 || echo "no prompt"
t send-keys -t 0 'set seed 11' Enter
wait_for 'seed = 11' 1 || echo "no output"
t send-keys -t 0 'load Tests/Fixtures/shell/BTCSMALL_30m.csv' Enter
wait_for 'loaded BTCSMALL' 1 || echo "no load"
t send-keys -t 0 'train gru BTCSMALL' Enter
wait_for 'train [0-9.]* val' 1 600 || echo "no training progress"
start=$(date +%s)
t send-keys -t 0 C-c
wait_for 'interrupted after' 1 200 || echo "training not interrupted"
wait_for 'kilo>' 4 || echo "no prompt after Ctrl-C"
echo "interrupt took $(( $(date +%s) - start )) s"
t send-keys -t 0 'set seed' Enter
wait_for 'seed: 11' 1 || echo "settings lost"
t send-keys -t 0 'validate BTCSMALL' Enter
wait_for 'BTCSMALL findings' 1 || echo "data lost"
echo "--- screen"
t capture-pane -p -S -200 -t 0
t send-keys -t 0 quit Enter
sleep 0.3
t kill-server >/dev/null 2>&1
exit 0
