# bash completion for timeslice and timeslice-gui.
# Installed as share/bash-completion/completions/timeslice (and a link named
# timeslice-gui); bash-completion loads it the first time either is completed.

_timeslice_policies() {
  "${1:-timeslice}" policies 2>/dev/null | awk '/^  [a-z]/ { print $1 }'
}

_timeslice() {
  local cur prev words cword
  _init_completion -s || return
  local command="" i
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      run | compare | sweep | validate | policies | help) command="${words[i]}"; break ;;
    esac
  done
  case "$prev" in
    --policy) COMPREPLY=($(compgen -W "$(_timeslice_policies "${words[0]}")" -- "$cur")); return ;;
    --policies)
      local done="${cur%,*}" last="${cur##*,}"
      [[ "$cur" == *,* ]] || done=""
      COMPREPLY=($(compgen -P "${done:+$done,}" -W "$(_timeslice_policies "${words[0]}")" -- "$last"))
      compopt -o nospace 2>/dev/null
      return ;;
    --format) COMPREPLY=($(compgen -W "text json csv" -- "$cur")); return ;;
    --record) COMPREPLY=($(compgen -W "auto metrics slices decisions" -- "$cur")); return ;;
    -o | --output) _filedir; return ;;
    --trace) _filedir json; return ;;
    --svg) _filedir svg; return ;;
    --csv-dir) _filedir -d; return ;;
    --quantum | --cpus | --until | --seed | --set | --width | --jobs | --shard) return ;;
  esac
  local overrides="--policy --quantum --cpus --until --seed --set"
  case "$command" in
    "") COMPREPLY=($(compgen -W "run compare sweep validate policies help --help --version" -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W "run compare sweep validate policies" -- "$cur")); return ;;
    policies) COMPREPLY=($(compgen -W "--help" -- "$cur")); return ;;
    run) local options="$overrides --format -o --output --summary --gantt --width --explain --record
                        --trace --svg --svg-tasks --csv-dir --help" ;;
    compare) local options="--policies --quantum --cpus --until --seed --set --format -o --output --jobs --help" ;;
    sweep) local options="--set --shard --jobs --until -o --output --help" ;;
    validate) local options="--help" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  else
    _filedir json
  fi
}
complete -F _timeslice timeslice

_timeslice_gui() {
  local cur prev words cword
  _init_completion || return
  case "$prev" in
    --screenshot) _filedir png; return ;;
    --compare) COMPREPLY=($(compgen -W "$(_timeslice_policies timeslice)" -- "$cur")); return ;;
    --tab) COMPREPLY=($(compgen -W "editor compare json help" -- "$cur")); return ;;
    --record) COMPREPLY=($(compgen -W "decisions slices metrics" -- "$cur")); return ;;
    --frames | --size | --cursor | --zoom | --select) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "--screenshot --frames --size --cursor --zoom --select --task-lanes --compare
                             --tab --play --record --help" -- "$cur"))
  else
    _filedir json
  fi
}
complete -F _timeslice_gui timeslice-gui
