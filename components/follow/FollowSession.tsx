'use client';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { GatewayClient, type GatewayState } from './GatewayClient';

const SessionContext = createContext<{ code: string; client: GatewayClient } | null>(null);

/**
 * One gateway session for a follower, kept while they move between the class's chapters (it lives in
 * the /follow/<code> layout, which stays mounted across those pages).
 */
export function FollowSession({ code, children }: { code: string; children: ReactNode }) {
  // Creating the client opens nothing; the effect connects it, and closes it when the follower leaves.
  const [client] = useState(() => new GatewayClient({ kind: 'class', code }));
  useEffect(() => {
    client.start();
    return () => client.close();
  }, [client]);
  return <SessionContext.Provider value={{ code, client }}>{children}</SessionContext.Provider>;
}

const idle: GatewayState | null = null;

/** The session's client and its state; null before it exists (server render, first paint). */
export function useFollowSession(): { code: string; client: GatewayClient; state: GatewayState } | null {
  const session = useContext(SessionContext);
  const state = useSyncExternalStore(
    (callback) => (session ? session.client.subscribe(callback) : () => {}),
    () => session?.client.state ?? idle,
    () => idle,
  );
  return session && state ? { ...session, state } : null;
}
