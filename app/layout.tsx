import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import localFont from 'next/font/local';
import './fonts.generated.css';
import './globals.css';
import { themeScript } from '@/components/shell/theme';

// The three variable web fonts, self-hosted: the @fontsource-variable packages' Latin files cut to the characters
// the site's text uses and to weights 400-800 (scripts/font-subsets.ts, run by `npm run content`), about half
// their size. next/font gives them hashed, immutable URLs and preloads the two text fonts in every page's head.
// The two text fonts use `display: 'optional'`: a web font is used only if it is there when the text is first laid out, and never swapped
// in afterwards, so it cannot move the page. Chromium holds the first paint for a preloaded optional font until it
// arrives (or a short timeout), so on a good link the first paint is already in the web fonts; on a slow first
// visit that page reads in the fallbacks scaled to the web fonts' metrics (fonts.generated.css,
// scripts/font-fallbacks.ts), and the next page, with the fonts cached, in the web fonts.
const sans = localFont({
  src: './fonts/sans.woff2',
  weight: '400 800',
  variable: '--font-sans-web',
  display: 'optional',
  adjustFontFallback: false,
});
const serif = localFont({
  src: './fonts/serif.woff2',
  weight: '400 800',
  variable: '--font-serif-web',
  display: 'optional',
  adjustFontFallback: false,
});
const mono = localFont({
  src: './fonts/mono.woff2',
  weight: '400 800',
  variable: '--font-mono-web',
  adjustFontFallback: false,
  // Code, keys and table figures: mostly below the first screen, so not worth its bytes before the text fonts.
  // It swaps in when it arrives: every glyph of a monospaced font has one advance, which its scaled fallback
  // matches, so the swap does not move the text.
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
        {/* The first paint waits until <main> is parsed, so it shows the whole first screen (the largest text
            included) rather than whatever the parser had reached; the page's scripts are asked for after that
            paint (scripts/paint-first.mjs). Chromium 124+; other browsers ignore it. */}
        <link rel="expect" href="#main" blocking="render" />
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
