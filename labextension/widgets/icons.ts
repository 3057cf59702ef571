/** The shield icon of the side panel tab and the notebook toolbar. */
import { LabIcon } from '@jupyterlab/ui-components';

const SHIELD_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16">
  <path class="jp-icon3" fill="#616161" d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11v8.8z"/>
</svg>`;

/** A shield: secure-check's mark. */
export const shieldIcon = new LabIcon({
  name: 'secure-check:shield',
  svgstr: SHIELD_SVG
});
