import { MalformedProofError } from "@zkpop/prover";
import { encodeCall, selector } from "./calldata.js";

/**
 * A relying service's on-chain check of zkpop membership (Semaphore v4) proofs: the proof must
 * be against a root the registry published, its nullifier unused (then recorded), its scope this
 * contract's `rpId:action`, and its message the one passed in (e.g. the caller's account), so a
 * proof cannot be replayed for another message. Public signals, in circuit order:
 * root, nullifier, hash(message), hash(scope), with hash(x) = keccak256(x) >> 8 as in Semaphore.
 */
export const MEMBERSHIP_CONTRACT = "ZkpopMembership";

export function membershipSolidity(verifierContract = "MembershipVerifier"): string {
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface I${verifierContract} {
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[4] calldata pub)
        external view returns (bool);
}

contract ${MEMBERSHIP_CONTRACT} {
    I${verifierContract} public immutable verifier;
    /** The registry's account: the only one that may publish group roots. */
    address public immutable registry;
    /** hash(scope) of this service's rpId:action; proofs for other scopes are refused. */
    uint256 public immutable scopeHash;
    mapping(uint256 => bool) public acceptedRoots;
    mapping(uint256 => bool) public usedNullifiers;

    event RootAccepted(uint256 root);
    event MemberVerified(uint256 nullifier, uint256 message);

    error NotRegistry();
    error UnknownRoot(uint256 root);
    error NullifierUsed(uint256 nullifier);
    error InvalidProof();

    constructor(address verifier_, uint256 scopeHash_, uint256 root) {
        verifier = I${verifierContract}(verifier_);
        registry = msg.sender;
        scopeHash = scopeHash_;
        acceptedRoots[root] = true;
        emit RootAccepted(root);
    }

    function acceptRoot(uint256 root) external {
        if (msg.sender != registry) revert NotRegistry();
        acceptedRoots[root] = true;
        emit RootAccepted(root);
    }

    function verifyAndRecord(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256 root,
        uint256 nullifier,
        uint256 message
    ) external {
        if (!acceptedRoots[root]) revert UnknownRoot(root);
        if (usedNullifiers[nullifier]) revert NullifierUsed(nullifier);
        uint256 messageHash = uint256(keccak256(abi.encodePacked(message))) >> 8;
        if (!verifier.verifyProof(a, b, c, [root, nullifier, messageHash, scopeHash])) revert InvalidProof();
        usedNullifiers[nullifier] = true;
        emit MemberVerified(nullifier, message);
    }
}
`;
}

export const VERIFY_AND_RECORD =
  "verifyAndRecord(uint256[2],uint256[2][2],uint256[2],uint256,uint256,uint256)";

/**
 * Data for `verifyAndRecord` from a proof packed as Semaphore packs it (`MembershipProof.points`:
 * a, b with imaginary parts first, c — already the EVM order).
 */
export function verifyAndRecordCalldata(p: {
  points: readonly string[];
  merkleTreeRoot: string;
  nullifier: string;
  message: string;
}): Uint8Array {
  if (p.points.length !== 8) throw new MalformedProofError("a packed proof has 8 coordinates");
  const words = [...p.points, p.merkleTreeRoot, p.nullifier, p.message].map((v) => {
    if (!/^\d+$/.test(v)) throw new MalformedProofError("proof values must be decimal strings");
    return BigInt(v);
  });
  return encodeCall(selector(VERIFY_AND_RECORD), words);
}
