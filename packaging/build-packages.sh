#!/usr/bin/env bash
# Builds the Debian packages (lockscope, libredislock-dev) from a configured build tree with
# CPack, checks them with lintian, installs them with apt-get, runs the installed lockctl and
# lockscope --version, and builds the package consumer test (tests/package/consumer) against the
# INSTALLED libredislock-dev.
#
#   packaging/build-packages.sh [BUILD_DIR]        default: build/release
#
# Installing needs root or passwordless sudo (CI runs this as root on a throwaway machine). The
# packages are removed again at the end, also on failure, unless KEEP_PACKAGES=1. The .deb files
# stay in BUILD_DIR/packages.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/release}
fail() { echo "build-packages: $*" >&2; exit 1; }
[ -f "$build/CPackConfig.cmake" ] ||
    fail "$build is not a configured build tree with packaging (run: cmake --preset release)"
command -v lintian >/dev/null || fail "lintian is missing (run: packaging/install-dependencies.sh)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || fail "installing the packages needs root or passwordless sudo"
    sudo=(sudo -n)
fi
jobs=$(nproc 2>/dev/null || echo 2)
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
packages=(lockscope libredislock-dev)

echo "== building the packages (version $version)"
rm -rf "$build/packages"
cmake --build "$build" --target package -j "$jobs"
debs=()
for package in "${packages[@]}"; do
    deb=$(ls "$build"/packages/"${package}"_"${version}"-*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || fail "CPack made no ${package}_${version}-*.deb in $build/packages"
    debs+=("$(realpath "$deb")")
    echo "-- $(basename "$deb"): $(du -h "$deb" | cut -f1)"
    dpkg-deb --field "$deb" Package Version Section Depends Recommends Suggests
done

# What dpkg-shlibdeps must have found for the executables, and what each package must hold.
lockscope_deb=${debs[0]}
dev_deb=${debs[1]}
depends=$(dpkg-deb --field "$lockscope_deb" Depends)
for library in libqt6widgets6 libhiredis libssl3 libc6; do
    [[ $depends == *"$library"* ]] || fail "lockscope's Depends lacks $library (dpkg-shlibdeps): $depends"
done
contents() { dpkg-deb --contents "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
for path in /usr/bin/lockscope /usr/bin/lockctl /usr/share/man/man1/lockctl.1.gz \
    /usr/share/man/man1/lockscope.1.gz /usr/share/applications/lockscope.desktop \
    /usr/share/metainfo/lockscope.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/lockscope.svg \
    /usr/share/doc/lockscope/copyright /usr/share/doc/lockscope/changelog.Debian.gz; do
    contents "$lockscope_deb" | grep -qx "$path" || fail "lockscope lacks $path"
done
for path in /usr/include/redislock/redislock.h /usr/lib/libredislock.a \
    /usr/lib/cmake/redislock/redislockConfig.cmake /usr/share/doc/libredislock-dev/copyright \
    /usr/share/doc/libredislock-dev/changelog.Debian.gz; do
    contents "$dev_deb" | grep -qx "$path" || fail "libredislock-dev lacks $path"
done

echo "== lintian"
# Errors and warnings fail; informational tags are shown. Tags that remain are overridden, each
# with its reason, in packaging/debian/*.lintian-overrides (shipped inside the packages).
lintian --fail-on error,warning --display-info "${debs[@]}"

echo "== installing with apt-get"
cleanup() {
    if [ "${KEEP_PACKAGES:-0}" != 1 ]; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$scratch"
}
scratch=$(mktemp -d)
trap cleanup EXIT
# A copy of a previous build would stop apt-get from installing these files ("already newest").
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" \
    >/dev/null 2>&1 || true
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${debs[@]}"

echo "== the installed programs"
[ "$(command -v lockctl)" = /usr/bin/lockctl ] || fail "lockctl is not /usr/bin/lockctl"
got=$(/usr/bin/lockctl --version)
[ "$got" = "lockctl $version" ] || fail "lockctl --version said \"$got\", not \"lockctl $version\""
echo "$got"
# The inspector starts with only what the package pulled in (offscreen: CI has no display).
got=$(QT_QPA_PLATFORM=offscreen /usr/bin/lockscope --version)
[ "$got" = "lockscope $version" ] || fail "lockscope --version said \"$got\""
echo "$got"

echo "== the package consumer test against the installed libredislock-dev"
cmake -DINSTALLED_PREFIX=/usr -DCONSUMER_SOURCE="$PWD/tests/package/consumer" \
    -DWORK_DIR="$scratch/consumer" -DGENERATOR=Ninja \
    -P tests/package/installandconsume.cmake

echo "build-packages: ok: ${debs[*]##*/}"
