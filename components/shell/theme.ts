export { THEME_STORAGE_KEY, themeScript, type Theme } from '@/lib/site/theme';
