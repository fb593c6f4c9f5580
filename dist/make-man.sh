#!/usr/bin/env bash
# A man page from a binary's --help (help2man), with every subcommand's help
# as a section for the CLI: make-man.sh HELP2MAN BINARY VERSION OUT.1
set -euo pipefail
help2man=$1 binary=$2 version=$3 out=$4
name=$(basename "$binary")
include=$(mktemp)
trap 'rm -f "$include"' EXIT
if [ "$name" = timeslice ]; then
  summary="preemptive multitasking OS scheduler simulator"
  for command in run compare sweep validate policies; do
    echo "[COMMAND: ${command^^}]"
    # Kept as laid out (.nf); backslashes escaped, hyphens as minus signs
    # (options copy and paste as typed), and a line starting with a dot or
    # quote kept from reading as a roff request.
    echo ".nf"
    "$binary" "$command" --help | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
  done > "$include"
  {
    echo "[FILES]"
    echo "Workloads shipped with timeslice are in share/timeslice/workloads under the install prefix;"
    echo "docs/workload.schema.json describes their format."
    echo "[SEE ALSO]"
    echo "timeslice-gui(1)"
  } >> "$include"
else
  summary="desktop visualizer of the timeslice scheduler simulator"
  printf '[SEE ALSO]\ntimeslice(1)\n' > "$include"
fi
"$help2man" --no-info --no-discard-stderr --version-string="$version" --name="$summary" \
  --include="$include" --output="$out" "$binary"
