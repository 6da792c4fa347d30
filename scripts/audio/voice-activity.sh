#!/usr/bin/env bash
# Builds the speech clip of the "Voice activity" chapter: media/audio/voice-activity/clip.wav.
#
# espeak-ng speaks a few lines with real pauses between them (SSML <break>), sox resamples to 16 kHz mono
# and mixes in quiet pink noise, so the detector has a room to hear and not digital silence.
# -R makes sox seed its noise and dither with a fixed number, so a rebuild gives the same bytes.
# Then lib/vad/clipFrames.ts (per-frame energies and peaks) is regenerated from the WAV with the
# same lib/ code the figure uses, so the chapter's still and the figure never disagree with the audio.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=media/audio/voice-activity
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Keep in step with TRANSCRIPT in scripts/audio/voice-activity-frames.ts.
espeak-ng -m -v en-us -s 150 -p 45 -w "$tmp/speech.wav" \
  '<speak>Hey Ada, can you hear me? <break time="1400ms"/>
   Hang on, I am grabbing a drink. <break time="2200ms"/>
   Okay, I am back. <break time="900ms"/> So, who is up for one more round?</speak>'

# 16 kHz mono, peak at -3 dBFS, with room tone before the first word and after the last one.
sox -R "$tmp/speech.wav" -r 16000 -c 1 "$tmp/speech16.wav" norm -3 pad 0.8 1.0
duration=$(soxi -D "$tmp/speech16.wav")
# Pink noise at about -50 dBFS RMS: a quiet room with a computer fan.
sox -R -n -r 16000 -c 1 "$tmp/room.wav" synth "$duration" pinknoise vol 0.009
sox -R -m -v 1 "$tmp/speech16.wav" -v 1 "$tmp/room.wav" -b 16 "$out/clip.wav"

npx tsx scripts/audio/voice-activity-frames.ts "$out/clip.wav" lib/vad/clipFrames.ts
sh scripts/audio/compress.sh
