import type { SendPolicy } from '@/lib/vad/packets';
import styles from './Figure.module.css';

/** Each sending policy's colour class, shared by the clip and room figures. */
export const POLICY_CLASS: Readonly<Record<SendPolicy, string>> = {
  continuous: styles.continuous,
  vad: styles.vad,
  dtx: styles.dtx,
};
