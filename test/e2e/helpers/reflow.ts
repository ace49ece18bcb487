import type { Page } from 'playwright-core';

/** WCAG 1.4.10 Reflow: 1280 CSS px zoomed to 400% is a 320 CSS px wide viewport. */
export const NARROW_VIEWPORT = { width: 320, height: 640 };

/**
 * Regions that scroll sideways but a keyboard cannot reach (no tabindex) or a screen reader
 * cannot name; and the elements sticking out past the right edge of the viewport, ignoring
 * content inside a region that scrolls on its own (a wide table in a scrollable, focusable
 * wrapper is allowed: the page itself does not scroll sideways).
 */
const OVERFLOW_REPORT = `(() => {
  const root = document.documentElement;
  const scrollers = Array.from(document.body.querySelectorAll('*')).filter((element) =>
    ['auto', 'scroll'].includes(getComputedStyle(element).overflowX) && element.scrollWidth > element.clientWidth);
  const unreachable = scrollers.filter((element) =>
    element.tabIndex < 0 || !element.getAttribute('role') || !element.getAttribute('aria-label'));
  if (root.scrollWidth <= root.clientWidth && unreachable.length === 0) return null;
  const insideScroller = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };
  const describe = (element) => {
    const classes = typeof element.className === 'string' && element.className.trim()
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
    const text = (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes + ' "' + text + '"';
  };
  const sticksOut = Array.from(document.body.querySelectorAll('*')).filter((element) =>
    element.getBoundingClientRect().right > root.clientWidth + 1);
  // Absolutely positioned content can escape a scroller; then name whatever sticks out.
  const outsideScrollers = sticksOut.filter((element) => !insideScroller(element));
  const offenders = outsideScrollers.length > 0 ? outsideScrollers : sticksOut;
  const innermost = offenders.filter((element) => !offenders.some((other) => other !== element && element.contains(other)));
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    offenders: innermost.slice(0, 5).map(describe),
    unreachable: unreachable.map(describe),
  };
})()`;

type Overflow = {
  scrollWidth: number;
  clientWidth: number;
  offenders: string[];
  unreachable: string[];
} | null;

/**
 * Shows the page at 320 CSS px wide and reports horizontal scrolling of the page itself, then
 * restores the viewport. An empty list means the page reflows.
 */
export async function reflowProblems(page: Page): Promise<string[]> {
  const previous = page.viewportSize();
  await page.setViewportSize(NARROW_VIEWPORT);
  try {
    const overflow = await page.evaluate<Overflow>(OVERFLOW_REPORT);
    if (!overflow) return [];
    const problems = overflow.unreachable.map(
      (scroller) => `${page.url()}: at 320px ${scroller} scrolls but is not a focusable, named region`,
    );
    if (overflow.scrollWidth > overflow.clientWidth) {
      problems.push(
        `${page.url()}: scrolls sideways at 320px (scrollWidth ${overflow.scrollWidth} > ${overflow.clientWidth}) because of ${overflow.offenders.join('; ')}`,
      );
    }
    return problems;
  } finally {
    if (previous) await page.setViewportSize(previous);
  }
}
