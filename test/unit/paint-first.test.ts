import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LOADER_ID, loaderScript, paintFirst } from '../../scripts/paint-first.mjs';

/** A prerendered page as Next 16 writes it: script preload and async tags in the head, the page's own chunk
 * again at the end of the body, a noModule polyfill and the inline RSC payload. */
const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>' +
  '<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>' +
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/page.js"/>' +
  '<script src="/_next/static/chunks/framework.js" async=""></script>' +
  '<script src="/_next/static/chunks/turbopack-runtime.js" async=""></script>' +
  '<script>try{document.documentElement.dataset.theme="dark"}catch(e){}</script>' +
  '<script src="/_next/static/chunks/polyfills.js" noModule=""></script></head>' +
  '<body><main id="main"><p>Text</p></main>' +
  '<script src="/_next/static/chunks/page.js" async=""></script>' +
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script></body></html>';

/** The rewritten page (a page not yet rewritten always gives one). */
function rewrite(html: string): { html: string; scripts: string[] } {
  const result = paintFirst(html);
  if (!result) throw new Error('paintFirst left the page alone');
  return result;
}

describe('paint-first: a prerendered page asks for its scripts after its first paint', () => {
  it('takes out the async script tags and script preloads, and names each script once in the loader', () => {
    const { html, scripts } = rewrite(PAGE);
    expect(scripts).toEqual(['/_next/static/chunks/page.js', '/_next/static/chunks/framework.js', '/_next/static/chunks/turbopack-runtime.js']);
    expect(html).not.toMatch(/<script src="[^"]+" async="">/);
    expect(html).not.toContain('rel="preload" as="script"');
    expect(html).toContain(`<script id="${LOADER_ID}">${loaderScript(scripts)}</script></head>`);
  });

  it('keeps the stylesheet, the inline scripts and the noModule polyfill as they were', () => {
    const { html } = rewrite(PAGE);
    expect(html).toContain('<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>');
    expect(html).toContain('<script>try{document.documentElement.dataset.theme="dark"}catch(e){}</script>');
    expect(html).toContain('<script src="/_next/static/chunks/polyfills.js" noModule=""></script>');
    expect(html).toContain('<script>(self.__next_f=self.__next_f||[]).push([0])</script>');
  });

  it('leaves a page it has rewritten alone, and refuses a page whose scripts it cannot find', () => {
    expect(paintFirst(rewrite(PAGE).html)).toBeNull();
    expect(() => paintFirst('<html><head></head><body><script src="/app.js" defer></script></body></html>')).toThrow(/Next changed its markup/);
  });
});

/** Runs the loader against a stand-in browser; `paint()` reports the first contentful paint. */
function runLoader(options: { hidden?: boolean; paintTiming?: boolean } = {}) {
  const appended: string[] = [];
  const timers: { at: number; run: () => void }[] = [];
  const frames: (() => void)[] = [];
  let now = 0;
  let observer: { callback: () => void; disconnected: boolean } | null = null;
  class PerformanceObserver {
    static supportedEntryTypes = options.paintTiming === false ? ['resource'] : ['paint', 'resource'];
    state: { callback: () => void; disconnected: boolean };
    constructor(callback: () => void) {
      this.state = { callback, disconnected: false };
    }
    observe(init: { type: string; buffered: boolean }) {
      expect(init).toEqual({ type: 'paint', buffered: true });
      observer = this.state;
    }
    disconnect() {
      this.state.disconnected = true;
    }
  }
  const context = {
    PerformanceObserver,
    document: {
      visibilityState: options.hidden ? 'hidden' : 'visible',
      createElement: () => ({ src: '', async: false }),
      head: { appendChild: (script: { src: string; async: boolean }) => appended.push(`${script.src}${script.async ? ' async' : ''}`) },
    },
    requestAnimationFrame: (callback: () => void) => frames.push(callback),
    setTimeout: (run: () => void, ms: number) => timers.push({ at: now + ms, run }),
  };
  vm.runInNewContext(loaderScript(['/a.js', '/b.js']), { ...context, self: context });
  return {
    appended,
    paint: () => observer && !observer.disconnected && observer.callback(),
    frame: () => frames.splice(0).forEach((run) => run()),
    advance: (ms: number) => {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

describe('paint-first: the loader', () => {
  it('inserts nothing before the first contentful paint, then every script once, async, in order', () => {
    const page = runLoader();
    page.frame();
    page.advance(100);
    expect(page.appended).toEqual([]);
    page.paint();
    expect(page.appended).toEqual(['/a.js async', '/b.js async']);
    page.advance(5000);
    expect(page.appended).toHaveLength(2);
  });

  it('loads at once in a page that cannot paint yet (a background tab)', () => {
    expect(runLoader({ hidden: true }).appended).toEqual(['/a.js async', '/b.js async']);
  });

  it('without paint timing, loads after the first frame', () => {
    const page = runLoader({ paintTiming: false });
    expect(page.appended).toEqual([]);
    page.frame();
    page.advance(0);
    expect(page.appended).toEqual(['/a.js async', '/b.js async']);
  });

  it('loads after 3 s if no paint is ever reported', () => {
    const page = runLoader();
    page.advance(2999);
    expect(page.appended).toEqual([]);
    page.advance(1);
    expect(page.appended).toHaveLength(2);
  });
});
