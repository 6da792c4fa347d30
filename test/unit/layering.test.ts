import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules in eslint.config.mjs (content -> app -> components -> lib; server -> lib), checked
 * on the import each layer must not make, written both ways: through the @/ alias and as a relative
 * path that climbs out of the layer.
 */
const eslint = new ESLint();

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message);
}

describe('the layering rules', () => {
  it('stop lib/ importing components/ or server/, by alias or by a relative path that climbs out', async () => {
    expect(await layerErrors('lib/bandwidth/zz-check.ts', "import { RoomClient } from '../../components/room/roomClient';\nexport const x = RoomClient;\n")).toHaveLength(1);
    expect(await layerErrors('lib/zz-check.ts', "import { MAX_ROOMS } from '@/server/limits';\nexport const x = MAX_ROOMS;\n")).toHaveLength(1);
    expect(await layerErrors('lib/zz-check.ts', "import { round1 } from './units';\nexport const x = round1;\n")).toEqual([]);
  });

  it('stop components/ importing server/ or app/', async () => {
    expect(await layerErrors('components/room/zz-check.ts', "import { Room } from '../../server/sfu/Room';\nexport const x = Room;\n")).toHaveLength(1);
    expect(await layerErrors('components/zz-check.ts', "import { MAX_ROOMS } from '@/server/limits';\nexport const x = MAX_ROOMS;\n")).toHaveLength(1);
    expect(await layerErrors('components/zz-check.ts', "import { isValidRoomId } from '@/lib/protocol/room';\nexport const x = isValidRoomId;\n")).toEqual([]);
  });

  it('stop server/ importing components/', async () => {
    expect(await layerErrors('server/zz-check.ts', "import { RoomClient } from '../components/room/roomClient';\nexport const x = RoomClient;\n")).toHaveLength(1);
    expect(await layerErrors('server/zz-check.ts', "import { isValidRoomId } from '@/lib/protocol/room';\nexport const x = isValidRoomId;\n")).toEqual([]);
  });
});
