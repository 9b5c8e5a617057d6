import { Group } from "@semaphore-protocol/group";
import { ZkpopError } from "@zkpop/errors";
import { Mutex } from "./mutex.js";
import type { InsertMemberOutcome, MemberRecord, Storage, TreeCursor } from "./storage/types.js";

/** The group as the server holds it: current root, size and the tree's present depth. */
export interface GroupState {
  root: string | null;
  size: number;
  /** Depth of the tree as it is now (not the circuit's depth, which proofs carry). */
  treeDepth: number;
}

const PAGE = 10_000;

/**
 * This replica's in-memory LeanIMT, rebuilt from stored members in index order and kept in
 * step with inserts made by other replicas sharing the database.
 */
export class GroupService {
  readonly #storage: Storage;
  readonly #lock = new Mutex();
  #group = new Group();

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** Rebuild from scratch (startup, or after a failed insert left the tree ahead of storage). */
  async rebuild(): Promise<GroupState> {
    return this.#lock.run(async () => {
      this.#group = new Group();
      await this.#pull();
      return this.state();
    });
  }

  /** Catch up on members other replicas inserted since we last looked. */
  async sync(): Promise<GroupState> {
    return this.#lock.run(async () => {
      await this.#pull();
      return this.state();
    });
  }

  async #pull(): Promise<void> {
    for (;;) {
      const page = await this.#storage.listMembers(this.#group.size, PAGE);
      // Group.addMembers hashes each level once per batch: far faster than one by one.
      if (page.length > 0) this.#append(page);
      if (page.length < PAGE) return;
    }
  }

  #append(members: readonly MemberRecord[]): string {
    if (members[0] && members[0].index !== this.#group.size)
      throw new ZkpopError("INTERNAL", "members out of order");
    this.#group.addMembers(members.map((m) => BigInt(m.identityCommitment)));
    return this.#group.root.toString();
  }

  /** Insert one member (with its tag hashes) in the storage transaction, tree kept in step. */
  async insert(
    identityCommitment: string,
    tagHashes: readonly string[],
    duplicateThreshold: number,
  ): Promise<InsertMemberOutcome> {
    return this.#lock.run(async () => {
      const cursor: TreeCursor = {
        size: () => this.#group.size,
        root: () => (this.#group.size === 0 ? undefined : this.#group.root.toString()),
        append: (members) => this.#append(members),
      };
      try {
        return await this.#storage.insertMember(
          { identityCommitment, tagHashes, duplicateThreshold },
          cursor,
        );
      } catch (err) {
        // The tree may hold leaves whose transaction rolled back: start again from storage.
        this.#group = new Group();
        await this.#pull().catch(() => {});
        throw err;
      }
    });
  }

  state(): GroupState {
    const size = this.#group.size;
    return { root: size === 0 ? null : this.#group.root.toString(), size, treeDepth: this.#group.depth };
  }

  /** Merkle proof for a leaf, for tests and tools (holders build theirs locally). */
  merkleProof(index: number): ReturnType<Group["generateMerkleProof"]> {
    return this.#group.generateMerkleProof(index);
  }
}
