#!/bin/sh
# Makes the noisy clip for the "Noise suppression" chapter: synthetic speech (espeak-ng) over a fan,
# keyboard clatter and two dog-like barks, all generated here with sox, so the clip is reproducible
# and free of anyone's rights. Writes media/audio/noise-suppression/noisy-speech.wav (48 kHz mono,
# 16-bit: RNNoise works on 48 kHz frames, so the page and the unit test feed it without resampling)
# and clip.json, which says where the speech is, for the figure and the unit test.
#
# Needs espeak-ng, sox and awk. Run from the repository root: sh scripts/audio/noise-suppression.sh
set -eu

OUT_DIR=media/audio/noise-suppression
RATE=48000
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Speech: two sentences, placed with gaps before, between and after them so the clip has stretches
# of noise alone (where a suppressor should remove almost everything) and stretches of speech.
# The barks fall in the gaps. Times in seconds.
espeak-ng -v en-us -s 160 -p 45 -w "$WORK/s1-raw.wav" \
  "Hi! Can you hear me? I'm typing notes, and the fan is on."
espeak-ng -v en-us -s 160 -p 45 -w "$WORK/s2-raw.wav" \
  "Sorry, that's the neighbour's dog. He has opinions."
for s in s1 s2; do
  # espeak-ng pads its output with silence; trim it so the spans in clip.json are the speech itself.
  sox "$WORK/$s-raw.wav" -r $RATE -c 1 -b 16 "$WORK/$s.wav" silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse gain -n -4
done
speech_1_s=$(soxi -D "$WORK/s1.wav")
speech_2_s=$(soxi -D "$WORK/s2.wav")
SPEECH_1_START_S=1.5
GAP_S=2.4
SPEECH_2_START_S=$(awk -v a=$SPEECH_1_START_S -v l="$speech_1_s" -v g=$GAP_S 'BEGIN { printf "%.3f", a + l + g }')
DURATION_S=$(awk -v b=$SPEECH_2_START_S -v l="$speech_2_s" 'BEGIN { printf "%.3f", b + l + 1.8 }')
BARK_1_S=$(awk -v b=$SPEECH_2_START_S -v g=$GAP_S 'BEGIN { printf "%.3f", b - g + 0.7 }')
BARK_2_S=$(awk -v t=$BARK_1_S 'BEGIN { printf "%.3f", t + 0.37 }')
BARK_3_S=$(awk -v d=$DURATION_S 'BEGIN { printf "%.3f", d - 1.0 }')
sox "$WORK/s1.wav" "$WORK/s1-placed.wav" pad "$SPEECH_1_START_S" 0
sox "$WORK/s2.wav" "$WORK/s2-placed.wav" pad "$SPEECH_2_START_S" 0

# Fan: pink noise, low-passed, with a slow wobble and a faint motor hum at 100 Hz.
sox -n -r $RATE -c 1 -b 16 "$WORK/fan-air.wav" synth $DURATION_S pinknoise lowpass 1800 tremolo 0.4 15 gain -n -24
sox -n -r $RATE -c 1 -b 16 "$WORK/fan-hum.wav" synth $DURATION_S sine 100 gain -n -38
# Keyboard: one key click is a few milliseconds of high-passed noise with a sharp decay. Clicks fall
# at pseudo-random times (awk's generator with a fixed seed, so every run makes the same clip).
sox -n -r $RATE -c 1 -b 16 "$WORK/click.wav" synth 0.018 whitenoise vol 0.5 highpass 1800 fade q 0.001 0.018 0.016 gain -n -10
awk -v seed=6 -v dur=$DURATION_S 'BEGIN {
  srand(seed); t = 0.2;
  while (t < dur - 0.2) { printf "%.3f\n", t; t += 0.07 + rand() * 0.22; if (rand() < 0.08) t += 0.6 }
}' > "$WORK/click-times.txt"
i=0
while read -r t; do
  i=$((i + 1))
  sox "$WORK/click.wav" "$WORK/click-$i.wav" pad "$t" 0 vol "0.$(( (i * 37) % 5 + 4 ))"
done < "$WORK/click-times.txt"
sox -m "$WORK"/click-*.wav "$WORK/keys-raw.wav"
sox "$WORK/keys-raw.wav" "$WORK/keys.wav" gain -n -20
# Bark: a falling sawtooth roughened with noise, band-passed to sit where a medium dog barks,
# with a quick attack and decay. Two barks, the second a little lower, then a pause and a third.
make_bark() { # $1 name, $2 start Hz, $3 end Hz
  sox -n -r $RATE -c 1 -b 16 "$WORK/$1-tone.wav" synth 0.2 sawtooth "$2:$3"
  sox -n -r $RATE -c 1 -b 16 "$WORK/$1-air.wav" synth 0.2 pinknoise vol 0.5
  sox -m "$WORK/$1-tone.wav" "$WORK/$1-air.wav" "$WORK/$1.wav" bandpass 1100 1.2q overdrive 8 fade q 0.008 0.2 0.13
}
make_bark bark-a 720 430
make_bark bark-b 650 380
sox "$WORK/bark-a.wav" "$WORK/bark-1.wav" pad "$BARK_1_S" 0
sox "$WORK/bark-b.wav" "$WORK/bark-2.wav" pad "$BARK_2_S" 0
sox "$WORK/bark-a.wav" "$WORK/bark-3.wav" pad "$BARK_3_S" 0
sox -m "$WORK"/bark-[123].wav "$WORK/barks-raw.wav"
sox "$WORK/barks-raw.wav" "$WORK/barks.wav" gain -n -9

mkdir -p "$OUT_DIR"
sox -m -v 1 "$WORK/s1-placed.wav" -v 1 "$WORK/s2-placed.wav" -v 1 "$WORK/fan-air.wav" -v 1 "$WORK/fan-hum.wav" \
  -v 1 "$WORK/keys.wav" -v 1 "$WORK/barks.wav" -b 16 "$OUT_DIR/noisy-speech.wav" trim 0 $DURATION_S gain -n -1

# Where the speech is, in seconds. The unit test measures energy inside these spans (speech) and
# outside them with a margin (noise alone); the figure shades them.
awk -v a="$SPEECH_1_START_S" -v al="$speech_1_s" -v b="$SPEECH_2_START_S" -v bl="$speech_2_s" \
  -v rate=$RATE -v dur=$DURATION_S 'BEGIN {
  printf "{\n  \"file\": \"noisy-speech.wav\",\n  \"sampleRateHz\": %d,\n  \"durationS\": %s,\n", rate, dur;
  printf "  \"speechS\": [[%.3f, %.3f], [%.3f, %.3f]],\n", a, a + al, b, b + bl;
  printf "  \"noise\": [\"fan\", \"keyboard\", \"dog bark\"],\n";
  printf "  \"madeBy\": \"scripts/audio/noise-suppression.sh (espeak-ng speech, sox-generated noise)\"\n}\n";
}' > "$OUT_DIR/clip.json"
echo "wrote $OUT_DIR/noisy-speech.wav and $OUT_DIR/clip.json"

# The clip's whole spectrogram before and after RNNoise, which the figure shows before anything plays.
npx tsx scripts/audio/noise-suppression-spectrogram.ts "$OUT_DIR/noisy-speech.wav" "$OUT_DIR/spectrogram.json"
sh scripts/audio/compress.sh

