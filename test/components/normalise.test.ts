import { normaliseHtml, visibleText } from './helpers';

describe('normaliseHtml', () => {
  const reference = '<div class="govuk-hint  extra" id="a"><span>Two words</span> tail</div>';

  test('ignores formatting: attribute order, class and text whitespace, whitespace-only text', () => {
    const reformatted =
      '<div id="a"\n class=" govuk-hint extra ">\n  <span>\n  Two   words </span>\n tail\n</div>\n';
    expect(normaliseHtml(reformatted)).toBe(normaliseHtml(reference));
  });

  test('decodes character references so escaping style does not matter', () => {
    expect(normaliseHtml('<p title="&#34;x&#34;">a &amp; b</p>')).toBe(
      normaliseHtml('<p title="&quot;x&quot;">a &#38; b</p>'),
    );
  });

  test.each([
    ['one attribute value differs', '<div class="govuk-hint extra" id="b"><span>Two words</span> tail</div>'],
    ['one attribute is missing', '<div class="govuk-hint extra"><span>Two words</span> tail</div>'],
    [
      'one attribute is added',
      '<div class="govuk-hint extra" id="a" hidden><span>Two words</span> tail</div>',
    ],
    ['one class differs', '<div class="govuk-hint other" id="a"><span>Two words</span> tail</div>'],
    ['one word differs', '<div class="govuk-hint extra" id="a"><span>Two wordz</span> tail</div>'],
    [
      'text moves out of an element',
      '<div class="govuk-hint extra" id="a"><span>Two</span> words tail</div>',
    ],
    ['an element name differs', '<div class="govuk-hint extra" id="a"><em>Two words</em> tail</div>'],
  ])('reports a difference when %s', (_case, changed) => {
    expect(normaliseHtml(changed)).not.toBe(normaliseHtml(reference));
  });
});

describe('visibleText', () => {
  test('reports words run together across inline elements, which normaliseHtml ignores', () => {
    const spaced = '<a href="#">Change<span class="govuk-visually-hidden"> name</span></a>';
    const joined = '<a href="#">Change<span class="govuk-visually-hidden">name</span></a>';
    expect(normaliseHtml(joined)).toBe(normaliseHtml(spaced));
    expect(visibleText(joined)).not.toBe(visibleText(spaced));
  });

  test('ignores how much whitespace separates words', () => {
    expect(visibleText('<p>\n  Two\n   words </p>')).toBe(visibleText('<p>Two words</p>'));
  });
});
