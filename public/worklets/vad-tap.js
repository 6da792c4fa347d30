// The voice-activity chapter's AudioWorklet (components/figures/voice-activity/useMicrophoneVad.ts):
// copies each 128-sample render quantum of the microphone to the page, where lib/vad frames and
// judges it. A file of this origin, not a blob: URL, so the Content-Security-Policy needs no blob:.
class VoiceActivityTap extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('voice-activity-tap', VoiceActivityTap);
