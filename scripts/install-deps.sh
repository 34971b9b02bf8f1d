#!/bin/sh
# Install the Debian 12 packages wirelab needs to build and test.
#
#   sh scripts/install-deps.sh
#
# POSIX sh (the Makefile's `deps` target runs it with `sh`).  Idempotent:
# packages already installed (per dpkg-query) are skipped, and when nothing
# is missing no apt command runs at all.  Never prompts: DEBIAN_FRONTEND is
# noninteractive and the one debconf question (may non-root users capture
# with Wireshark?) is pre-answered "no".  Runs as root, or through
# passwordless sudo; otherwise it prints the commands it would run and
# exits 1.
set -eu

PACKAGES="build-essential pkg-config liblua5.4-dev lua5.4 libpcap-dev libncurses-dev
libcmocka-dev tshark tcpdump iproute2 iputils-ping net-tools traceroute procps
dnsmasq-base bind9-dnsutils curl nginx-light iptables conntrack python3 tmux"

DEBCONF_ANSWER="wireshark-common wireshark-common/install-setuid boolean false"

say() { printf 'install-deps: %s\n' "$*"; }
die() { printf 'install-deps: error: %s\n' "$*" >&2; exit 1; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "dpkg-query/apt-get not found; this script supports Debian 12 (bookworm) only"
fi

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=""
for p in $PACKAGES; do
    is_installed "$p" || missing="$missing $p"
done
missing=${missing# }

if [ -z "$missing" ]; then
    say "all required packages are already installed:"
    # shellcheck disable=SC2086  # print the list on one line
    say "  "$PACKAGES
    exit 0
fi
say "missing packages: $missing"

# The exact commands, shown in full when we cannot run them ourselves.
APT_INSTALL="apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
show_commands() {
    pfx=$1
    echo "  echo '$DEBCONF_ANSWER' | ${pfx}debconf-set-selections"
    echo "  ${pfx}env DEBIAN_FRONTEND=noninteractive apt-get update -q"
    echo "  ${pfx}env DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true $APT_INSTALL $missing"
}

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO="sudo -n"
    say "not root; using passwordless sudo"
else
    echo "install-deps: error: need root (or passwordless sudo) to install: $missing" >&2
    echo "install-deps: run these commands as root, then try again:" >&2
    show_commands "sudo " >&2
    exit 1
fi

# run CMD...: echo it, then run it as root with a non-interactive apt/debconf.
run() {
    echo "+ $*"
    $SUDO env DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true "$@" </dev/null
}

# Pre-answer debconf so the tshark install never asks about setuid dumpcap.
echo "+ echo '$DEBCONF_ANSWER' | debconf-set-selections"
echo "$DEBCONF_ANSWER" | $SUDO debconf-set-selections

updated=no
apt_update() {
    run apt-get update -q
    updated=yes
}

# Update the package lists first when any missing package has no install
# candidate (a fresh image ships with empty lists).
for p in $missing; do
    cand=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
        say "no install candidate for $p; updating package lists"
        apt_update
        break
    fi
done

# nginx and dnsmasq are installed as programs for the kernel tests, which
# start their own copies in private namespaces: keep their packages from
# starting system daemons (invoke-rc.d obeys policy-rc.d; 101 = "not
# allowed").  Only a policy file we made ourselves is removed again.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod 755 "$POLICY"
    trap '$SUDO rm -f "$POLICY"' EXIT
fi

# shellcheck disable=SC2086  # word splitting of the option and package lists is intended
if ! run $APT_INSTALL $missing; then
    # Stale lists give 404s on the mirror: refresh once and retry.
    [ "$updated" = yes ] && die "apt-get install failed"
    say "apt-get install failed; updating package lists and retrying"
    apt_update
    run $APT_INSTALL $missing || die "apt-get install failed"
fi

still=""
for p in $PACKAGES; do
    is_installed "$p" || still="$still $p"
done
[ -z "$still" ] || die "still not installed after apt-get:$still"
say "done; installed: $missing"
