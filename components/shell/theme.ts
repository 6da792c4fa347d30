export { SIDEBAR_STORAGE_KEY, THEME_STORAGE_KEY, themeScript, type Theme } from '@/lib/site/theme';
