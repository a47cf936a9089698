# The areas of bench/run, sourced by it (not run on its own): one function area_NAME per area,
# each appending rows with `row` (bench/lib/harness.py row) and run in a subshell with errexit, so
# a failing command ends its own area only. Uses bench/run's KILO, PY, PROBES, WORK, OUT and sizes.

# --- shared inputs ---------------------------------------------------------------------------
klines_csv() {  # the ROWS-row kline CSV (deterministic; made once, kept in bench/out/data)
    local dir="$OUT/data/klines-$ROWS"
    if [ ! -f "$dir/BTCEUR_30m.csv" ]; then
        mkdir -p "$dir"
        python3 bench/data/make_klines.py "$dir/.BTCEUR_30m.csv.tmp" "$ROWS" >&2
        mv "$dir/.BTCEUR_30m.csv.tmp" "$dir/BTCEUR_30m.csv"
    fi
    echo "$dir/BTCEUR_30m.csv"
}
missing() { has "$1" && echo "" || echo "not installed"; }  # reference status for a Python module
field() { sed -n "s/.*$1=\([0-9.eE+-]*\).*/\1/p" | sed -n 1p; }  # key=value from stdin
need_probes() { [ "$PROBES_OK" = 1 ] || { echo "release test probes did not build (bench/out/logs/build-probes.log)" >&2; return 1; }; }

# --- areas -----------------------------------------------------------------------------------
area_load() {
    local csv mb t times=() best med ref="" pandas="" numpy="" status
    csv="$(klines_csv)"
    mb=$(du -m "$csv" | cut -f1)
    for _ in $(seq "$LOAD_REPEATS"); do
        "$KILO" --format json -c "set timer on; load $csv" >"$WORK/load.out" 2>"$WORK/load.err"
        t=$(H timers "$WORK/load.err" | tail -1)
        times+=("$t")
    done
    best=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 1p)
    med=$(H median "${times[@]}")
    status="$(missing numpy)"
    if [ -z "$status" ]; then
        ref="$("$PY" bench/data/reference_load.py "$csv" "$LOAD_REPEATS")"
        echo "$ref"
        pandas=$(echo "$ref" | sed -n 's/^pandas.read_csv best \([0-9.]*\) s.*/\1/p')
        numpy=$(echo "$ref" | sed -n 's/^numpy.loadtxt best \([0-9.]*\) s.*/\1/p')
    fi
    local cmd="$KILO --format json -c \"set timer on; load $csv\"" refcmd="$PY bench/data/reference_load.py $csv $LOAD_REPEATS"
    row --area "data load" --what "load $ROWS_TEXT kline rows ($mb MB CSV)" --kilo "$best" --unit s \
        --stat "best of $LOAD_REPEATS, median $med" --ref-name "pandas.read_csv+sort+dedup" --ref "$pandas" \
        --ref-status "$( [ -n "$pandas" ] && echo ok || echo "not installed")" --better lower \
        --cmd "$cmd" --ref-cmd "$refcmd" --note "Kilo: the load command's own time (set timer on), wall; reference: best of $LOAD_REPEATS, wall"
    row --area "data load" --what "load $ROWS_TEXT kline rows ($mb MB CSV)" --kilo "$best" --unit s \
        --stat "best of $LOAD_REPEATS" --ref-name "numpy.loadtxt" --ref "$numpy" --ref-status "${status:-ok}" \
        --better lower --cmd "$cmd" --ref-cmd "$refcmd"
    local s median best_ms
    s="$(python3 bench/shell/startup.py "$KILO" "$STARTUP_RUNS")"
    echo "$s"
    median=$(echo "$s" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
    best_ms=$(echo "$s" | sed -n 's/.*best \([0-9.]*\) ms.*/\1/p')
    row --area "shell" --what "kilo start to first prompt (pty)" --kilo "$median" --unit ms \
        --stat "median of $STARTUP_RUNS, best $best_ms" --ref-name "goal (issue 2)" --ref 100 --better lower \
        --cmd "python3 bench/shell/startup.py $KILO $STARTUP_RUNS"
}

area_features() {
    local csv t times=() best columns out status cmd
    csv="$(klines_csv)"
    cmd="$KILO --format json -c \"set timer on; load $csv; features BTCEUR\""
    for _ in $(seq "$FEATURE_REPEATS"); do
        "$KILO" --format json -c "set timer on; load $csv; features BTCEUR" >"$WORK/features.out" 2>"$WORK/features.err"
        t=$(H timers "$WORK/features.err" | sed -n 3p)
        [ -n "$t" ] || { cat "$WORK/features.err"; return 1; }
        times+=("$t")
    done
    cat "$WORK/features.out"
    best=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 1p)
    columns=$(H jsonl-field "$WORK/features.out" "" features | tail -1)
    status="$(missing talib)"
    local py_wall="" py_cpu=""
    if [ -z "$status" ]; then
        out="$("$PY" bench/features/bench_talib.py time-csv "$csv" "$FEATURE_REPEATS")"
        echo "$out"
        py_wall=$(echo "$out" | field python_talib_seconds)
        py_cpu=$(echo "$out" | field python_talib_cpu_seconds)
    fi
    row --area "features" --what "features BTCEUR, $ROWS_TEXT rows, ${columns:-?} columns" \
        --kilo "$best" --unit s --stat "best of $FEATURE_REPEATS" --ref-name "TA-Lib 35 outputs" --ref "$py_wall" \
        --ref-status "${status:-ok}" --better lower --cmd "$cmd" \
        --ref-cmd "$PY bench/features/bench_talib.py time-csv $csv $FEATURE_REPEATS" \
        --note "not like for like: Kilo computes the whole catalogue and fits the preprocessor (the features step's time from set timer on, wall); TA-Lib the 35 outputs Kilo reproduces, on the same bars (wall; thread CPU ${py_cpu:-?} s)"
    # Like for like: Kilo's own TA-Lib subset kernel (no command exposes it) on one synthetic series.
    if [ -n "$status" ]; then
        row --area "features" --what "TA-Lib subset, 35 outputs, $ROWS_TEXT synthetic bars" --kind probe --ref-name "TA-Lib" \
            --ref-status "not installed" --status "not run: TA-Lib not installed (it also writes the series)" \
            --cmd "$PROBE_CMD FeatureBenchmark/talibSubset"
        return 0
    fi
    need_probes
    local series="$WORK/series.bin" k p
    "$PY" bench/features/bench_talib.py write "$series" "$ROWS" 42
    k="$(KILO_BENCH_SERIES="$series" KILO_BENCH_REPEATS="$FEATURE_REPEATS" probe FeatureBenchmark/talibSubset 2>&1)"
    echo "$k"
    p="$("$PY" bench/features/bench_talib.py time "$series" "$FEATURE_REPEATS")"
    echo "$p"
    row --area "features" --what "TA-Lib subset, 35 outputs, $ROWS_TEXT synthetic bars (thread CPU)" --kind probe \
        --kilo "$(echo "$k" | field swift_talib_cpu_seconds)" --unit s --stat "best of $FEATURE_REPEATS" \
        --ref-name "TA-Lib" --ref "$(echo "$p" | field python_talib_cpu_seconds)" --better lower \
        --cmd "KILO_BENCH_SERIES=$series KILO_BENCH_REPEATS=$FEATURE_REPEATS $PROBE_CMD FeatureBenchmark/talibSubset" \
        --ref-cmd "$PY bench/features/bench_talib.py write $series $ROWS 42; $PY bench/features/bench_talib.py time $series $FEATURE_REPEATS" \
        --note "wall: Kilo $(echo "$k" | field swift_talib_seconds) s, TA-Lib $(echo "$p" | field python_talib_seconds) s"
}

train_models() {  # DIR [extra kilo train options...]: trains, prints "wall user sys"
    local dir="$1"; shift
    /usr/bin/time -f "%e %U %S" -o "$WORK/train.time" \
        "$KILO" train --model all --config "$TRAIN_CONFIG" --models-dir "$dir" "$@" >"$WORK/train.log" 2>&1 \
        || { cat "$WORK/train.log"; return 1; }
    cat "$WORK/train.log" >&2
    tail -1 "$WORK/train.time"
}

area_training() {
    local models="$WORK/models" wall user sys count
    train_models "$models" >"$WORK/train.times"
    read -r wall user sys <"$WORK/train.times"
    count=$(ls "$models" | grep -c _model_ || true)
    local cmd="$KILO train --model all --config $TRAIN_CONFIG --models-dir $models"
    local quick=""
    [ "$QUICK" = 1 ] && quick="; quick config: fewer GRU epochs and PPO steps than the default the goal is for"
    row --area "training" --what "kilo train --model all, $count models, 3 symbols" \
        --kilo "$wall" --unit s --stat "wall" --ref-name "goal (issue 7)" --ref 60 \
        --better lower --cmd "$cmd" --detail "$(H training "$WORK/train.log")" \
        --note "CPU user $user s, sys $sys s$quick"
    local kind line
    for kind in gru lightgbm ppo; do
        line="$(H training-kind "$WORK/train.log" "$kind")"
        [ -n "$line" ] || continue
        row --area "training" --what "$kind, per model (kilo train's own figure)" \
            --kilo "$(echo "$line" | cut -d'|' -f1)" --unit s --stat "mean of $(echo "$line" | cut -d'|' -f2)" \
            --cmd "$cmd (same run)" --note "$(echo "$line" | cut -d'|' -f3)"
    done
    echo "$models" >"$WORK/models.path"
}

area_ppo() {
    local seed out ks=() ss=() kr=() sr=() status
    status="$(missing stable_baselines3)"
    for seed in $PPO_SEEDS; do
        out="$("$KILO" --format json check ppo-cartpole --timesteps "$PPO_TIMESTEPS" --seed "$seed")"
        echo "$out"
        ks+=("$(echo "$out" | H jsonl-field /dev/stdin "" steps_per_second | tail -1)")
        kr+=("$(echo "$out" | H jsonl-field /dev/stdin "" mean_return | tail -1)")
        if [ -z "$status" ]; then
            out="$("$PY" bench/ppo/sb3_reference.py cartpole "$PPO_TIMESTEPS" "$seed")"
            echo "$out"
            ss+=("$(echo "$out" | field steps_per_s)")
            sr+=("$(echo "$out" | field mean_return)")
        fi
    done
    local sb3=""
    [ ${#ss[@]} -eq 0 ] || sb3="$(H mean "${ss[@]}")"
    row --area "PPO" --what "CartPole-v1, $PPO_TIMESTEPS steps, seeds ${PPO_SEEDS// /,}: env-steps/s" \
        --kilo "$(H mean "${ks[@]}")" --unit "steps/s" --stat "mean over seeds" \
        --ref-name "stable-baselines3" --ref "$sb3" --ref-status "${status:-ok}" --better higher \
        --cmd "$KILO --format json check ppo-cartpole --timesteps $PPO_TIMESTEPS --seed S  (S in ${PPO_SEEDS// /,})" \
        --ref-cmd "$PY bench/ppo/sb3_reference.py cartpole $PPO_TIMESTEPS S" \
        --note "mean deterministic return: Kilo ${kr[*]}; SB3 ${sr[*]:-n/a} (one alternating run per seed)"
}

area_gru() {
    local status k t case what
    status="$(missing torch)"
    need_probes
    k="$(KILO_BENCH_THREADS=1 probe GRUBenchmark 2>&1)"
    echo "$k" >"$WORK/gru.kilo"
    echo "$k"
    if [ -z "$status" ]; then
        OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PY" bench/gru/bench_torch.py 1 >"$WORK/gru.torch"
        cat "$WORK/gru.torch"
    else
        : >"$WORK/gru.torch"
    fi
    local kcmd="KILO_BENCH_THREADS=1 $PROBE_CMD GRUBenchmark" tcmd="OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $PY bench/gru/bench_torch.py 1"
    local core
    core="$(H jsonl-field "$WORK/gru.kilo" "KILO_BENCH " core | sed -n 1p)"
    for case in h64_l2_b64 h128_l3_b512; do
        what="train step $case (T60, 40 inputs), 1 thread"
        row --area "GRU" --what "$what" --kind probe \
            --kilo "$(H jsonl-field "$WORK/gru.kilo" "KILO_BENCH " samples_per_s case="$case")" --unit "samples/s" \
            --ref-name "PyTorch" --ref "$(H jsonl-field "$WORK/gru.torch" "TORCH_BENCH " samples_per_s case="$case")" \
            --ref-status "${status:-ok}" --better higher --cmd "$kcmd" --ref-cmd "$tcmd" \
            --note "the probe's BLAS.coreName: ${core:-?}"
    done
    row --area "GRU" --what "batch-1 latency H64 L2 T60, 1 thread" --kind probe \
        --kilo "$(H jsonl-field "$WORK/gru.kilo" "KILO_BENCH " median_ms kind=latency)" --unit ms --stat "median of 500" \
        --ref-name "PyTorch" --ref "$(H jsonl-field "$WORK/gru.torch" "TORCH_BENCH " median_ms kind=latency)" \
        --ref-status "${status:-ok}" --better lower --cmd "$kcmd" --ref-cmd "$tcmd"
}

area_gbdt() {
    local g=bench/out/gbdt status i
    status="$(missing lightgbm)"
    need_probes
    mkdir -p "$g"
    [ -f "$g/syn_train.bin" ] || "$PY" bench/gbdt/bench_lightgbm.py data "$g"
    : >"$WORK/gbdt.lgb"
    : >"$WORK/gbdt.kilo"
    for i in $(seq "$GBDT_ROUNDS"); do
        if [ -z "$status" ]; then
            echo "round $i: lightgbm (load $(load_now))"
            "$PY" bench/gbdt/bench_lightgbm.py syn "$g" | tee -a "$WORK/gbdt.lgb"
        fi
        echo "round $i: kilo (load $(load_now))"
        KILO_BENCH_OUT="$PWD/$g" probe GBDTBenchmark/synthetic 2>&1 | tee "$WORK/gbdt.round"
        grep '"side"' "$WORK/gbdt.round" >>"$WORK/gbdt.kilo"
    done
    local kcmd="KILO_BENCH_OUT=\$PWD/$g $PROBE_CMD GBDTBenchmark/synthetic" lcmd="$PY bench/gbdt/bench_lightgbm.py syn $g"
    local stat="median of $GBDT_ROUNDS alternating rounds"
    med() { local v; v="$(H jsonl-field "$1" "" "$2")"; [ -z "$v" ] || H median $v; }
    local note
    note="test RMSE Kilo $(med "$WORK/gbdt.kilo" test_rmse), lightgbm $(med "$WORK/gbdt.lgb" test_rmse); data: $PY bench/gbdt/bench_lightgbm.py data $g"
    row --area "GBDT" --what "train 1M x 40, 200 rounds, 31 leaves, 2 threads" --kind probe \
        --kilo "$(med "$WORK/gbdt.kilo" train_s)" --unit s --stat "$stat" --ref-name "lightgbm" \
        --ref "$(med "$WORK/gbdt.lgb" train_s)" --ref-status "${status:-ok}" --better lower \
        --cmd "$kcmd" --ref-cmd "$lcmd" --note "$note"
    row --area "GBDT" --what "dataset construction 1M x 40" --kind probe \
        --kilo "$(med "$WORK/gbdt.kilo" dataset_s)" --unit s --stat "$stat" --ref-name "lightgbm" \
        --ref "$(med "$WORK/gbdt.lgb" dataset_s)" --ref-status "${status:-ok}" --better lower --cmd "$kcmd" --ref-cmd "$lcmd"
    row --area "GBDT" --what "predict 200k rows" --kind probe \
        --kilo "$(med "$WORK/gbdt.kilo" predict_rows_per_s)" --unit "rows/s" --stat "$stat" --ref-name "lightgbm" \
        --ref "$(med "$WORK/gbdt.lgb" predict_rows_per_s)" --ref-status "${status:-ok}" --better higher \
        --cmd "$kcmd" --ref-cmd "$lcmd"
}

area_trading() {
    local models
    if [ -f "$WORK/models.path" ]; then
        models="$(cat "$WORK/models.path")"
    else
        models="$WORK/models-trading"
        echo "training BTCEUR's models for score and backtest"
        train_models "$models" --symbol BTCEUR >/dev/null
    fi
    local lgb gru config="$WORK/trading.yaml" raw="$WORK/btceur-features.csv" feats="$WORK/btceur-finite.csv" rows
    lgb="$(ls "$models"/lightgbm_model_BTCEUR_*.txt | tail -1)"
    gru="$(ls "$models"/gru_model_BTCEUR_*.safetensors | tail -1)"
    printf 'data:\n  symbols: [BTCEUR, ETHEUR, ADAEUR]\npaths:\n  models: %s\n' "$models" >"$config"
    # The input of score: BTCEUR's scaled feature matrix without its warm-up rows (a GRU refuses NaN).
    "$KILO" --config "$config" -c "load BTCEUR; export features BTCEUR $raw --scaled"
    rows="$(H finite-rows "$raw" "$feats")"
    local script="set timer on; score $lgb $feats $WORK/lgb-pred.csv; score $gru $feats $WORK/gru-pred.csv; load BTCEUR; backtest BTCEUR"
    "$KILO" --config "$config" --format json -c "$script" >"$WORK/trading.out" 2>"$WORK/trading.err" \
        || { cat "$WORK/trading.out" "$WORK/trading.err"; return 1; }
    cat "$WORK/trading.out" "$WORK/trading.err"
    local -a t
    mapfile -t t < <(H timers "$WORK/trading.err")
    [ ${#t[@]} -ge 5 ] || { echo "expected 5 timer lines, got ${#t[@]}"; return 1; }
    local cmd="$KILO --config $config --format json -c \"$script\""
    local cfgnote="$config: data.symbols BTCEUR ETHEUR ADAEUR, paths.models = the training step's folder; input: $KILO --config $config -c \"load BTCEUR; export features BTCEUR $raw --scaled\", then its $rows rows without NaN (bench/lib/harness.py finite-rows)"
    local status ref="" out
    status="$(missing lightgbm)"
    [ -n "$status" ] || status="$(missing pandas)"
    if [ -z "$status" ]; then
        out="$("$PY" bench/trading/reference_score.py "$lgb" "$feats" "$WORK/lgb-pred-python.csv" 1)"
        echo "$out"
        ref="$(echo "$out" | sed -n 's/^python score best \([0-9.]*\) s.*/\1/p')"
    fi
    local refms=""
    [ -z "$ref" ] || refms="$(H scale "$ref" 1000)"
    row --area "trading" --what "score LightGBM model, $rows rows x 116 (CSV in, CSV out)" \
        --kilo "$(H scale "${t[1]}" 1000)" --unit ms --stat "one run" --ref-name "pandas+lightgbm" \
        --ref "$refms" --ref-status "${status:-ok}" --better lower \
        --cmd "$cmd" --ref-cmd "$PY bench/trading/reference_score.py $lgb $feats $WORK/lgb-pred-python.csv 1" \
        --note "$cfgnote; Kilo's time from set timer on; both load the model file, read the CSV, predict and write"
    row --area "trading" --what "score GRU model, $rows rows x 116 (CSV in, CSV out)" \
        --kilo "$(H scale "${t[2]}" 1000)" --unit ms --stat "one run" --cmd "$cmd (same run)"
    row --area "trading" --what "backtest BTCEUR (test split, GRU+LightGBM+PPO)" \
        --kilo "$(H scale "${t[4]}" 1000)" --unit ms --stat "one run" --cmd "$cmd (same run)"
    # The trader's own per-iteration cost (no command runs a fixed number of iterations).
    local status k p
    status="$(missing numpy)"
    need_probes
    k="$(probe TraderBenchmarkTests/iterationTime 2>&1)"
    echo "$k"
    local pmean="" pcmd="$PY bench/trading/reference_loop.py $TRADER_ITERATIONS"
    if [ -z "$status" ]; then
        p="$("$PY" bench/trading/reference_loop.py "$TRADER_ITERATIONS")"
        echo "$p"
        pmean="$(echo "$p" | sed -n 's/^python reference: .* mean \([0-9.]*\) ms.*/\1/p')"
    fi
    row --area "trading" --what "paper-trader iteration, 5 symbols x 3 fake models, SQLite journal" --kind probe \
        --kilo "$(echo "$k" | sed -n 's/^SQLite journal file (WAL, synchronous=NORMAL): .* mean \([0-9.]*\) ms.*/\1/p')" \
        --unit ms --stat "mean of 5000" --ref-name "Python loop (numpy+sqlite3)" --ref "$pmean" \
        --ref-status "${status:-ok}" --better lower --cmd "$PROBE_CMD TraderBenchmarkTests/iterationTime" \
        --ref-cmd "$pcmd" --note "the reference has no stop-loss/take-profit/timeout exits (fewer fills)"
}
