'use client';
/**
 * The speed the denoiser figure measured on this device, shared with the cost figure so the reader
 * can put their own machine's number into the arithmetic. A measurement, not an input: only the
 * denoiser figure writes it.
 */
import { createStore } from 'zustand/vanilla';
import { EMPTY_TALLY, type RealtimeTally } from '@/lib/noise/realtime';

export const deviceSpeedStore = createStore<{ tally: RealtimeTally }>()(() => ({ tally: EMPTY_TALLY }));
