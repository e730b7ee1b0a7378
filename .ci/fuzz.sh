#!/usr/bin/env bash
# Bounded fuzzing (issue 7): the `extract` and feed-reader targets in fuzz/, each for at most
# FUZZ_SECONDS (default 60) seconds of fuzzing after its pipeline loads, under atheris (libFuzzer)
# when it installs, else under the hypothesis fallback. Seeds come from fuzz/corpus/<target>; new
# corpus entries and crash artifacts go to a temporary folder (printed on failure), never the repo.
# A crash, a broken invariant or an input slower than 30 s fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
SECONDS_EACH=${FUZZ_SECONDS:-60}
if [ "$SECONDS_EACH" -gt 60 ]; then SECONDS_EACH=60; fi

if ! "$PY" -c "import atheris" 2>/dev/null; then
  "$PY" -m pip install -q "atheris>=2.3" || echo "atheris did not install: hypothesis fallback"
fi

work=$(mktemp -d)
keep=0
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "fuzz artifacts kept in $work"; fi; }
trap cleanup EXIT
echo canary > /tmp/arabic_outage_fuzz_canary  # XXE seeds point here; reading it is a failure

status=0
for target in extract feed; do
  mkdir -p "$work/$target"
  printf '\n-- fuzz %s (%ss)\n' "$target" "$SECONDS_EACH"
  if "$PY" -c "import atheris" 2>/dev/null; then
    # libFuzzer writes new inputs to the first folder and only reads the seeds in the second.
    cmd=("$PY" "fuzz/fuzz_$target.py" "-max_total_time=$SECONDS_EACH" -timeout=30
         -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1
         "-artifact_prefix=$work/" "$work/$target" "fuzz/corpus/$target")
  else
    cmd=("$PY" "fuzz/fuzz_$target.py" --hypothesis "$SECONDS_EACH")
  fi
  # The hard stop leaves room for loading the pipeline (~20 s) on top of the fuzzing time.
  if ! timeout --signal=KILL $((SECONDS_EACH + 180)) "${cmd[@]}" >"$work/$target.log" 2>&1; then
    status=1
    keep=1
    echo "fuzz $target FAILED:"
    grep -v '# Uses:' "$work/$target.log" | tail -40
  else
    grep -E '^(Done|hypothesis fuzz)' "$work/$target.log" || tail -3 "$work/$target.log"
  fi
done
exit $status
