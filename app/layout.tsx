import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/source-serif-4/wght.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import './globals.css';
import { themeScript } from '@/components/shell/theme';

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
    <html lang="en" suppressHydrationWarning>
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
