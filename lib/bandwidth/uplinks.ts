/**
 * Household uplink speeds a reader can hold a mesh call against. For a mesh call the upload is the limit:
 * a talker sends a copy to everyone, while downloads are the same with or without a server.
 */
import type { SourceId } from '@/lib/sources';
import { mbpsToKbps } from '@/lib/units';

export type UplinkId = 'fcc-2015' | 'fcc-2024' | 'ookla-median-2023';

export interface UplinkReference {
  id: UplinkId;
  /** Short label for a control. */
  label: string;
  /** What the number is, in one line. */
  description: string;
  uploadKbps: number;
  downloadKbps: number;
  source: SourceId;
}

export const UPLINKS: Record<UplinkId, UplinkReference> = {
  'fcc-2015': {
    id: 'fcc-2015',
    label: '3 Mbps up',
    description: 'The FCC’s broadband benchmark from 2015 until March 2024: 25 Mbps down, 3 Mbps up',
    downloadKbps: mbpsToKbps(25),
    uploadKbps: mbpsToKbps(3),
    source: 'fcc-broadband-2024',
  },
  'fcc-2024': {
    id: 'fcc-2024',
    label: '20 Mbps up',
    description: 'The FCC’s broadband benchmark since March 2024: 100 Mbps down, 20 Mbps up',
    downloadKbps: mbpsToKbps(100),
    uploadKbps: mbpsToKbps(20),
    source: 'fcc-broadband-2024',
  },
  'ookla-median-2023': {
    id: 'ookla-median-2023',
    label: '27 Mbps up',
    description: 'Median US fixed broadband, December 2023 (Ookla): about 227 Mbps down, 27 Mbps up',
    downloadKbps: mbpsToKbps(227),
    uploadKbps: mbpsToKbps(27),
    source: 'ookla-us-2023',
  },
};

export const UPLINK_IDS: readonly UplinkId[] = ['fcc-2015', 'fcc-2024', 'ookla-median-2023'];

/** True when a person's upload does not fit their uplink. */
export function exceedsUplink(uploadKbps: number, uplink: UplinkReference): boolean {
  return uploadKbps > uplink.uploadKbps;
}

/**
 * The biggest mesh in which one talker's upload still fits: a talker sends N - 1 copies, so
 * N - 1 <= uplink / stream.
 */
export function largestMeshForUplink(uplinkKbps: number, streamKbps: number): number {
  return Math.floor(uplinkKbps / streamKbps) + 1;
}
