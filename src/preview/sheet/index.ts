/**
 * The printable A4 sign-off sheet of a device, a pair or a staged series (HTML, with the map).
 */
export { checkSheetDate, renderSheetHtml, WEAR_IN_ADVICE, type SheetDevice, type SheetOptions } from './renderSheetHtml.js';
