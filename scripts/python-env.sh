#!/usr/bin/env bash
# Provisions the Python environments the tests use, from PyPI, cached between runs:
#   runtime: dlt + duckdb + pytest + ruff, where generated pipelines run;
#   floor:   the lowest dlt the generated code supports (DLT_FLOOR), where some of them run too;
#   tools:   uv, poetry, pipenv, pdm, which the install tests drive;
#   dagster, airflow: the engines dlt:deploy's tests run generated definitions and DAGs on;
#   audit:   check-jsonschema and zizmor, which check generated GitHub workflows.
# Writes .cache/python-env.json so the tests can find them.
set -euo pipefail
cd "$(dirname "$0")/.."

cache_root="${GENERATOR_DLT_PY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/generator-dlt}"
python="${PYTHON:-python3}"
mkdir -p "$cache_root" .cache

provision() { # name requirements-file -> prints venv path
  local name=$1 reqs=$2 hash dir
  hash=$( (cat "$reqs"; "$python" --version) | sha256sum | cut -c1-12)
  dir="$cache_root/$name-$hash"
  if [ ! -x "$dir/bin/python" ] || [ ! -f "$dir/.complete" ]; then
    echo "python-env: creating $name venv in $dir" >&2
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip uv >&2
    "$dir/bin/python" -m uv pip install --quiet --python "$dir/bin/python" -r "$reqs" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}

runtime=$(provision runtime test/python/runtime-requirements.txt)
tools=$(provision tools test/python/tool-requirements.txt)
floor=$(provision floor test/python/floor-requirements.txt)
dagster=$(provision dagster test/python/dagster-requirements.txt)
airflow=$(provision airflow test/python/airflow-requirements.txt)
audit=$(provision audit test/python/audit-requirements.txt)
dlt_version=$("$runtime/bin/python" -c 'import dlt; print(dlt.__version__)')
floor_version=$("$floor/bin/python" -c 'import dlt; print(dlt.__version__)')
printf '{\n  "runtime": "%s",\n  "tools": "%s",\n  "dagster": "%s",\n  "airflow": "%s",\n  "audit": "%s",\n  "dltVersion": "%s",\n  "floor": "%s",\n  "floorDltVersion": "%s"\n}\n' \
  "$runtime" "$tools" "$dagster" "$airflow" "$audit" "$dlt_version" "$floor" "$floor_version" > .cache/python-env.json
echo "python-env: runtime $runtime (dlt $dlt_version), floor $floor (dlt $floor_version), tools $tools" >&2
