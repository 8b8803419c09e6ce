"""The shell functions every bootstrap program starts with: one step of cfn-init each.

Each function does what cfn-init does for one kind of entry and fails the way cfn-init
fails (a non-zero status that stops the run), so the translated program stays a list of
plain calls a reader can check against the metadata. ``CFNBRIDGE_ROOT`` (empty on a server)
prefixes every path the program writes, which lets the program be run in a scratch
directory to see what it would do.
"""

PRELUDE = r"""#!/bin/bash
# cfn-init for @RESOURCE@, translated by cfnbridge for images without heat-cfntools.
# Usage: this program [configset ...] (default: "default"). Each config set runs its configs
# in order; each config runs what cfn-init runs, in its order: packages, groups, users,
# sources, files, commands (by name), services. The first failure stops the run (exit 1).
set -u
root="${CFNBRIDGE_ROOT:-}"
work="$(mktemp -d)" || exit 1
trap 'rm -rf "$work"' EXIT
log() { echo "cfn-init(@RESOURCE@): $*" >&2; }

install_package() {  # manager words...; rpm: name url
  manager=$1; shift
  log "packages ($manager): $*"
  case $manager in
    yum) yum install -y "$@" ;;
    apt) DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" ;;
    rpm) rpm -q --quiet "$1" || rpm -Uvh "$2" ;;
    python) if command -v pip3 >/dev/null 2>&1; then pip3 install "$@"; else pip install "$@"; fi ;;
    rubygems) for spec in "$@"; do
        case $spec in *:*) gem install "${spec%%:*}" -v "${spec#*:}" ;; *) gem install "$spec" ;; esac || return 1
      done ;;
  esac || { log "could not install: $*"; return 1; }
}

add_group() {  # name gid
  getent group "$1" >/dev/null 2>&1 && return 0
  log "group $1"
  groupadd ${2:+-g "$2"} "$1"
}

add_user() {  # name uid home groups (cfn-init's users are non-interactive system users)
  if id -u "$1" >/dev/null 2>&1; then
    [ -n "$2$3$4" ] || return 0
    usermod ${2:+-u "$2"} ${3:+-d "$3"} ${4:+-G "$4"} "$1"
  else
    log "user $1"
    useradd -r -M -s /sbin/nologin ${2:+-u "$2"} ${3:+-d "$3"} ${4:+-G "$4"} "$1"
  fi
}

unpack_source() {  # directory url (a tarball or a zip)
  log "source $2 -> $1"
  mkdir -p "$root$1" && curl -fsSL --retry 3 -o "$work/source" "$2" || return 1
  if unzip -tq "$work/source" >/dev/null 2>&1; then
    unzip -oq "$work/source" -d "$root$1"
  else
    tar -xf "$work/source" -C "$root$1"
  fi
}

set_attributes() {  # path mode owner group
  if [ -n "$2" ]; then chmod "$2" "$1" || return 1; fi
  if [ -n "$3" ]; then chown "$3" "$1" || return 1; fi
  if [ -n "$4" ]; then chgrp "$4" "$1" || return 1; fi
}

write_file() {  # path mode owner group keep|trim, content on standard input
  log "file $1"
  mkdir -p "$(dirname "$root$1")" && cat > "$root$1" || return 1
  if [ "$5" = trim ]; then truncate -s -1 "$root$1" || return 1; fi
  set_attributes "$root$1" "$2" "$3" "$4"
}

decode_file() {  # path mode owner group keep, base64 content on standard input
  log "file $1 (base64)"
  mkdir -p "$(dirname "$root$1")" && base64 -d > "$root$1" || return 1
  set_attributes "$root$1" "$2" "$3" "$4"
}

fetch_file() {  # path mode owner group url
  log "file $1 from $5"
  mkdir -p "$(dirname "$root$1")" && curl -fsSL --retry 3 -o "$root$1" "$5" || return 1
  set_attributes "$root$1" "$2" "$3" "$4"
}

link_file() {  # path target
  log "link $1 -> $2"
  mkdir -p "$(dirname "$root$1")" && ln -sfn "$2" "$root$1"
}

write_step() {  # name, the step's text on standard input
  cat > "$work/$1"
}

run_command() {  # name stop|continue cwd env [-i VAR=value ...]
  name=$1 on_error=$2 dir=$3; shift 3
  if [ -n "$dir" ]; then dir="$root$dir"; else dir=.; fi
  if [ -s "$work/test" ] && ! (cd "$dir" && "$@" /bin/sh "$work/test"); then
    log "command $name: test failed, not run"; return 0
  fi
  log "command $name"
  (cd "$dir" && "$@" /bin/sh "$work/command") && return 0
  status=$?
  if [ "$on_error" = continue ]; then log "command $name failed ($status), ignored"; return 0; fi
  log "command $name failed ($status)"; return 1
}

manage_service() {  # name enabled(on|off|unset) running(on|off|unset) restart|keep
  log "service $1"
  if command -v systemctl >/dev/null 2>&1; then
    case $2 in on) systemctl enable "$1" ;; off) systemctl disable "$1" ;; esac || return 1
    case $3 in
      on) if [ "$4" = restart ]; then systemctl restart "$1"; else systemctl start "$1"; fi ;;
      off) systemctl stop "$1" ;;
    esac
  else
    case $2 in
      on) chkconfig "$1" on 2>/dev/null || update-rc.d "$1" enable ;;
      off) chkconfig "$1" off 2>/dev/null || update-rc.d "$1" disable ;;
    esac || return 1
    case $3 in
      on) if [ "$4" = restart ]; then service "$1" restart; else service "$1" start; fi ;;
      off) service "$1" stop ;;
    esac
  fi
}

"""
