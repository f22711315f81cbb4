import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CouncilDocument } from '@accord/model';
import { MEMBER_STATE_CODES } from '@accord/model';
import { ChildServer, type ServerEntry } from './child-server';
import { encodeDocumentState, readFixtureDocument, renderDocumentMarkdown } from './content';
import { FullClient, type FullClientTarget } from './full-client';
import { SyncSocket, type SyncSocketHandlers, type SyncTarget, type Wire } from './sync-socket';
import { Writer, type WriterOptions } from './writer';

export const PEERS = ['accord', 'stock', 'hocuspocus', 'relay'] as const;
export type PeerKind = (typeof PEERS)[number];

export const PEER_LABELS: Readonly<Record<PeerKind, string>> = {
  accord: 'Accord',
  stock: 'y-websocket (stock)',
  hocuspocus: 'Hocuspocus',
  relay: 'raw ws relay',
};

const WIRES: Readonly<Record<PeerKind, Wire>> = {
  accord: 'yws',
  stock: 'yws',
  hocuspocus: 'hocuspocus',
  relay: 'relay',
};

const HOST = '127.0.0.1';

/** Bench documents are numbered from here on, so no two share the register number. */
const BENCH_NUMBER_BASE = 10_000;
/** Hocuspocus accepts any token without an onAuthenticate hook, but its protocol sends one. */
const HOCUSPOCUS_TOKEN = 'bench';

export interface BenchDocument {
  /** Accord: the document id; the others: the room name. */
  readonly name: string;
  /** The initial state the first writer sends, for servers that create no content (null for Accord). */
  readonly base: Uint8Array | null;
}

export interface AccordUser {
  readonly id: string;
  readonly token: string;
  readonly delegation: string | null;
}

export interface PeerStartOptions {
  /** Reuse a data directory (Accord; restart scenarios). */
  readonly dataDir?: string;
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * One server under test and what clients need to reach it. Accord runs with authentication: the bench
 * creates users through `POST /api/users` with the admin token and documents through
 * `POST /api/documents`, and every socket carries a real token. The other servers take any room name
 * and start documents empty, so the first writer sends the initial content.
 */
export class PeerServer {
  private documents = 0;
  private readonly pushed = new Set<string>();
  presidency: AccordUser | null = null;
  delegates: AccordUser[] = [];

  private constructor(
    readonly kind: PeerKind,
    public child: ChildServer,
    readonly dataDir: string | null,
    readonly adminToken: string,
    private readonly ownsDataDir: boolean,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(kind: PeerKind, options: PeerStartOptions = {}): Promise<PeerServer> {
    const adminToken = randomBytes(16).toString('hex');
    let dataDir: string | null = null;
    const owns = kind === 'accord' && options.dataDir === undefined;
    if (kind === 'accord') dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'accord-bench-'));
    const env: Record<string, string> = { ...options.env };
    if (dataDir !== null) {
      env.ACCORD_DATA_DIR = dataDir;
      env.ACCORD_ADMIN_TOKEN = adminToken;
    }
    const child = await ChildServer.start(kind as ServerEntry, { env, port: options.port });
    const peer = new PeerServer(kind, child, dataDir, adminToken, owns, env);
    if (kind === 'accord') {
      peer.presidency = await peer.createUser('presidency');
      for (const code of MEMBER_STATE_CODES) peer.delegates.push(await peer.createUser('delegate', code));
    }
    return peer;
  }

  get label(): string {
    return PEER_LABELS[this.kind];
  }

  get wire(): Wire {
    return WIRES[this.kind];
  }

  get port(): number {
    return this.child.port;
  }

  get url(): string {
    return this.child.url;
  }

  /** POST /api/users with the admin token (Accord). */
  async createUser(role: string, delegation?: string): Promise<AccordUser> {
    const response = await this.api('POST', '/api/users', this.adminToken, {
      name: delegation ? `${delegation} ${role}` : role,
      role,
      delegation,
    });
    const body = (await response.json()) as AccordUser;
    return { id: body.id, token: body.token, delegation: body.delegation };
  }

  async api(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 400) {
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
    return response;
  }

  /** A new document holding `content` (the fixture when omitted). */
  async createDocument(content?: CouncilDocument): Promise<BenchDocument> {
    this.documents += 1;
    if (this.kind === 'accord') {
      // A number names one document: each copy of the fixture gets a number of its own.
      const council = content ?? readFixtureDocument();
      const number = `${BENCH_NUMBER_BASE + this.documents}/26`;
      const markdown = renderDocumentMarkdown({ ...council, metadata: { ...council.metadata, number } });
      const response = await this.api('POST', '/api/documents', this.presidencyToken, { markdown });
      if (response.status !== 201)
        throw new Error(`creating a document: ${response.status} ${await response.text()}`);
      const { id } = (await response.json()) as { id: string };
      return { name: id, base: null };
    }
    const council = content ?? readFixtureDocument();
    return { name: `doc-${this.documents}`, base: encodeDocumentState(council) };
  }

  /** Copies an Accord document `count` times in its store (see the server's `clone-document`). */
  async cloneDocument(doc: BenchDocument, count: number): Promise<BenchDocument[]> {
    if (this.kind !== 'accord') {
      return Array.from({ length: count }, (_, i) => ({ name: `${doc.name}-${i}`, base: doc.base }));
    }
    const ids = await this.child.request<string[]>('clone-document', { id: doc.name, count });
    return ids.map((name) => ({ name, base: null }));
  }

  get presidencyToken(): string {
    if (this.presidency === null) throw new Error('only Accord has users');
    return this.presidency.token;
  }

  /** The token of delegate `index` (a Member State's delegate; wraps around the 27). */
  delegateToken(index: number): string {
    return this.delegates[index % this.delegates.length]?.token ?? '';
  }

  target(doc: BenchDocument, options: { token?: string; acks?: boolean } = {}): SyncTarget {
    const token = options.token ?? (this.kind === 'accord' ? this.delegateToken(0) : HOCUSPOCUS_TOKEN);
    let path: string;
    switch (this.kind) {
      case 'accord':
        path = `/sync/${encodeURIComponent(doc.name)}?token=${token}${options.acks === false ? '' : '&acks=1'}`;
        break;
      case 'hocuspocus':
        path = '/';
        break;
      default:
        path = `/${encodeURIComponent(doc.name)}`;
    }
    return { wire: this.wire, host: HOST, port: this.port, path, documentName: doc.name, token };
  }

  /** A light receiver: the protocol's minimal handshake, then only timestamps. */
  openReceiver(
    doc: BenchDocument,
    handlers: SyncSocketHandlers,
    options: { token?: string; acks?: boolean } = {},
  ): Promise<SyncSocket> {
    return SyncSocket.open(this.target(doc, options), handlers);
  }

  /** A writer, synced; for servers without content, the first writer of a document sends it. */
  async openWriter(doc: BenchDocument, index: number, options: WriterOptions = {}): Promise<Writer> {
    const writer = await Writer.open(
      this.target(doc, { token: this.kind === 'accord' ? this.delegateToken(index) : undefined }),
      options,
    );
    if (doc.base !== null) {
      const first = !this.pushed.has(doc.name);
      this.pushed.add(doc.name);
      writer.applyBase(doc.base, first);
    }
    return writer;
  }

  fullTarget(doc: BenchDocument): FullClientTarget {
    const ws = this.child.wsUrl;
    if (this.kind === 'accord') {
      return {
        wire: 'yws',
        serverUrl: `${ws}/sync`,
        room: doc.name,
        params: { token: this.delegateToken(1), acks: '1' },
        token: '',
      };
    }
    return { wire: this.wire, serverUrl: ws, room: doc.name, params: {}, token: HOCUSPOCUS_TOKEN };
  }

  openFull(doc: BenchDocument): FullClient {
    return FullClient.open(this.fullTarget(doc));
  }

  /** Stops the server and starts it again on the same port (and data directory). */
  async restart(): Promise<void> {
    const port = this.port;
    await this.child.stop();
    this.child = await ChildServer.start(this.kind as ServerEntry, { env: this.env, port });
  }

  async stop(): Promise<void> {
    await this.child.stop();
    if (this.ownsDataDir && this.dataDir !== null) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
