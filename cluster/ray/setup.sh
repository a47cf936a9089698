#!/usr/bin/env bash
# Creates the git-ignored venv cluster/ray/.venv and installs cluster/ray/requirements.txt into it
# (nothing to do when Ray already imports there). Exit status non-zero when the install failed.
set -euo pipefail
cd "$(dirname "$0")"
if [ -x .venv/bin/python ] && .venv/bin/python -c "import ray" >/dev/null 2>&1; then
    exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import ray; print('cluster/ray/.venv: ray', ray.__version__)"
