import { beforeEach, describe, expect, it } from 'vitest';
import { goBack, navigate, useRoute } from '../../../../renderer/src/stores/route-store';

describe('route back stack', () => {
  beforeEach(() => useRoute.setState({ route: { screen: 'accounts' }, back: [] }, true));

  it('Alt+← walks back through the screens visited, newest first', () => {
    navigate({ screen: 'account', accountId: 'a1' });
    navigate({ screen: 'collections' });
    navigate({ screen: 'collection', collectionId: 'c1' });
    expect(goBack()).toBe(true);
    expect(useRoute.getState().route).toEqual({ screen: 'collections' });
    expect(goBack()).toBe(true);
    expect(useRoute.getState().route).toEqual({ screen: 'account', accountId: 'a1' });
    expect(goBack()).toBe(true);
    expect(useRoute.getState().route).toEqual({ screen: 'accounts' });
    expect(goBack()).toBe(false);
    expect(useRoute.getState().route).toEqual({ screen: 'accounts' });
  });

  it('opening the screen already shown adds no step', () => {
    navigate({ screen: 'members' });
    navigate({ screen: 'members' });
    expect(useRoute.getState().back).toEqual([{ screen: 'accounts' }]);
  });

  it('keeps at most 50 steps', () => {
    for (let i = 0; i < 60; i++) navigate({ screen: 'account', accountId: `a${i}` });
    expect(useRoute.getState().back).toHaveLength(50);
    expect(useRoute.getState().back.at(-1)).toEqual({ screen: 'account', accountId: 'a58' });
  });
});
