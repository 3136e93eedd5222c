#!/usr/bin/env bash
# fuzz.sh runs every fuzz target of the module for a while, one after the
# other, and stops at the first failure.
#
#   scripts/fuzz.sh                    # each target for 10s
#   FUZZTIME=30s scripts/fuzz.sh       # each for 30s (also 2m, 1h, or 500x runs)
#   scripts/fuzz.sh Parse Router       # only targets whose name matches one of the words
#
# A failing input is saved by Go under <package>/testdata/fuzz/<Target>/ and
# becomes a seed that plain `go test ./...` runs from then on: fix the bug,
# keep the file. No make needed; see docs/FUZZING.md.
set -euo pipefail

cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-10s}"
if [[ "$fuzztime" =~ ^[0-9]+$ ]]; then
	fuzztime="${fuzztime}s"
fi
filters=("$@")

# `go test -list` prints a package's test names, then "ok <package> <time>".
mapfile -t listing < <(go test -run '^$' -list '^Fuzz' ./... 2>&1)
targets=()
names=()
for line in "${listing[@]}"; do
	case "$line" in
	Fuzz*) names+=("$line") ;;
	ok*)
		pkg=$(awk '{print $2}' <<<"$line")
		for n in "${names[@]}"; do
			targets+=("$pkg $n")
		done
		names=()
		;;
	"?"*) names=() ;;
	FAIL* | *"build failed"* | *"cannot"*)
		echo "fuzz.sh: listing the targets failed:" >&2
		printf '%s\n' "${listing[@]}" >&2
		exit 2
		;;
	esac
done

selected=()
for t in "${targets[@]}"; do
	name=${t#* }
	if ((${#filters[@]} == 0)); then
		selected+=("$t")
		continue
	fi
	for f in "${filters[@]}"; do
		if [[ "$name" == *"$f"* ]]; then
			selected+=("$t")
			break
		fi
	done
done
if ((${#selected[@]} == 0)); then
	echo "fuzz.sh: no fuzz target matches ${filters[*]:-anything}" >&2
	exit 2
fi

echo "fuzz.sh: ${#selected[@]} targets, ${fuzztime} each"
results=()
start=$SECONDS
for t in "${selected[@]}"; do
	pkg=${t% *}
	name=${t#* }
	printf '%-60s ' "$pkg $name"
	log=$(mktemp)
	t0=$SECONDS
	if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
		execs=$({ grep -o 'execs: [0-9]*' "$log" || true; } | tail -1 | awk '{print $2}')
		echo "ok   $((SECONDS - t0))s ${execs:-?} execs"
		results+=("ok   $pkg $name ${execs:-?} execs")
		rm -f "$log"
	else
		echo "FAIL $((SECONDS - t0))s"
		echo
		cat "$log"
		rm -f "$log"
		echo
		echo "fuzz.sh: $pkg $name failed; the input is under that package's testdata/fuzz/$name/"
		echo "fuzz.sh: re-run it with: go test -run '$name' $pkg"
		exit 1
	fi
done

echo
echo "fuzz.sh: all ${#results[@]} targets passed in $((SECONDS - start))s (${fuzztime} each)"
