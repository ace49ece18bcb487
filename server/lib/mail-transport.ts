import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

export type MailTransport = { send: (message: OutgoingMessage) => Promise<{ messageId: string }> };

/** Delivers over SMTP when a URL is configured; otherwise writes .eml files for local development. */
export function createMailTransport(options: { smtpUrl?: string; outboxDir: string }): MailTransport {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async (message) => {
        const info = await transport.sendMail(message);
        return { messageId: String(info.messageId) };
      },
    };
  }
  const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = await fileTransport.sendMail(message);
      await fs.mkdir(options.outboxDir, { recursive: true });
      const fileName = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-zA-Z0-9]/g, '')}.eml`;
      await fs.writeFile(path.join(options.outboxDir, fileName), info.message as Buffer, { mode: 0o600 });
      return { messageId: String(info.messageId) };
    },
  };
}
