import { describe, expect, it, vi } from 'vitest';
import { NO_FLEET } from '@/lib/protocol/fleet';

/**
 * Without REDIS_URL the server is one process that never loads a Redis client: everything
 * server/index.ts imports in that case must stay clear of @redis/client. The mock records a load.
 */
const loaded = vi.hoisted(() => ({ redisClient: false }));
vi.mock('@redis/client', () => {
  loaded.redisClient = true;
  return { createClient: () => ({}) };
});

describe('a server without REDIS_URL', () => {
  it('loads the fleet’s settings and its API (the route that says there is no fleet) without loading a Redis client', async () => {
    const { readFleetConfig } = await import('@/server/fleet/config');
    const { fleetApi, singleServer } = await import('@/server/fleet/fleetApi');
    expect(readFleetConfig({ PORT: '3000' }, 3000)).toBeNull();
    expect(typeof fleetApi(singleServer)).toBe('function');
    expect(await singleServer.snapshot()).toEqual(NO_FLEET);
    expect(await singleServer.place('lobby')).toEqual({ roomId: 'lobby', node: null, placed: 'single', reports: [] });
    expect(loaded.redisClient).toBe(false);
  });

  it('would notice: the one module that connects to Redis does load the client', async () => {
    await import('@/server/fleet/connectFleetNode');
    expect(loaded.redisClient).toBe(true);
  });
});
