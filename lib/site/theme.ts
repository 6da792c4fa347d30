/** Where the reader's theme choice is saved. */
export const THEME_STORAGE_KEY = 'episode-theme';

export type Theme = 'light' | 'dark';

/**
 * Runs inline in <head>: applies a saved choice; with none, CSS follows the system setting. The
 * server allows it by its hash in the Content-Security-Policy (server/http/securityHeaders.ts), so
 * its text lives here, where both the layout and the server can read it.
 */
export const themeScript = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;
