import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * A real SMTP server in the test process (the smtp-server package), on 127.0.0.1: it keeps
 * what it receives, parsed enough for the tests, and can refuse recipients on demand.
 */

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  /** Header names in lower case, values unfolded and with encoded words decoded. */
  headers: Map<string, string>;
  /** The text body, decoded, with \n line ends. */
  text: string;
}

/** An SMTP refusal: smtp-server sends `responseCode` and the message to the client. */
export function smtpRefusal(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Answer RCPT TO with this error instead of accepting (while set). */
  refuseRecipient: ((address: string) => Error | undefined) | undefined;
  #server: SMTPServer | undefined;
  #port = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(readonly auth?: { user: string; pass: string }) {}

  get port(): number {
    return this.#port;
  }

  /** The SMTP_URL for this server; with auth, the credentials are in it. */
  get url(): string {
    const credentials = this.auth ? `${encodeURIComponent(this.auth.user)}:${encodeURIComponent(this.auth.pass)}@` : '';
    return `smtp://${credentials}127.0.0.1:${this.#port}`;
  }

  /** Listens on the given port (the same again after stop, to come back up), or any free one. */
  async start(port = this.#port): Promise<this> {
    const options: SMTPServerOptions = {
      logger: false,
      disabledCommands: this.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !this.auth,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        if (this.auth && auth.username === this.auth.user && auth.password === this.auth.pass)
          callback(null, { user: auth.username });
        else callback(smtpRefusal(535, 'Authentication failed'));
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refuseRecipient?.(address.address);
        callback(refusal ?? undefined);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.received.push({
            ...parseMessage(raw),
            raw,
            mailFrom,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
          this.#wake();
        });
      },
    };
    const server = new SMTPServer(options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => {});
    this.#server = server;
    this.#port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` mails have arrived in all (the test's own timeout bounds the wait). */
  waitForMails(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.received.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMessage(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n(?=[ \t])/g, '');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const body = raw.slice(split + 4);
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  // The last line end is the one SMTP's end-of-data marker needs, not part of the text.
  return { headers, text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}
