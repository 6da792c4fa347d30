#!/bin/sh
# Makes the speech clip for the "UDP vs TCP" chapter's "hear it" buttons: espeak-ng speaks the line,
# sox turns it into 16 kHz mono 16-bit WAV (plenty for speech, small enough to commit), trims the
# silence at both ends and normalises it. The page plays this one file three ways, each computed from
# the transport model's playout schedule; there is no second recording.
# Usage: sh scripts/audio/udp-vs-tcp.sh   (needs espeak-ng and sox, both in Debian)
set -eu
cd "$(dirname "$0")/../.."
out=media/audio/udp-vs-tcp/counting.wav
text="Can you hear me, Ada? One, two, three, four, five, six, seven, eight, nine, ten."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 165 -p 45 -w "$tmp/raw.wav" "$text"
sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$out" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.1 norm -1
soxi "$out" | grep -E 'Duration|Sample Rate|File Size'
sh scripts/audio/compress.sh
