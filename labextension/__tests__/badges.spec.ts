import { FindingsModel } from '../model';
import { shieldIcon, shieldWithCount } from '../widgets/icons';
import { shieldCount } from '../widgets/shield';
import { finding, result } from './fixtures';

describe('count badges', () => {
  it.each([
    [0, null],
    [3, '3'],
    [120, '99+']
  ])('the tab icon for %i open findings shows %s', (count, label) => {
    const icon = shieldWithCount(count);
    if (label === null) {
      expect(icon).toBe(shieldIcon);
    } else {
      expect(icon.svgstr).toContain(`>${label}</text>`);
      expect(shieldWithCount(count)).toBe(icon);
    }
  });

  it('the toolbar shield counts only the notebook the findings belong to', () => {
    const model = new FindingsModel();
    model.setPath('work/leaky.ipynb');
    model.setResult(
      result([finding(), finding({ line: 3, fingerprint: 'sc1:b' })])
    );
    expect(shieldCount(model, 'work/leaky.ipynb')).toBe('2');
    expect(shieldCount(model, 'other.ipynb')).toBe('');
  });
});
