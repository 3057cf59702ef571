/** The shield icon of the side panel tab and the notebook toolbar, with or without a count. */
import { LabIcon } from '@jupyterlab/ui-components';

const SHIELD_PATH =
  'M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11v8.8z';

function svg(badge: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16">
  <path class="jp-icon3" fill="#616161" d="${SHIELD_PATH}"/>${badge}
</svg>`;
}

/** A shield: secure-check's mark. */
export const shieldIcon = new LabIcon({
  name: 'secure-check:shield',
  svgstr: svg('')
});

const counted = new Map<string, LabIcon>();

/**
 * The shield with a count badge (the plain shield for no count); icons are cached per label.
 *
 * @param count - the number of open findings (shown as 99+ above 99)
 */
export function shieldWithCount(count: number): LabIcon {
  if (count <= 0) {
    return shieldIcon;
  }
  const label = count > 99 ? '99+' : String(count);
  let icon = counted.get(label);
  if (!icon) {
    const badge =
      '<circle cx="17.5" cy="6.5" r="6.5" fill="#d32f2f"/>' +
      `<text class="jp-SecureCheck-BadgeText" x="17.5" y="9.5" font-size="${label.length > 1 ? 6.5 : 9}" ` +
      `text-anchor="middle" fill="#fff" font-family="sans-serif">${label}</text>`;
    icon = new LabIcon({
      name: `secure-check:shield-${label}`,
      svgstr: svg(badge)
    });
    counted.set(label, icon);
  }
  return icon;
}
