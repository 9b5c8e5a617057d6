import { attesterId } from "../ids.js";
import { catchUp, checkInsertInput } from "./checks.js";
import type { Migration } from "./migrations.js";
import { type Plan, q } from "./plan.js";
import { apiKeyId, type Row, SQL, toApiKey, toAttester, toMember, toRoot, toService } from "./sql.js";
import type {
  AddApiKeyInput,
  AddApiKeyOutcome,
  ApiKeyRecord,
  AttesterRecord,
  ConsumeOutcome,
  InsertMemberInput,
  InsertMemberOutcome,
  MemberRecord,
  NullifierInput,
  RelyingServiceRecord,
  RootRecord,
  Storage,
  TreeCursor,
} from "./types.js";

/**
 * Every storage rule, written once for both backends as plans (see plan.ts). A backend only
 * says how to run a plan: `read` for single statements and reads, `write` for plans that must
 * be one serialised transaction.
 */
export abstract class SqlStorage implements Storage {
  abstract readonly kind: "sqlite" | "postgres";
  protected abstract readonly int64: string;
  protected abstract readonly migrations: readonly Migration[];
  protected abstract now(): number;
  protected abstract read<T>(plan: Plan<T>): Promise<T>;
  protected abstract write<T>(plan: Plan<T>): Promise<T>;
  abstract close(): Promise<void>;

  async ping(): Promise<void> {
    await this.read(one(SQL.ping));
  }

  async migrate(): Promise<void> {
    const { int64, migrations } = this;
    const now = this.now();
    return this.write(
      (function* () {
        yield { lock: "migrations" };
        yield q(SQL.migrationsTable(int64));
        const done = new Set((yield q(SQL.appliedMigrations)).rows.map((r) => Number(r.version)));
        for (const m of migrations) {
          if (done.has(m.version)) continue;
          yield q(m.sql);
          yield q(SQL.recordMigration, m.version, m.name, now);
        }
      })(),
    );
  }

  // --- group ---------------------------------------------------------------------------

  async insertMember(input: InsertMemberInput, tree: TreeCursor): Promise<InsertMemberOutcome> {
    checkInsertInput(input);
    const clock = this.now();
    return this.write(
      (function* (): Plan<InsertMemberOutcome> {
        yield { lock: "group" };
        const existing = (yield q(SQL.memberIdxByCommitment, input.identityCommitment)).rows[0];
        if (existing) return { kind: "already_member", index: Number(existing.idx) };
        const overlap = Number((yield { overlap: input.tagHashes }).rows[0]?.n ?? 0);
        if (overlap >= input.duplicateThreshold) return { kind: "duplicate_person", matchedTags: overlap };

        const size = Number((yield q(SQL.nextMemberIdx)).rows[0]?.n);
        const currentRow = (yield q(SQL.currentRoot)).rows[0];
        const current = currentRow ? toRoot(currentRow) : undefined;
        const pending = size > tree.size() ? yield q(SQL.membersFrom, tree.size(), size - tree.size()) : null;
        catchUp(tree, pending ? pending.rows.map(toMember) : [], current, size);

        const now = Math.max(clock, current?.createdAt ?? 0);
        const member: MemberRecord = {
          index: size,
          identityCommitment: input.identityCommitment,
          createdAt: now,
        };
        yield q(SQL.insertMember, size, member.identityCommitment, now);
        if (input.tagHashes.length > 0) yield { insertTags: { idx: size, tagHashes: input.tagHashes } };
        yield q(SQL.supersedeRoot, now);
        const root = tree.append([member]);
        yield q(SQL.insertRoot, root, size + 1, now);
        return { kind: "inserted", member, root };
      })(),
    );
  }

  async listMembers(fromIndex: number, limit: number): Promise<MemberRecord[]> {
    if (limit <= 0) return [];
    return (await this.read(all(SQL.membersFrom, fromIndex, limit))).map(toMember);
  }

  async countMembers(): Promise<number> {
    return Number((await this.read(one(SQL.memberCount)))?.n);
  }

  async getMemberByCommitment(identityCommitment: string): Promise<MemberRecord | undefined> {
    return mapped(await this.read(one(SQL.memberByCommitment, identityCommitment)), toMember);
  }

  async getRoot(root: string): Promise<RootRecord | undefined> {
    return mapped(await this.read(one(SQL.rootByValue, root)), toRoot);
  }

  async currentRoot(): Promise<RootRecord | undefined> {
    return mapped(await this.read(one(SQL.currentRoot)), toRoot);
  }

  async maxTagOverlap(tagHashes: readonly string[]): Promise<number> {
    if (tagHashes.length === 0) return 0;
    return this.read(
      (function* () {
        return Number((yield { overlap: tagHashes }).rows[0]?.n ?? 0);
      })(),
    );
  }

  // --- nullifiers ----------------------------------------------------------------------

  async consumeNullifier(input: NullifierInput): Promise<ConsumeOutcome> {
    const now = this.now();
    return this.read(
      (function* (): Plan<ConsumeOutcome> {
        const ins = yield q(SQL.insertNullifier, input.scope, input.nullifier, input.proofHash, now);
        if (ins.changes === 1) return "inserted";
        // Rows are never deleted, so the conflicting row is there to compare against.
        const r = (yield q(SQL.nullifierProofHash, input.scope, input.nullifier)).rows[0];
        return r?.proof_hash === input.proofHash ? "idempotent" : "conflict";
      })(),
    );
  }

  async isNullifierUsed(scope: string, nullifier: string): Promise<boolean> {
    return (await this.read(one(SQL.nullifierProofHash, scope, nullifier))) !== undefined;
  }

  // --- attesters -----------------------------------------------------------------------

  async addAttester(
    publicKey: readonly [string, string],
    label: string,
  ): Promise<AttesterRecord | undefined> {
    const rec: AttesterRecord = {
      id: attesterId(publicKey),
      publicKey: [publicKey[0], publicKey[1]],
      label,
      createdAt: this.now(),
      revokedAt: null,
    };
    const changes = await this.read(
      change(SQL.insertAttester, rec.id, publicKey[0], publicKey[1], label, rec.createdAt),
    );
    return changes === 1 ? rec : undefined;
  }

  async getAttester(id: string): Promise<AttesterRecord | undefined> {
    return mapped(await this.read(one(SQL.attesterById, id)), toAttester);
  }

  async findAttesterByKey(publicKey: readonly [string, string]): Promise<AttesterRecord | undefined> {
    return mapped(await this.read(one(SQL.attesterByKey, publicKey[0], publicKey[1])), toAttester);
  }

  async listAttesters(): Promise<AttesterRecord[]> {
    return (await this.read(all(SQL.attesters))).map(toAttester);
  }

  async revokeAttester(id: string): Promise<boolean> {
    return (await this.read(change(SQL.revokeAttester, this.now(), id))) === 1;
  }

  // --- relying services and their keys -------------------------------------------------

  async addRelyingService(
    rpId: string,
    name: string,
    apiKeyHash: string,
  ): Promise<RelyingServiceRecord | undefined> {
    const rec: RelyingServiceRecord = { rpId, name, createdAt: this.now(), revokedAt: null };
    return this.write(
      (function* (): Plan<RelyingServiceRecord | undefined> {
        const ins = yield q(SQL.insertService, rpId, name, apiKeyHash, rec.createdAt);
        if (ins.changes !== 1) return undefined;
        yield q(SQL.insertKey, apiKeyHash, apiKeyId(apiKeyHash), rpId, rec.createdAt);
        return rec;
      })(),
    );
  }

  async getRelyingService(rpId: string): Promise<RelyingServiceRecord | undefined> {
    return mapped(await this.read(one(SQL.serviceById, rpId)), toService);
  }

  async findRelyingServiceByKeyHash(apiKeyHash: string): Promise<RelyingServiceRecord | undefined> {
    return mapped(await this.read(one(SQL.serviceByKeyHash, apiKeyHash, this.now())), toService);
  }

  async listRelyingServices(): Promise<RelyingServiceRecord[]> {
    return (await this.read(all(SQL.services))).map(toService);
  }

  async revokeRelyingService(rpId: string): Promise<boolean> {
    return (await this.read(change(SQL.revokeService, this.now(), rpId))) === 1;
  }

  async addApiKey(input: AddApiKeyInput): Promise<AddApiKeyOutcome> {
    const now = this.now();
    return this.write(
      (function* (): Plan<AddApiKeyOutcome> {
        const service = (yield q(SQL.serviceById, input.rpId)).rows[0];
        if (!service) return { kind: "unknown_service" };
        if (service.revoked_at !== null) return { kind: "service_revoked" };
        const active = Number((yield q(SQL.activeKeyCount, input.rpId, now)).rows[0]?.n);
        // Retiring the others at once frees their places before counting.
        const retiringNow = input.retireOthersAt !== undefined && input.retireOthersAt <= now;
        if (!retiringNow && active >= input.maxActive) return { kind: "too_many_keys", active };
        const id = apiKeyId(input.keyHash);
        yield q(SQL.insertKey, input.keyHash, id, input.rpId, now);
        if (input.retireOthersAt !== undefined) {
          const at = Math.max(now, input.retireOthersAt);
          yield q(SQL.retireOtherKeys, at, input.rpId, id, at);
        }
        const key: ApiKeyRecord = { id, rpId: input.rpId, createdAt: now, expiresAt: null, revokedAt: null };
        return { kind: "added", key };
      })(),
    );
  }

  async listApiKeys(rpId: string): Promise<ApiKeyRecord[]> {
    return (await this.read(all(SQL.keysOf, rpId))).map(toApiKey);
  }

  async retireApiKey(rpId: string, keyId: string, at: number): Promise<ApiKeyRecord | undefined> {
    const when = Math.max(this.now(), at);
    return this.write(
      (function* (): Plan<ApiKeyRecord | undefined> {
        yield q(SQL.retireKey, when, rpId, keyId, when);
        const row = (yield q(SQL.keyById, rpId, keyId)).rows[0];
        return row ? toApiKey(row) : undefined;
      })(),
    );
  }
}

function* one(sql: string, ...params: unknown[]): Plan<Row | undefined> {
  return (yield q(sql, ...params)).rows[0];
}

function* all(sql: string, ...params: unknown[]): Plan<Row[]> {
  return (yield q(sql, ...params)).rows;
}

function* change(sql: string, ...params: unknown[]): Plan<number> {
  return (yield q(sql, ...params)).changes;
}

const mapped = <T>(row: Row | undefined, to: (r: Row) => T): T | undefined => (row ? to(row) : undefined);
