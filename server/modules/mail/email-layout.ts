import { escapeHtml } from '../../lib/escape-html';

/** What a module says in an email; the layout adds the council's name and footer. */
export type EmailContent = {
  subject: string;
  greeting: string;
  paragraphs: string[];
  link?: { text: string; url: string };
  attachments?: { filename: string; content: string; contentType: string }[];
};

export function renderEmail(content: EmailContent, orgName: string) {
  const footer = `${orgName} - Market testing`;
  const textParts = [content.greeting, ...content.paragraphs];
  if (content.link) textParts.push(`${content.link.text}: ${content.link.url}`);
  textParts.push('', footer);

  const htmlParagraphs = content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n');
  const htmlLink = content.link
    ? `<p><a href="${escapeHtml(content.link.url)}">${escapeHtml(content.link.text)}</a></p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<p style="font-weight: bold;">${escapeHtml(orgName)}</p>
<p>${escapeHtml(content.greeting)}</p>
${htmlParagraphs}
${htmlLink}
<hr><p style="color: #505a5f; font-size: 14px;">${escapeHtml(footer)}</p>
</body></html>`;

  return {
    subject: content.subject,
    text: textParts.join('\n\n'),
    html,
    attachments: content.attachments,
  };
}
