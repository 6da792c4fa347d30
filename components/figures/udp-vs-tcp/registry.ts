import type { FigureRegistry } from '../types';
import { COUNTING_CLIP_FRAMES, DEFAULT_HEAR_IT_INPUTS, DEFAULT_UDP_TCP_INPUTS, clipTable, udpTcpTable } from '@/lib/transport';

/** Figures of the "udp-vs-tcp" chapter, keyed "udp-vs-tcp/<figure>". */
export const figures: FigureRegistry = {
  'udp-vs-tcp/lanes': {
    still: () => udpTcpTable(DEFAULT_UDP_TCP_INPUTS),
  },
  'udp-vs-tcp/hear-it': {
    still: () => clipTable(DEFAULT_HEAR_IT_INPUTS, COUNTING_CLIP_FRAMES),
  },
};
