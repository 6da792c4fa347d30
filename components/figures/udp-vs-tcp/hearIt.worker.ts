/**
 * The hear-it figure's model run, off the main thread: a drag at the largest setting asks for a run every frame,
 * and each takes a few ms (four times that on a phone-class CPU), which on the main thread left no room for the
 * drawing. Receives the inputs, answers with the run (computeHearIt, the same function the page falls back to).
 */
import { computeHearIt } from './hearItRun';
import type { UdpTcpInputs } from '@/lib/transport';

const scope = self as unknown as { onmessage: ((event: MessageEvent<UdpTcpInputs>) => void) | null; postMessage: (message: unknown) => void };
scope.onmessage = (event) => scope.postMessage(computeHearIt(event.data));
