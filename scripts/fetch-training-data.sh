#!/usr/bin/env bash
# Fetches the training material that data/recipe.json names: the Debian packages of the training table in the
# project's data notes (docs: data.md), each unpacked with `dpkg-deb -x` into data/packages/PACKAGE/ (git-ignored).
# Installs Debian's ffmpeg first when ffmpeg/ffprobe are missing (the trainer decodes every clip and photo through
# them). Idempotent: a package already unpacked at the candidate version is skipped. Writes nothing outside
# data/packages/ (besides what apt-get installs); the reserved evaluation clips are never decoded or used for
# training — the recipe does not name them and the loader refuses them (Magvit.Training.Data.ReservedMedia).
# Needs root (or sudo) only for the ffmpeg install and, if package lists are missing, `apt-get update`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(opencv-doc pd-extendedview python3-mecavideo python3-imageio forensics-samples-files kphotoalbum
          python-nbsphinx-doc libdlib19.1 python3-sklearn python-matplotlib-data)
dest=data/packages

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "need root (or sudo) for: $*" >&2; return 1; fi
}

updated=0
apt_update_once() {
    [ "$updated" -eq 1 ] && return 0
    as_root apt-get update -qq
    updated=1
}

if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
    echo "installing ffmpeg (apt-get install -y ffmpeg) ..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null \
        || { apt_update_once && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; }
fi

candidate() { apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1; }

mkdir -p "$dest"
download="$dest/.download"
trap 'rm -rf "$download"' EXIT
for package in "${packages[@]}"; do
    version=$(candidate "$package")
    if [ -z "$version" ]; then
        apt_update_once
        version=$(candidate "$package")
    fi
    [ -n "$version" ] || { echo "no Debian package named $package (is this Debian 12?)" >&2; exit 1; }
    if [ "$(cat "$dest/$package/.version" 2>/dev/null)" = "$version" ]; then
        echo "$package $version: present"
        continue
    fi

    rm -rf "$download" && mkdir -p "$download"
    # As root, apt's sandbox user could not write into this folder; download as root instead.
    (cd "$download" && apt-get download -qq -o APT::Sandbox::User=root "$package=$version")
    rm -rf "$dest/.partial-$package" "$dest/$package"
    dpkg-deb -x "$download"/*.deb "$dest/.partial-$package"
    echo "$version" > "$dest/.partial-$package/.version"
    mv "$dest/.partial-$package" "$dest/$package"
    echo "$package $version: unpacked into $dest/$package"
done

# Every source path of the recipe should now exist (globs: at least one match).
missing=0; total=0
while read -r path; do
    total=$((total + 1))
    # shellcheck disable=SC2086 # the glob in a recipe path is meant to expand
    if ! compgen -G "$dest/$path" >/dev/null; then echo "missing: $dest/$path" >&2; missing=$((missing + 1)); fi
done < <(sed -n 's/.*"path": *"\([^"]*\)".*/\1/p' data/recipe.json)
echo "recipe: $((total - missing))/$total sources present under $dest"
[ "$missing" -eq 0 ]
