/** The episode's two characters. */
export type Speaker = 'learner' | 'guide';

export const characters: Record<Speaker, { name: string; role: string }> = {
  learner: { name: 'Milo', role: 'plays games with friends every night and wonders why the call never lags' },
  guide: { name: 'Ada', role: 'builds real-time media systems for a living' },
};

/** Small hand-drawn avatars: Milo with headphones, Ada with a waveform pin. */
export function Avatar({ who }: { who: Speaker }) {
  if (who === 'learner') {
    return (
      <svg viewBox="0 0 40 40" className="avatar avatar-learner" aria-hidden="true">
        <circle cx="20" cy="20" r="19" className="avatar-bg" />
        <circle cx="20" cy="19" r="9" className="avatar-face" />
        <path d="M11 19a9 9 0 0 1 18 0" className="avatar-band" />
        <rect x="8.5" y="17" width="4" height="7" rx="2" className="avatar-cup" />
        <rect x="27.5" y="17" width="4" height="7" rx="2" className="avatar-cup" />
        <path d="M16 22q4 3 8 0" className="avatar-smile" />
        <path d="M9 38q11-12 22 0" className="avatar-shirt" />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 40 40" className="avatar avatar-guide" aria-hidden="true">
      <circle cx="20" cy="20" r="19" className="avatar-bg" />
      <path d="M10 22q0-14 10-14t10 14" className="avatar-hair" />
      <circle cx="20" cy="19" r="8" className="avatar-face" />
      <path d="M16.5 22q3.5 2.5 7 0" className="avatar-smile" />
      <path d="M9 38q11-12 22 0" className="avatar-shirt" />
      <path d="M14 31h2l1.5-3 2 6 2-8 1.5 5h3" className="avatar-wave" />
    </svg>
  );
}
