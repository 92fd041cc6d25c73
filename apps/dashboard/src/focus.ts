import { nextTick } from 'vue';

/** What an inline form (a command form, a list editor) asks before Escape drops what was typed in it. */
export const DISCARD_QUESTION = '有未保存的修改，关闭将丢弃这些修改。确定关闭吗？';

/** An inline form may be closed: nothing typed, or the user says so (`DISCARD_QUESTION`). */
export const mayDiscard = (dirty: boolean): boolean => !dirty || window.confirm(DISCARD_QUESTION);

/**
 * Whether a key press belongs to an input method still composing (pinyin candidates shown): its Escape cancels the
 * candidates, and must not close the form (keyCode 229: browsers that do not set isComposing on it).
 */
export const composing = (e: KeyboardEvent): boolean => e.isComposing || e.keyCode === 229;

const FIELDS = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
const shown = (el: Element): el is HTMLElement => el instanceof HTMLElement && el.getClientRects().length > 0;

/**
 * After the page has updated, the keyboard focus into `root()`: its first field, else its first enabled button
 * (a form just opened, a row just added).
 */
export async function focusInto(root: () => Element | null | undefined): Promise<void> {
  await nextTick();
  const r = root();
  if (!r) return;
  const target =
    [...r.querySelectorAll(FIELDS)].find(shown) ??
    [...r.querySelectorAll('button:not([disabled])')].find(shown);
  target?.focus();
}

/** Whether the focus is nowhere (on <body>): the control that had it has just been removed. */
const focusLost = (): boolean => document.activeElement === null || document.activeElement === document.body;

/**
 * After the page has updated, `el()` gets the focus if the focus was lost (its control removed: a form closed
 * or saved, a confirm step left); a focus the user has moved elsewhere stays where it is.
 */
export async function refocus(el: () => HTMLElement | null | undefined): Promise<void> {
  await nextTick();
  const target = el();
  if (focusLost() && target?.isConnected) target.focus();
}

/**
 * The control that has the focus now (the button that opens a form), and a function that gives it the focus back
 * after the form closes, if the focus was lost meanwhile and the opener is still on the page.
 */
export function rememberOpener(): () => Promise<void> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return () => refocus(() => opener);
}
