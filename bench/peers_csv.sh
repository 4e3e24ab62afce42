#!/usr/bin/env bash
# CSV readers of other tools on the benchmark files, for the comparison in
# docs/performance.md (needs R with data.table; not part of 'make test').
# Each peer reads the file 3 times after a warm-up; best wall time, MB/s.
#   bench/peers_csv.sh [FILE.csv ...]
set -euo pipefail
cd "$(dirname "$0")"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(out/csv_1e6x11.csv out/csv_1e6x11_d17.csv out/csv_1e6x11_mixed.csv)
command -v Rscript >/dev/null || { echo "peers_csv: Rscript not found"; exit 0; }
for f in "${files[@]}"; do
    Rscript - "$f" <<'RS'
f <- commandArgs(TRUE)[1]
mb <- file.size(f) / 1e6
best <- function(expr) { e <- substitute(expr); eval(e); min(replicate(3, system.time(eval(e))[["elapsed"]])) }
if (requireNamespace("data.table", quietly = TRUE)) {
  t1 <- best(data.table::fread(f, nThread = 1, showProgress = FALSE))
  cat(sprintf("%s: %.1f MB  data.table::fread nThread=1  %.3f s  %4.0f MB/s\n", f, mb, t1, mb / t1))
  tn <- best(data.table::fread(f, showProgress = FALSE))
  cat(sprintf("%s: %.1f MB  data.table::fread all threads %.3f s  %4.0f MB/s (%d threads)\n", f, mb, tn, mb / tn,
              data.table::getDTthreads()))
}
RS
done
