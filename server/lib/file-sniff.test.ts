import { sniffFileType } from './file-sniff';

const zipWith = (name: string) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(name, 'latin1')]);

test.each([
  [Buffer.from('%PDF-1.7\n...'), 'pdf'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png'],
  [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'jpg'],
  [zipWith('[Content_Types].xml...word/document.xml'), 'docx'],
  [zipWith('[Content_Types].xml...xl/workbook.xml'), 'xlsx'],
  [zipWith('[Content_Types].xml...ppt/presentation.xml'), 'pptx'],
  [zipWith('mimetypeapplication/vnd.oasis.opendocument.text'), 'odt'],
  [zipWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), 'ods'],
  [Buffer.from('name,sector\nAcme,private\n'), 'csv'],
])('recognises %#', (buffer, expected) => {
  expect(sniffFileType(buffer)).toBe(expected);
});

test.each([
  ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00])],
  ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0x41])],
  ['an unknown zip', zipWith('something/else.txt')],
  ['an empty file', Buffer.alloc(0)],
  ['text with a NUL byte', Buffer.from('abc\0def')],
])('refuses %s', (_label, buffer) => {
  expect(sniffFileType(buffer)).toBeUndefined();
});
