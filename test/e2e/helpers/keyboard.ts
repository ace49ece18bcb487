import type { Page } from 'playwright-core';

/** What has keyboard focus, and whether a focus style shows it. */
export type Focused = {
  visible: boolean;
  tag: string;
  type: string;
  name: string;
  value: string;
  checked: boolean;
  text: string;
  href: string;
  inMain: boolean;
};

/**
 * Focus shows when the focused element looks different from the same element unfocused, by an
 * outline or a shadow (GOV.UK draws focus with a yellow shadow, and a transparent outline for
 * forced-colour modes). Buttons have a shadow anyway, so the look is compared with the element
 * blurred, then focus is put back. GOV.UK radios and checkboxes draw focus on the label.
 */
const FOCUSED = `(() => {
  const element = document.activeElement;
  const label = element.matches('.govuk-radios__input, .govuk-checkboxes__input') ? element.labels[0] : null;
  const look = () => [getComputedStyle(element), label && getComputedStyle(label, '::before')]
    .filter(Boolean)
    .map((style) => [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow, style.backgroundColor].join(' '))
    .join(' | ');
  const marked = () => [getComputedStyle(element), label && getComputedStyle(label, '::before')]
    .filter(Boolean)
    .some((style) => style.boxShadow !== 'none' ||
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)'));
  let visible = false;
  if (element !== document.body) {
    const focusedLook = look();
    const focusMarked = marked();
    element.blur();
    const plainLook = look();
    element.focus({ preventScroll: true });
    visible = focusMarked && focusedLook !== plainLook && document.activeElement === element && look() === focusedLook;
  }
  return {
    visible,
    tag: element.tagName.toLowerCase(),
    type: element.type || '',
    name: element.getAttribute('name') || '',
    value: element.value || '',
    checked: Boolean(element.checked),
    text: (element.innerText || element.labels?.[0]?.innerText || '').replace(/\\s+/g, ' ').trim(),
    href: element.getAttribute('href') || '',
    inMain: Boolean(element.closest('main')),
  };
})()`;

/** Drives a page with the keyboard only, noting every focus stop that shows no focus style. */
export class Keyboard {
  readonly invisibleFocus: string[] = [];
  stops = 0;

  constructor(private readonly page: Page) {}

  focused(): Promise<Focused> {
    return this.page.evaluate<Focused>(FOCUSED);
  }

  async press(key: string): Promise<Focused> {
    await this.page.keyboard.press(key);
    const focused = await this.focused();
    if (key.endsWith('Tab')) {
      this.stops += 1;
      if (!focused.visible) {
        this.invisibleFocus.push(`${new URL(this.page.url()).pathname}: <${focused.tag}> "${focused.text}"`);
      }
    }
    return focused;
  }

  /** Tabs forward until `wanted` has focus; fails after `limit` stops. */
  async tabTo(wanted: (focused: Focused) => boolean, what: string, limit = 150): Promise<Focused> {
    for (let stop = 0; stop < limit; stop += 1) {
      const focused = await this.press('Tab');
      if (wanted(focused)) return focused;
    }
    throw new Error(`${what} not reached in ${limit} presses of Tab on ${this.page.url()}`);
  }

  /** Presses a key that leaves the page (follows a link, submits a form) and waits for the next one. */
  async pressToLeave(key: string) {
    await this.page.evaluate('window.keyboardLeaving = true');
    await this.page.keyboard.press(key);
    // A function, not a string: the page's CSP forbids evaluating strings while polling.
    await this.page.waitForFunction(
      () => !(globalThis as { keyboardLeaving?: boolean }).keyboardLeaving,
      undefined,
      {
        timeout: 10000,
      },
    );
    await this.page.waitForLoadState();
  }

  /** Follows the link or presses the button whose visible text includes `text` (and goes to `href`). */
  async activate(text: string, href?: string) {
    await this.tabTo(
      (focused) =>
        ['a', 'button'].includes(focused.tag) &&
        focused.text.includes(text) &&
        (href === undefined || focused.href === href),
      `"${text}"`,
    );
    await this.pressToLeave('Enter');
  }

  /** Types into the focused text field, replacing what it held. */
  async type(text: string) {
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(text);
  }

  /** Moves through the focused radio group with the arrow keys until `value` is chosen. */
  async chooseRadio(value: string) {
    let focused = await this.focused();
    for (let step = 0; step < 20 && !(focused.value === value && focused.checked); step += 1) {
      focused = await this.press(focused.value === value ? 'Space' : 'ArrowDown');
    }
    if (focused.value !== value || !focused.checked)
      throw new Error(`radio ${value} of ${focused.name} not chosen`);
  }

  /**
   * Fills a form with Tab, typing, arrow keys and Space, field by field in tab order, until
   * focus reaches the button `until`. Fields not in `fields` are passed over.
   */
  async fill(fields: Record<string, string | string[]>, until: string) {
    for (let stop = 0; stop < 300; stop += 1) {
      const focused = await this.press('Tab');
      if (focused.text === until && ['button', 'input'].includes(focused.tag)) return;
      const wanted = fields[focused.name];
      if (wanted === undefined || focused.type === 'file') continue;
      if (focused.type === 'radio') await this.chooseRadio(String(wanted));
      else if (focused.type === 'checkbox') {
        if ([wanted].flat().includes(focused.value) !== focused.checked)
          await this.page.keyboard.press('Space');
      } else await this.type(String(wanted));
    }
    throw new Error(`"${until}" not reached on ${this.page.url()}`);
  }
}
