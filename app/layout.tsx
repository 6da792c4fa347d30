import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import localFont from 'next/font/local';
import './fonts.generated.css';
import './globals.css';
import { themeScript } from '@/components/shell/theme';

// The three variable web fonts, self-hosted from the @fontsource-variable packages' Latin files (the
// episode is in English; the few arrows and symbols outside that subset come from the local fonts).
// next/font gives them hashed, immutable URLs and preloads the two text fonts in every page's head; the fallbacks
// scaled to their metrics are in fonts.generated.css (scripts/font-fallbacks.ts), so nothing shifts
// when they swap in.
const sans = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  weight: '100 900',
  variable: '--font-sans-web',
  adjustFontFallback: false,
});
const serif = localFont({
  src: '../node_modules/@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2',
  weight: '200 900',
  variable: '--font-serif-web',
  adjustFontFallback: false,
});
const mono = localFont({
  src: '../node_modules/@fontsource-variable/jetbrains-mono/files/jetbrains-mono-latin-wght-normal.woff2',
  weight: '100 800',
  variable: '--font-mono-web',
  adjustFontFallback: false,
  // Code, keys and table figures: below the first screen, so not worth 40 kB before the text fonts.
  preload: false,
});

export const metadata: Metadata = {
  title: {
    default: 'How Discord handles a 50-person voice chat',
    template: '%s · How Discord handles a 50-person voice chat',
  },
  description:
    'An explorable episode on real-time voice and video: UDP, SFUs, voice activity, simulcast, noise suppression and the cost of a free user, with a real media server you can join.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbfaf7' },
    { media: '(prefers-color-scheme: dark)', color: '#14151a' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${sans.variable} ${serif.variable} ${mono.variable}`} suppressHydrationWarning>
      <head>
        {/* Sets the saved theme before first paint, so a dark-mode reader never sees a white flash. */}
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
