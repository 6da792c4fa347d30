import Link from '@/components/shell/PageLink';
import { chapters } from '@/content/chapters.generated';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { Figure } from '@/components/mdx/Figure';
import { IntentLink } from '@/components/shell/IntentLink';
import { roomHref } from '@/components/roomOrigin';

/** The episode's front door: what it is, its chapters, and the live room. */
export default function Home() {
  const totalMinutes = chapters.reduce((sum, chapter) => sum + chapter.minutes, 0);
  return (
    <>
      <SiteHeader />
      <main id="main" className="home">
        <section className="hero" aria-labelledby="episode-title">
          <p className="hero-kicker">An explorable episode</p>
          <h1 id="episode-title">How Discord handles a 50-person voice chat</h1>
          <p className="hero-hook">
            Fifty friends, one channel, and a connection held together with string. Nobody hears a freeze, and nobody’s
            upload melts. This episode takes the call apart piece by piece: every figure is a simulation you can push, and
            at the end you can join a real media server running inside this site and watch your own packets go by.
          </p>
          <div className="hero-actions">
            {chapters[0] && (
              <Link className="button button-primary" href={`/learn/${chapters[0].slug}`}>
                Start with chapter 1
              </Link>
            )}
            <Link className="button" href={roomHref('lobby')}>
              Join the live room
            </Link>
          </div>
        </section>

        <section aria-labelledby="chapters-heading" className="home-chapters">
          <h2 id="chapters-heading">
            Chapters <span className="muted">· about {totalMinutes} minute{totalMinutes === 1 ? '' : 's'} in all</span>
          </h2>
          <ol className="chapter-list">
            {chapters.map((chapter) => (
              <li key={chapter.slug}>
                <IntentLink href={`/learn/${chapter.slug}`} className="chapter-card">
                  <span className="chapter-card-number" aria-hidden="true">
                    {String(chapter.order).padStart(2, '0')}
                  </span>
                  <span className="chapter-card-text">
                    <span className="chapter-card-title">{chapter.title}</span>
                    <span className="chapter-card-summary">{chapter.summary}</span>
                  </span>
                  <span className="chapter-card-minutes">{chapter.minutes} min</span>
                </IntentLink>
              </li>
            ))}
          </ol>
        </section>

        {/* One live figure, loaded like a chapter's: only its still is in the page until it nears the screen. */}
        <section aria-labelledby="try-heading" className="home-try">
          <h2 id="try-heading">Or try one first</h2>
          <p>
            Ten people in one voice channel, wired as a mesh: every talker sends a separate copy of their voice to everyone
            else. Slide the room towards fifty and watch a talker’s upload turn red, then switch the wiring to an SFU.
            Chapter 2 explains what you just saw.
          </p>
          <Figure
            name="mesh-vs-sfu/room"
            caption="The voice channel from chapter 2, live: choose the wiring, the number of people and how many of them talk."
            alt="People as dots on a circle with packets moving between them. In a mesh every talker is connected to every other person; with an SFU or an MCU everyone has one connection to a server in the middle. Bars show what a talker and a listener upload and download, red where the upload is more than the chosen home connection carries."
          />
        </section>

        <section aria-labelledby="room-heading" className="home-room">
          <h2 id="room-heading">The live room</h2>
          <p>
            This site carries its own selective forwarding unit. Open a room, join with your camera and microphone or
            just watch, add a few bots, and see every layer of every stream: who is talking, which resolution each viewer
            gets, and what the server sends out, second by second. In a classroom, put the room on the projector and let
            everyone join from their phones.
          </p>
          <Link className="button" href={roomHref('lobby')}>
            Open the room “lobby”
          </Link>
        </section>
      </main>
      <footer className="site-footer">
        <p>
          Every number on these pages is computed by the episode’s models or taken from a cited source. Discord is a
          trademark of Discord Inc.; this episode is independent and not affiliated with it.
        </p>
      </footer>
    </>
  );
}
