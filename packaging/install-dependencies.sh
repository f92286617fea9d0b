#!/usr/bin/env bash
# Installs what Lockscope needs to build, test and run, from Debian 12 packages only.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    libhiredis-dev libssl-dev openssl
    qt6-base-dev qt6-l10n-tools libqcustomplot-dev qtkeychain-qt6-dev
    redis-server redis-tools
    python3-redis
    fonts-wqy-microhei # Chinese glyphs: the zh_CN UI offscreen and its screenshot
    qt6-translations-l10n # Qt's own texts in Chinese: standard buttons, file dialogs
    dbus-daemon gnome-keyring # a private Secret Service for tst_connectionstore_keychain
    clang-16 libclang-rt-16-dev # libFuzzer for tests/fuzz (clang 14 cannot compile std::expected)
    dpkg-dev file lintian # the Debian packages: dpkg-shlibdeps (CPack finds ELF files with file)
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
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
