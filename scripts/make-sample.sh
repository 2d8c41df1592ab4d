#!/usr/bin/env bash
# Reproduces samples/realshort-128.mp4, the clip `magvit demo` runs on, from its Debian package: the first 33 frames
# of imageio's realshort.mp4 (python3-imageio, BSD-2-Clause; training material of the data recipe's validation split,
# held out from training and never one of the reserved evaluation clips), centre-cropped to a square, scaled to
# 128×128 with flags=area, H.264 (libx264 crf 12, yuv420p), no audio, no encoder SEI. Needs apt-get and ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."

package=python3-imageio
source_path=usr/lib/python3/dist-packages/imageio/resources/images/realshort.mp4
out=samples/realshort-128.mp4

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# As root, apt's sandbox user could not write into the temporary folder; download as root instead.
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root "$package" \
    || { apt-get update -qq && apt-get download -qq -o APT::Sandbox::User=root "$package"; })
dpkg-deb --fsys-tarfile "$work"/*.deb | tar -x -C "$work" "./$source_path"

ffmpeg -nostdin -v error -y -i "$work/$source_path" -an -sn -map_metadata -1 \
    -vf "crop='min(iw,ih)':'min(iw,ih)',scale=128:128:flags=area" -frames:v 33 \
    -c:v libx264 -preset veryslow -crf 12 -pix_fmt yuv420p -x264-params no-info=1 -bitexact -movflags +faststart \
    "$out"
echo "$out: $(stat -c %s "$out") bytes, $(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$out") frames"
