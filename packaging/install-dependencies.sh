#!/usr/bin/env bash
# Installs what Lockscope needs to build, test and run, from Debian 12 packages only.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    lld # the linker of our executables: a quarter of GNU ld's time (CMakeLists.txt)
    libhiredis-dev libssl-dev openssl
    qt6-base-dev qt6-l10n-tools libqcustomplot-dev qtkeychain-qt6-dev
    redis-server redis-tools
    python3-redis # redis-py: tst_lockformats and tst_lockctl take real redis-py locks
    fonts-wqy-microhei # Chinese glyphs: the zh_CN UI offscreen and its screenshot
    qt6-translations-l10n # Qt's own texts in Chinese: standard buttons, file dialogs
    dbus-daemon gnome-keyring # a private Secret Service for tst_connectionstore_keychain
    clang-16 libclang-rt-16-dev # libFuzzer for tests/fuzz (clang 14 cannot compile std::expected)
    dpkg-dev file lintian # the Debian packages: dpkg-shlibdeps (CPack finds ELF files with file)
)

# node-redlock for tst_lockformats: Node.js from Debian unless one is already installed.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
# The test clients (tests/clients/node, exact versions in its package-lock.json), after the
# packages: npm itself may be among them.
install_node_clients() {
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    [ -d "$here/tests/clients/node/node_modules/redlock" ] && return 0
    npm ci --prefix "$here/tests/clients/node" --no-audit --no-fund --loglevel=error
}

if [ ${#missing[@]} -eq 0 ]; then
    install_node_clients
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-dependencies: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_node_clients
