#!/bin/sh
# Builds the benchmarks and runs the short report: every comparison side by side in one JVM,
# alternating, then a table of absolute figures and ratios (resilient / raw). About 4 minutes on
# 2 cores, build included when the dependencies are in the local Maven repository.
#
#   benchmarks/run.sh                 # everything
#   benchmarks/run.sh --only 1,2      # some sections (1 to 7, see README.md)
#   benchmarks/run.sh --rounds 12     # more rounds of each comparison, steadier ratios
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests
exec java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
    io.github.resilientmail.benchmarks.Report "$@"
