/** Where the reader's theme choice is saved. */
export const THEME_STORAGE_KEY = 'episode-theme';

/** Where the reader's choice to hide the contents sidebar on wide screens is saved. */
export const SIDEBAR_STORAGE_KEY = 'episode-sidebar';

export type Theme = 'light' | 'dark';

/**
 * Runs inline in <head>, before first paint: applies a saved theme (with none, CSS follows the system
 * setting) and hides the contents sidebar if the reader hid it before. The server allows it by its hash
 * in the Content-Security-Policy (server/http/securityHeaders.ts), so its text lives here, where both the
 * layout and the server can read it.
 */
export const themeScript =
  `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='light'||t==='dark')document.documentElement.dataset.theme=t;` +
  `if(localStorage.getItem(${JSON.stringify(SIDEBAR_STORAGE_KEY)})==='hidden')document.documentElement.dataset.sidebar='hidden'}catch(e){}`;
