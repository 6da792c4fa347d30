#!/bin/sh
# Makes the compressed copies of the committed clips that the pages fetch: FLAC beside each WAV in
# media/audio/. FLAC is lossless, so a browser's decodeAudioData gives back exactly the WAV's samples
# (test/e2e/assets.spec.ts checks it in Chromium) at about half the bytes; the WAVs stay as the sources
# the unit tests and the fake microphone read. scripts/copy-assets.mjs serves the FLACs under hashed names.
#
# Needs flac (Debian: apt-get install flac). Run from the repository root after any of the clip
# scripts: sh scripts/audio/compress.sh
set -eu

for wav in media/audio/*/*.wav; do
  flac --silent --force --best --no-preserve-modtime -o "${wav%.wav}.flac" "$wav"
  echo "wrote ${wav%.wav}.flac ($(wc -c < "${wav%.wav}.flac") bytes from $(wc -c < "$wav"))"
done
